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

  it('stats: min and max (as numbers when all are), values distinct and sorted, rows sorted by their keys', () => {
    const events = [
      { src: 'b', t: '2026-01-02', n: 10, who: 'zoe' },
      { src: 'a', t: '2026-01-03', n: 9, who: 'al' },
      { src: 'b', t: '2026-01-01', n: 2, who: 'al' },
      { src: 'b', t: '2026-01-05', n: 100, who: 'zoe' },
    ].map((e) => jsonFields(e));
    expect(
      runSearch(
        'src=* | stats min(t) AS first max(t) AS last min(n) AS low max(n) AS high values(who) AS who BY src',
        events,
      ),
    ).toEqual([
      { src: 'a', first: '2026-01-03', last: '2026-01-03', low: '9', high: '9', who: 'al' },
      { src: 'b', first: '2026-01-01', last: '2026-01-05', low: '2', high: '100', who: 'al,zoe' },
    ]);
  });

  it('sort by several keys (- descending, numbers as numbers, text by code point) and head', () => {
    const events = [
      { k: 'x', n: 2 },
      { k: 'B', n: 10 },
      { k: 'a', n: 10 },
      { k: 'c', n: 1 },
    ].map((e) => jsonFields(e));
    expect(runSearch('k=* | sort -n k | table k', events).map((r) => r.k)).toEqual(['B', 'a', 'x', 'c']);
    expect(runSearch('k=* | sort n -k | head 2 | table k', events).map((r) => r.k)).toEqual(['c', 'x']);
    expect(runSearch('k=* | head', events)).toHaveLength(4);
  });

  it('eval sets one field from an expression (substr is 1-based)', () => {
    const events = [jsonFields({ time: '2026-01-02T03:04:05.000Z' })];
    expect(runSearch('time=* | eval day=substr(time, 1, 10) | table day', events)).toEqual([
      { day: '2026-01-02' },
    ]);
    expect(() => evaluate('substr("abcdef", 0)', fields)).toThrow(/outside the emulated subset/);
    expect(evaluate('substr("abcdef", 3)', fields)).toBe('cdef');
    expect(() => runSearch('time=* | eval a=1, b=2', events)).toThrow();
  });

  it('xyseries turns (x, y, value) rows into one row per x with a column per y', () => {
    const events = [
      { day: 'd1', family: 'ssh' },
      { day: 'd1', family: 'ssh' },
      { day: 'd1', family: 'http' },
      { day: 'd2', family: 'http' },
    ].map((e) => jsonFields(e));
    expect(runSearch('day=* | stats count AS n BY day family | xyseries day family n', events)).toEqual([
      { day: 'd1', http: '1', ssh: '2' },
      { day: 'd2', http: '1' },
    ]);
  });
});
