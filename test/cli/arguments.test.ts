import { describe, expect, it } from 'vitest';
import { cli, STACK_LINE } from '../support/cli.ts';

/** Every way a person can call the CLI wrongly gets one line that names the problem, and exit 2. */

describe('help', () => {
  const asks: string[][] = [
    ['--help'],
    ['-h'],
    ['help'],
    [],
    ['run', '--help'],
    ['run', '-h'],
    ['help', 'run'],
    ['test-connection', '--help'],
    ['status', '--help'],
    ['reset', '-h'],
    ['run', '--bogus', '--help'],
  ];
  for (const args of asks) {
    it.concurrent(`canary-collector ${args.join(' ')} prints usage and exits 0`, async () => {
      const result = await cli(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^usage: canary-collector/);
      expect(result.stderr).toBe('');
    });
  }
});

describe('mistakes', () => {
  const cases: Array<[string[], RegExp]> = [
    [['bogus'], /unknown command "bogus"/],
    [['help', 'bogus'], /unknown command "bogus"/],
    [['run', '--bogus'], /run: unknown option --bogus/],
    [['run', '--interval'], /option --interval needs a value/],
    [['run', '--interval', 'abc'], /--interval takes a whole number of seconds from 1 to 86400, not "abc"/],
    [['run', '--interval', '0'], /--interval .* not "0"/],
    [['run', '--incidents', 'abc'], /--incidents takes a whole number .* not "abc"/],
    // a negative number is a wrong value, not a missing one
    [
      ['run', '--incidents', '-5'],
      /--incidents takes a whole number of incidents from 0 to 10000000, not "-5"/,
    ],
    [['run', '--interval', '-1'], /--interval takes a whole number of seconds from 1 to 86400, not "-1"/],
    [
      ['run', '--console', '-x'],
      /option --console needs a value \(one that starts with "-" is written --console=<value>\)/,
    ],
    [
      ['reset', 'prod', 'all', '--local', '--from', 'yesterday'],
      /--from yesterday: give a date \(2026-01-01\)/,
    ],
    [['reset', 'prod', 'all', '--local', '--from', '2999-01-01'], /--from 2999-01-01 is in the future/],
    [['run', '--incidents', '1.5'], /--incidents .* not "1.5"/],
    [['run', '--snapshot-interval', '5'], /--snapshot-interval .* from 10 to 86400/],
    [['run', '--seed', 'x'], /--seed/],
    [['run', '--console', 'a b'], /console name "a b"/],
    [['run', 'stray'], /unexpected argument "stray"/],
    [['test-connection', '--verbose'], /unknown option --verbose/],
    [['status'], /give --local .* or --table <name>/],
    [['status', '--local', '--table', 't'], /--local or --table, not both/],
    [['reset'], /give the console and the source/],
    [['reset', 'a', 'b', 'c'], /unexpected argument "c"/],
    [
      ['reset', 'prod', 'devices', '--local'],
      /unknown source "devices": one of incidents, audit-trail, birds, tokens, or all/,
    ],
  ];
  for (const [args, says] of cases) {
    it.concurrent(`canary-collector ${args.join(' ')}`, async () => {
      const result = await cli(args);
      expect(result.code).toBe(2);
      // as the README says: one line naming the mistake, then one line saying where the options are
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(says);
      expect(lines[1]).toMatch(/^ {2}→ canary-collector( [a-z-]+)? --help lists (its options|the commands)$/);
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.stdout).toBe('');
    });
  }
});

describe('which console', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ CANARY_DOMAIN: 'ab12cd34' }, /CANARY_DOMAIN is set but CANARY_AUTH_TOKEN is not: set it/],
    [{ CANARY_DOMAIN: 'ab12cd34', CANARY_AUTH_TOKEN: '' }, /CANARY_AUTH_TOKEN is empty/],
    [
      { CANARY_BASE_URL: 'https://canary.example.com' },
      /CANARY_BASE_URL is set but CANARY_AUTH_TOKEN is not/,
    ],
    [
      { CANARY_AUTH_TOKEN: 'token' },
      /CANARY_AUTH_TOKEN is set: also set CANARY_DOMAIN .* or CANARY_BASE_URL/,
    ],
    [
      { CANARY_DOMAIN: 'ab12cd34', CANARY_BASE_URL: 'https://x.example.com', CANARY_AUTH_TOKEN: 't' },
      /CANARY_DOMAIN and CANARY_BASE_URL are both set/,
    ],
    [
      { CANARY_DOMAIN: 'https://ab12cd34.canary.tools', CANARY_AUTH_TOKEN: 't' },
      /CANARY_DOMAIN is the domain hash only, not "https:\/\/ab12cd34.canary.tools": set CANARY_DOMAIN=ab12cd34/,
    ],
    [{ CANARY_DOMAIN: 'ab12cd34.canary.tools', CANARY_AUTH_TOKEN: 't' }, /set CANARY_DOMAIN=ab12cd34/],
    [{ CANARY_DOMAIN: 'ab_12!', CANARY_AUTH_TOKEN: 't' }, /is not a domain hash/],
    [
      { CANARY_BASE_URL: 'ftp://x', CANARY_AUTH_TOKEN: 't' },
      // not quoted: a URL can carry a password
      /CANARY_BASE_URL is not an http\(s\) URL/,
    ],
  ];
  for (const [env, says] of cases) {
    for (const command of ['run', 'test-connection']) {
      it.concurrent(`${command} with ${Object.keys(env).join(' + ')} = ${Object.values(env).join(', ')}`, async () => {
        const result = await cli([command, '--once'].slice(0, command === 'run' ? 2 : 1), { env });
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(says);
        expect(result.stderr).not.toMatch(STACK_LINE);
        // never a silent fall-back to the simulator
        expect(result.stdout).not.toMatch(/simulat/);
      });
    }
  }

  it.concurrent('a token never appears in what the CLI prints about the environment', async () => {
    const result = await cli(['run', '--once'], { env: { CANARY_AUTH_TOKEN: 'sekret-token-1234567' } });
    expect(`${result.stdout}${result.stderr}`).not.toContain('sekret-token-1234567');
  });
});
