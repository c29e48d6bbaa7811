import { describe, expect, it } from 'vitest';
import { evaluate, jsonFields, matches, parseConf, runSearch } from '#siem/splunk/emulate.ts';

const fields = jsonFields({
  source: 'incident',
  family: 'ssh',
  normalized: { src_ip: '192.0.2.1', live: false, port: 22 },
  canary: { events: [{ USERNAME: 'root' }, { USERNAME: 'admin' }] },
});

describe('the Splunk search-time emulator', () => {
  it('names JSON fields as Splunk does, arrays multivalue with {}', () => {
    expect(fields.get('normalized.src_ip')).toEqual(['192.0.2.1']);
    expect(fields.get('normalized.live')).toEqual(['false']);
    expect(fields.get('canary.events{}.USERNAME')).toEqual(['root', 'admin']);
  });

  it('parses .conf stanzas, comments and continued lines', () => {
    const conf = parseConf('# c\n[a:b]\nKEY = one \\\n two\n\n[eventtype=x]\ntag = enabled\n');
    expect(conf.get('a:b')?.get('KEY')).toBe('one   two');
    expect(conf.get('eventtype=x')?.get('tag')).toBe('enabled');
    expect(() => parseConf('[s]\nnot a setting\n')).toThrow(/not a .conf line/);
  });

  it('evaluates the EVAL functions the app uses, and refuses others', () => {
    expect(evaluate('if(family=="ssh", "network", "host")', fields)).toBe('network');
    expect(evaluate("coalesce('normalized.missing', 'normalized.src_ip')", fields)).toBe('192.0.2.1');
    expect(evaluate("mvindex('canary.events{}.USERNAME', 1)", fields)).toBe('admin');
    expect(evaluate('match(family, "(?i)^SSH$")', fields)).toBe(true);
    expect(evaluate('like(family, "ss%")', fields)).toBe(true);
    expect(evaluate('case(family=="http", "a", true(), "b")', fields)).toBe('b');
    expect(evaluate('source . "/" . family', fields)).toBe('incident/ssh');
    expect(() => evaluate('strftime(now(), "%Y")', fields)).toThrow(/outside the emulated subset/);
  });

  it('matches searches with wildcards, NOT, OR and parentheses, case-insensitively on values', () => {
    expect(matches('source=incident family=SS*', fields)).toBe(true);
    expect(matches('source=incident NOT family=ssh', fields)).toBe(false);
    expect(matches('(family=http OR family=ssh) normalized.port>=22', fields)).toBe(true);
    expect(matches('normalized.missing=*', fields)).toBe(false);
    expect(matches('family!=http', fields)).toBe(true);
  });

  it('runs stats, where, table and sort', () => {
    const events = ['a', 'a', 'b'].map((src, i) => jsonFields({ src, canary: `c${i}` }));
    expect(
      runSearch(
        'src=* | stats dc(canary) AS canaries count BY src | where canaries >= 2 | table src canaries',
        events,
      ),
    ).toEqual([{ src: 'a', canaries: '2' }]);
    expect(runSearch('src=* | stats count BY src | sort -count', events).map((r) => r.src)).toEqual([
      'a',
      'b',
    ]);
    expect(() => runSearch('src=* | rex field=src "x"', events)).toThrow(/outside the emulated subset/);
  });
});
