import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { localContext } from '#dev/stack.ts';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { parseDeployment } from '#infra/config/load.ts';
import { CanaryClient } from '#lib/canary/client.ts';
import { PingSchema } from '#lib/canary/schemas.ts';
import { RunFailedError } from '#lib/core/collect.ts';
import { describeError } from '#lib/core/errors.ts';
import { localRun } from '../support/localRun.ts';

/**
 * Bad inputs: each gets a stable error code and a message that says what to do, and leaves the
 * checkpoint as it was. Each case starts from a console whose incidents were already collected once.
 * The table goes to reports/bad-inputs.md (`npm run test:faults` prints it).
 */
type Local = Awaited<ReturnType<typeof localRun>>;
interface Case {
  name: string;
  code: string;
  /** What the message or its advice must say. */
  says: RegExp;
  /** Changes the setup; returns the event to invoke the handler with, if not the usual one. */
  apply(local: Local): Promise<unknown> | unknown;
}

const rows: string[] = [];
/** A message as one table cell: one line, pipes escaped, the local port numbers out. */
const cell = (text: string | undefined) =>
  (text ?? '')
    .replace(/\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    'reports/bad-inputs.md',
    `| bad input | code | message | what to do |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`,
  );
});

const setConsole = (local: Local, extra: Record<string, unknown>) => {
  process.env.CONSOLES = JSON.stringify([
    { name: local.stack.consoleName, secretId: local.stack.secretId, ...extra },
  ]);
};
const putSecret = (local: Local, value: unknown) =>
  local.stack.secrets.put(local.stack.secretId, typeof value === 'string' ? value : JSON.stringify(value));

const CASES: Case[] = [
  {
    name: 'config: start date in the future',
    code: 'CONFIG_INVALID',
    says: /in the future/,
    apply: (l) => setConsole(l, { incidentsFrom: '2099-01-01T00:00:00Z' }),
  },
  {
    name: 'config: start date without a zone',
    code: 'CONFIG_INVALID',
    says: /with a zone/,
    apply: (l) => setConsole(l, { incidentsFrom: '2026-01-01 00:00' }),
  },
  {
    name: 'config: snapshot interval under an hour',
    code: 'CONFIG_INVALID',
    says: /BIRDS_INTERVAL_MINUTES must be at least 60/,
    apply: () => {
      process.env.BIRDS_INTERVAL_MINUTES = '30';
    },
  },
  {
    name: 'config: negative page size',
    code: 'CONFIG_INVALID',
    says: /PAGE_SIZE must be at least 1/,
    apply: () => {
      process.env.PAGE_SIZE = '-5';
    },
  },
  {
    name: 'config: huge page size',
    code: 'CONFIG_INVALID',
    says: /PAGE_SIZE must be at most 10000/,
    apply: () => {
      process.env.PAGE_SIZE = '1000000';
    },
  },
  {
    name: 'config: CONSOLES is not JSON',
    code: 'CONFIG_INVALID',
    says: /CONSOLES is not valid JSON/,
    apply: () => {
      process.env.CONSOLES = '[{name: prod}';
    },
  },
  {
    name: 'config: unknown console in the run request',
    code: 'CONSOLE_UNKNOWN',
    says: /"lab" is not configured/,
    apply: () => ({ console: 'lab' }),
  },
  {
    name: 'config: run request without a console',
    code: 'EVENT_INVALID',
    says: /\{"console": "<name>"\}/,
    apply: () => ({ source: 'incidents' }),
  },
  {
    name: 'secret: malformed domain hash',
    code: 'SECRET_INVALID',
    says: /domainHash must be the console sub-domain/,
    apply: (l) => putSecret(l, { domainHash: 'ab12 cd34!', authToken: 'x' }),
  },
  {
    name: 'secret: http:// to a non-loopback host',
    code: 'HOST_NOT_ALLOWED',
    says: /loopback/,
    apply: (l) => putSecret(l, { baseUrl: 'http://192.0.2.10', authToken: 'x' }),
  },
  {
    name: 'secret: a host outside *.canary.tools, not listed',
    code: 'HOST_NOT_ALLOWED',
    says: /allowedHosts/,
    apply: (l) => putSecret(l, { baseUrl: 'https://siem.example.com', authToken: 'x' }),
  },
  {
    name: 'secret: missing',
    code: 'SECRET_UNAVAILABLE',
    says: /could not read secret/,
    apply: (l) => setConsole(l, { secretId: 'canary-collector/nope' }),
  },
  {
    name: 'secret: empty (not filled yet)',
    code: 'SECRET_INVALID',
    says: /has no value yet/,
    apply: (l) => putSecret(l, ''),
  },
  {
    name: 'secret: not JSON',
    code: 'SECRET_INVALID',
    says: /is not JSON/,
    apply: (l) => putSecret(l, 'domainHash=ab12cd34'),
  },
  {
    name: 'secret: no token',
    code: 'SECRET_INVALID',
    says: /authToken/,
    apply: (l) => putSecret(l, { domainHash: 'ab12cd34' }),
  },
  {
    name: 'secret: wrong types',
    code: 'SECRET_INVALID',
    says: /authToken/,
    apply: (l) => putSecret(l, { domainHash: 'ab12cd34', authToken: 12345 }),
  },
  {
    name: 'secret: the stack placeholder left as it is',
    code: 'SECRET_INVALID',
    says: /domainHash must be the console sub-domain/,
    apply: (l) => putSecret(l, { domainHash: 'REPLACE_ME', authToken: 'random' }),
  },
  {
    name: 'console: invalid token',
    code: 'CANARY_AUTH_FAILED',
    says: /rejected the auth token/,
    apply: (l) => putSecret(l, { baseUrl: l.simulator.url, authToken: 'not-the-token' }),
  },
  {
    name: 'console: API disabled',
    code: 'CANARY_FORBIDDEN',
    says: /API is disabled: enable it/,
    apply: (l) => {
      l.simulator.apiEnabled = false;
    },
  },
  {
    name: 'console: flock-scoped token',
    code: 'CANARY_FORBIDDEN',
    says: /not a flock-scoped one/,
    apply: (l) => {
      l.simulator.flockToken = 'flock-key-77';
      putSecret(l, { baseUrl: l.simulator.url, authToken: 'flock-key-77' });
    },
  },
  {
    name: 'console: unreachable',
    code: 'CANARY_UNREACHABLE',
    says: /could not be reached/,
    apply: async (l) => {
      const gone = new CanarySimulator();
      const url = await gone.start();
      await gone.stop();
      putSecret(l, { baseUrl: url, authToken: 'x' });
      process.env.HTTP_MAX_RETRIES = '0';
    },
  },
];

