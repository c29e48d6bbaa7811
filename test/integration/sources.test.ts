import { readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { TOKEN_KINDS } from '#fakes/simulator/tokens.ts';
import { RunFailedError } from '#lib/core/collect.ts';
import { captureOutput } from '../support/capture.ts';
import { localRun } from '../support/localRun.ts';

/** Audit trail, birds and Canarytokens through their real handlers, against the local stack. */
interface Line {
  event_id: string;
  source: string;
  change?: string;
  redacted_fields?: string[];
  sourcetype?: string;
  canary: Record<string, unknown> & { id?: number | string; canarytoken?: string };
}

const captured = captureOutput();
const stops: Array<() => Promise<void>> = [];
const outFiles: string[] = [];
const authTokens = new Set<string>();
afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
});
afterEach(() => {
  vi.useRealTimers();
  for (const key of ['AUDIT_PAGE_SIZE', 'TOKENS_PAGE_SIZE', 'PAGE_SIZE']) delete process.env[key];
});

async function run(options: Parameters<typeof localRun>[0] = {}) {
  const local = await localRun(options);
  stops.push(local.stop);
  outFiles.push(local.outFile);
  authTokens.add(local.simulator.options.authToken);
  const lines = (source: string) =>
    (local.records() as unknown as Line[]).filter((line) => line.source === source);
  return { ...local, lines };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('audit trail, end to end', () => {
  it('delivers every entry once, in ascending id order, across runs', async () => {
    const local = await run({ simulator: { auditEntries: 120 } });
    process.env.AUDIT_PAGE_SIZE = '25';
    expect((await local.run('audit-trail')).stats.recordsSent).toBe(120);
    local.simulator.audit.add(7);
    expect((await local.run('audit-trail')).stats.recordsSent).toBe(7);
    expect((await local.run('audit-trail')).stats).toMatchObject({ recordsSent: 0, requests: 1 });
    expect(local.lines('audit').map((line) => line.canary.id)).toEqual(range(1, 127));
    expect(local.lines('audit').every((line) => line.sourcetype === 'canary:audit')).toBe(true);
  });

  it('reads timestamps in any offset the console uses as UTC', async () => {
    const local = await run({ simulator: { auditEntries: 3, auditOffset: '+0200' } });
    await local.run('audit-trail');
    const [first] = local.lines('audit') as Array<Line & { time: string }>;
    // entry 1 is 2026-01-01T00:01:00Z, rendered by the console as 02:01:00 UTC+0200
    expect(first?.canary.timestamp).toBe('2026-01-01 02:01:00 UTC+0200');
    expect(first?.time).toBe('2026-01-01T00:01:00.000Z');
  });

  it('re-delivers at most one page after a crash between delivery and commit', async () => {
    const local = await run({ simulator: { auditEntries: 40 } });
    process.env.AUDIT_PAGE_SIZE = '10';
    local.crashAfterBatch('audit-trail', 2);
    const error = await local.run('audit-trail').catch((e: unknown) => e);
    expect((error as RunFailedError).summary.error?.code).toBe('CHECKPOINT_CONFLICT');
    expect(local.lines('audit')).toHaveLength(20);
    await local.run('audit-trail');
    const ids = local.lines('audit').map((line) => line.canary.id as number);
    expect([...new Set(ids)].sort((a, b) => a - b)).toEqual(range(1, 40));
    expect(ids.length - new Set(ids).size).toBe(10);
  });
});

describe('birds, end to end', () => {
  it('snapshots at most hourly and reports the exact changes of a scripted sequence', async () => {
    const local = await run({ simulator: { birds: 5 } });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T09:00:30Z'));
    expect((await local.run('birds')).stats.recordsSent).toBe(5);
    expect((await local.run('birds')).stats).toMatchObject({ requests: 0, recordsSent: 0 });

    const [a, b] = local.simulator.devices.ids() as [string, string];
    const added = local.simulator.devices.add();
    local.simulator.devices.setLive(a, false);
    vi.setSystemTime(new Date('2026-11-22T10:00:10Z'));
    await local.run('birds');
    local.simulator.devices.setLive(a, true);
    local.simulator.devices.remove(b);
    vi.setSystemTime(new Date('2026-11-22T11:00:10Z'));
    await local.run('birds');

    const changes = local.lines('bird_change').map((line) => `${line.change}:${line.canary.id}`);
    expect(changes.sort()).toEqual(
      [`appeared:${added}`, `offline:${a}`, `online:${a}`, `disappeared:${b}`].sort(),
    );
    expect(local.lines('bird')).toHaveLength(5 + 6 + 5);
    expect(new Set(local.lines('bird').map((line) => line.event_id)).size).toBe(16);
    expect(local.lines('bird_change').every((line) => line.sourcetype === 'canary:bird_change')).toBe(true);
  });

  it('re-delivers the snapshot in flight after a crash, and only once', async () => {
    const local = await run({ simulator: { birds: 7 } });
    local.crashAfterBatch('birds', 1);
    await expect(local.run('birds')).rejects.toBeInstanceOf(RunFailedError);
    await local.run('birds');
    expect((await local.run('birds')).stats.requests).toBe(0);
    const birds = local.lines('bird');
    expect(birds).toHaveLength(14);
    expect(new Set(birds.map((line) => line.canary.id)).size).toBe(7);
  });
});

describe('Canarytokens, end to end', () => {
  it('sends the inventory once per interval with no secret left, whatever the kind or field name', async () => {
    const local = await run({ simulator: { tokens: TOKEN_KINDS.length } });
    const odd = local.simulator.tokens.add('aws-id', {
      deploy_passphrase: 'zebra-horse-battery',
      notes:
        '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX\n-----END RSA PRIVATE KEY-----',
    });
    process.env.TOKENS_PAGE_SIZE = '5';
    const raw = local.simulator.tokens.list();
    expect((await local.run('tokens')).stats.recordsSent).toBe(TOKEN_KINDS.length + 1);
    expect((await local.run('tokens')).stats).toMatchObject({ requests: 0, recordsSent: 0 });

    const text = readFileSync(local.outFile, 'utf8');
    const secretFields = [
      'factory_auth',
      'secret_access_key',
      'access_key_id',
      'azure_id_cert',
      'wg_private_key',
      'wg_conf',
      'kubeconfig',
      'sql_server_password',
      'slack_api_key',
      'deploy_passphrase',
      'notes',
      'key',
    ];
    for (const token of raw) {
      for (const field of secretFields)
        if (typeof token[field] === 'string') expect(text).not.toContain(token[field]);
      for (const render of Object.values(token.renders as Record<string, string>))
        expect(text).not.toContain(render);
    }
    const lines = local.lines('token');
    expect(new Set(lines.map((line) => line.canary.kind))).toEqual(new Set(TOKEN_KINDS));
    const oddLine = lines.find((line) => line.canary.canarytoken === odd);
    expect(oddLine?.redacted_fields).toEqual(
      expect.arrayContaining(['deploy_passphrase', 'notes', 'secret_access_key', 'factory_auth', 'renders']),
    );
  });

  it('re-delivers at most one page after a crash between delivery and commit', async () => {
    const local = await run({ simulator: { tokens: 23 } });
    process.env.TOKENS_PAGE_SIZE = '5';
    local.crashAfterBatch('tokens', 3);
    await expect(local.run('tokens')).rejects.toBeInstanceOf(RunFailedError);
    await local.run('tokens');
    const ids = local.lines('token').map((line) => line.event_id);
    expect(new Set(ids).size).toBe(23);
    expect(ids.length - new Set(ids).size).toBe(5);
  });
});

describe('incidents, crash between delivery and commit', () => {
  it('re-delivers at most one page', async () => {
    const local = await run({ simulator: { incidents: 500 } });
    process.env.PAGE_SIZE = '100';
    local.crashAfterBatch('incidents', 3);
    await expect(local.run('incidents')).rejects.toBeInstanceOf(RunFailedError);
    await local.run('incidents');
    const ids = local.lines('incident').map((line) => line.event_id);
    expect(new Set(ids).size).toBe(500);
    expect(ids.length - new Set(ids).size).toBe(100);
  });
});

describe('secrets, across these sources', () => {
  it('never lets the console auth token into a log line, a metric or an output record', () => {
    const logs = captured.join('');
    expect(logs).toContain('"source":"tokens"');
    expect(logs).toContain('CHECKPOINT_CONFLICT');
    expect(authTokens.size).toBeGreaterThan(0);
    for (const token of authTokens) {
      expect(logs).not.toContain(token);
      for (const file of outFiles) expect(readFileSync(file, 'utf8')).not.toContain(token);
    }
    expect(logs).not.toMatch(/auth_token=(?!\*\*\*)/);
  });
});
