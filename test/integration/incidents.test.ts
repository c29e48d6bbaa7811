import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { localContext } from '#dev/stack.ts';
import { RunFailedError } from '#lib/core/collect.ts';
import { MASK } from '#lib/output/shared/credentials.ts';
import { captureOutput } from '../support/capture.ts';
import { localRun, versionCounts } from '../support/localRun.ts';

/**
 * The real incidents handler and SDK clients against dynalite, the Firehose and Secrets Manager
 * emulators and the Canary simulator over HTTP. Every log line written while these tests run is
 * captured, and the last test checks that no auth token appears in any of it or in any record.
 */
const TOKEN = 'integration-token-7f3a9c2e5b1d';
const captured = captureOutput();
const outFiles: string[] = [];
const errors: unknown[] = [];
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
});

async function run(options: Parameters<typeof localRun>[0] = {}) {
  const local = await localRun({
    ...options,
    simulator: { authToken: TOKEN, seed: 11, ...options.simulator },
  });
  stops.push(local.stop);
  outFiles.push(local.outFile);
  return local;
}

describe('incidents, end to end on the local stack', () => {
  it('backfills 5,000 incidents completely, each version once, and a second run sends nothing', async () => {
    const local = await run({ simulator: { incidents: 5000 } });
    const first = await local.invoke();
    expect(first).toMatchObject({ status: 'completed', more: false, checkpoint: { maxUpdatedId: 5000 } });
    expect(first.stats).toMatchObject({ recordsSent: 5000, requests: 5, received: 5000 });
    const counts = versionCounts(local.records());
    expect(counts.size).toBe(5000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);

    const canaryRequests = local.simulator.requests.length;
    const firehoseCalls = local.stack.firehose.calls;
    const second = await local.invoke();
    expect(second.stats).toMatchObject({ recordsSent: 0, requests: 1, checkpointWrites: 0 });
    expect(local.simulator.requests.length - canaryRequests).toBe(1);
    expect(local.stack.firehose.calls).toBe(firehoseCalls);
    expect(local.records()).toHaveLength(5000);
  });

  it('sends exactly one new version when an incident is acknowledged', async () => {
    const local = await run({ simulator: { incidents: 300 } });
    await local.invoke();
    local.simulator.store.acknowledge(42);
    const summary = await local.invoke();
    expect(summary.stats.recordsSent).toBe(1);
    const lines = local.records();
    const versions = lines.filter((l) => l.canary.id === lines[42]?.canary.id);
    expect(versions.map((v) => [v.canary.updated_id, v.canary.description.acknowledged])).toEqual([
      [43, 'False'],
      [301, 'True'],
    ]);
    expect(new Set(versions.map((v) => v.event_id)).size).toBe(2);
  });

  it('loses nothing when Firehose refuses 30% of records', async () => {
    const local = await run({ simulator: { incidents: 2000 }, firehoseFailRate: 0.3 });
    await local.invoke();
    const counts = versionCounts(local.records());
    expect(counts.size).toBe(2000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(local.stack.firehose.refused).toBeGreaterThan(400);
  });

  it('delivers every version once when two runs overlap', async () => {
    const local = await run({ simulator: { incidents: 3000 } });
    const other = local.secondContainer();
    const [a, b] = await Promise.all([
      local.invoke(),
      other({ console: local.stack.consoleName }, localContext(60_000)),
    ]);
    expect([a.status, b.status].sort()).toEqual(['completed', 'skipped']);
    const counts = versionCounts(local.records());
    expect(counts.size).toBe(3000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('resumes with no gap after a run stopped by its time budget', async () => {
    const local = await run({ simulator: { incidents: 4000 } });
    process.env.PAGE_SIZE = '500';
    process.env.TIME_MARGIN_MS = '60000';
    try {
      const handler = local.secondContainer();
      // a budget just over the margin: one page per run
      const runs = [];
      for (let i = 0; i < 20; i++) {
        const summary = await handler({ console: local.stack.consoleName }, localContext(60_001));
        runs.push(summary);
        if (!summary.more) break;
      }
      expect(runs[0]).toMatchObject({ more: true, checkpoint: { maxUpdatedId: 500 } });
      expect(runs.length).toBe(8);
      expect(runs.at(-1)).toMatchObject({ more: false, checkpoint: { maxUpdatedId: 4000 } });
    } finally {
      delete process.env.PAGE_SIZE;
      delete process.env.TIME_MARGIN_MS;
    }
    const counts = versionCounts(local.records());
    expect(counts.size).toBe(4000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('delivers an incident over 1,000 KiB whole, in parts', async () => {
    const local = await run({ simulator: { incidents: 5 } });
    const [index] = local.simulator.store.add(1, { logtype: 3001, events: 3000, eventBytes: 800 });
    await local.invoke();
    const lines = local.records();
    const parts = lines.filter((l) => l.parts !== undefined);
    expect(parts.length).toBeGreaterThan(1);
    for (const line of readFileSync(local.outFile, 'utf8').split('\n'))
      expect(Buffer.byteLength(line)).toBeLessThan(1_024_000);
    const original = local.simulator.store.render(index as number) as {
      description: { events: Array<Record<string, unknown>> };
    };
    // every event, in order; the attacker's password masked, as by default
    const expected = original.description.events.map((event) => ({ ...event, PASSWORD: MASK }));
    expect(parts.flatMap((p) => p.canary.description.events)).toEqual(expected);

    expect(
      parts.every((p) => p.parent_event_id === parts[0]?.parent_event_id && p.parts === parts.length),
    ).toBe(true);
  });

  it('fails with a stable code, moves no checkpoint, and recovers, when the token is rejected', async () => {
    const local = await run({ simulator: { incidents: 50 } });
    local.stack.secrets.put(
      local.stack.secretId,
      JSON.stringify({ baseUrl: local.simulator.url, authToken: `${TOKEN}-revoked` }),
    );
    const error = await local.invoke().catch((e: unknown) => e);
    errors.push(error);
    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as RunFailedError).summary.error?.code).toBe('CANARY_AUTH_FAILED');
    expect(local.records()).toHaveLength(0);
    // rotating the secret back takes effect at once: the failed run dropped the cached secret
    local.stack.secrets.put(
      local.stack.secretId,
      JSON.stringify({ baseUrl: local.simulator.url, authToken: TOKEN }),
    );
    expect((await local.invoke()).stats.recordsSent).toBe(50);
  });

  it('re-collects from the new start when incidentsFrom changes, and filters what came before it', async () => {
    const local = await run({
      simulator: { incidents: 200 },
      consoleSettings: { incidentsFrom: '2026-01-01T00:50:00+00:00' },
    });
    // seeded incidents are created 30 s apart from 2026-01-01T00:00:00Z: 100 are before 00:50
    expect((await local.invoke()).stats).toMatchObject({ recordsSent: 100, filtered: 100 });
    const consoles = JSON.parse(process.env.CONSOLES as string) as Array<Record<string, unknown>>;
    process.env.CONSOLES = JSON.stringify(
      consoles.map((c) => ({ ...c, incidentsFrom: '2026-01-01T01:30:00+01:00' })),
    );
    const summary = await local.secondContainer()({ console: local.stack.consoleName }, localContext(60_000));
    expect(summary).toMatchObject({ reset: true, checkpoint: { maxUpdatedId: 200 } });
    // 01:30+01:00 is 00:30Z: the first 60 incidents are now before the start
    expect(summary.stats).toMatchObject({ recordsSent: 140, filtered: 60 });
  });

  it('keeps the state of several consoles apart', async () => {
    const local = await run({ simulator: { incidents: 30 } });
    const { CanarySimulator } = await import('#fakes/simulator/server.ts');
    const second = new CanarySimulator({ incidents: 70, seed: 99, authToken: TOKEN });
    const url = await second.start();
    stops.push(() => second.stop());
    local.stack.secrets.put('canary-collector/branch', JSON.stringify({ baseUrl: url, authToken: TOKEN }));
    const consoles = JSON.parse(process.env.CONSOLES as string) as Array<Record<string, unknown>>;
    process.env.CONSOLES = JSON.stringify([
      ...consoles,
      { name: 'branch', secretId: 'canary-collector/branch' },
    ]);
    const handler = local.secondContainer();
    const main = await handler({ console: local.stack.consoleName }, localContext(60_000));
    const branch = await handler({ console: 'branch' }, localContext(60_000));
    expect([main.checkpoint, branch.checkpoint]).toMatchObject([{ maxUpdatedId: 30 }, { maxUpdatedId: 70 }]);
    const lines = local.records();
    expect(lines.filter((line) => line.console === local.stack.consoleName)).toHaveLength(30);
    expect(lines.filter((line) => line.console === 'branch')).toHaveLength(70);
    second.store.add(2);
    expect((await handler({ console: 'branch' }, localContext(60_000))).stats.recordsSent).toBe(2);
    expect(
      (await handler({ console: local.stack.consoleName }, localContext(60_000))).stats.recordsSent,
    ).toBe(0);
  });

  it('never lets the auth token into a log line, an error or an output record', () => {
    const logs = captured.join('');
    expect(logs).toContain('run finished');
    expect(logs).toContain('"RecordsSent"');
    expect(logs).toContain('CANARY_AUTH_FAILED');
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toMatch(/auth_token=(?!\*\*\*)/);
    for (const error of errors)
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error)) + String(error)).not.toContain(TOKEN);
    for (const file of outFiles) {
      const text = readFileSync(file, 'utf8');
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toContain(TOKEN);
    }
  });
});