describe('bad inputs', () => {
  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const local = await localRun({ simulator: { incidents: 30 } });
      stops.push(local.stop);
      await local.invoke();
      const before = (await local.checkpoint('incidents'))?.state;
      const saved = { ...process.env };
      try {
        const event = (await testCase.apply(local)) ?? { console: local.stack.consoleName };
        const handler = local.secondContainer();
        const error = await handler(event, localContext(60_000)).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, 'the run must fail').toBeDefined();
        const described = error instanceof RunFailedError ? error.summary.error : describeError(error);
        expect(described?.code).toBe(testCase.code);
        expect(`${described?.message} ${described?.advice}`).toMatch(testCase.says);
        expect((await local.checkpoint('incidents'))?.state).toEqual(before);
        rows.push(
          `| ${testCase.name} | \`${described?.code}\` | ${cell(described?.message)} | ${described?.advice} |`,
        );
      } finally {
        process.env = saved;
      }
    });
  }

  it('console: DNS failure (the domain hash does not resolve)', async () => {
    const notFound: typeof fetch = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
      });
    };
    const client = new CanaryClient({
      baseUrl: 'https://nosuchhash.canary.tools/api/v1',
      authToken: 'x',
      timeoutMs: 1000,
      maxRetries: 3,
      fetch: notFound,
    });
    const described = describeError(await client.get('/ping', {}, PingSchema).catch((e: unknown) => e));
    expect(described.code).toBe('CANARY_UNREACHABLE');
    expect(described.advice).toMatch(/does not resolve: check .*domain/);
    expect(client.requestCount).toBe(1);
    rows.push(
      `| console: DNS failure | \`${described.code}\` | ${cell(described.message)} | ${described.advice} |`,
    );
  });

  it('deployment config: an unknown source', () => {
    const error = (() => {
      try {
        parseDeployment({ consoles: [{ name: 'main' }], sources: { devices: { enabled: true } } });
      } catch (e) {
        return e;
      }
    })();
    const described = describeError(error);
    expect(described.code).toBe('CONFIG_INVALID');
    expect(described.message).toMatch(/sources: Unrecognized key: "devices"/);
    rows.push(
      `| deployment config: an unknown source | \`${described.code}\` | ${cell(described.message)} | ${described.advice} |`,
    );
  });
});
