import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { checkpointStatus, resetCheckpoint } from '#cli/operator.ts';
import { createCheckpointTable, type LocalDynamo, startDynamo } from '#fakes/emulators/dynamo.ts';
import { DynamoCheckpointStore } from '#lib/aws/checkpointStore.ts';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import type { CollectorError } from '#lib/core/errors.ts';
import { documentClient } from '#support/aws.ts';

const TABLE = 'operator-test';
const NOW = Date.parse('2026-11-22T10:00:00Z');
let dynamo: LocalDynamo;
let client: ReturnType<typeof documentClient>;

/** Writes a checkpoint the way a function does: lease, commit, and release unless `keepLease`. */
async function runOnce(key: string, state: unknown, options: { keepLease?: boolean; ok?: boolean } = {}) {
  const store = new DynamoCheckpointStore(client, TABLE, z.unknown(), () => NOW);
  const lease = await store.acquire(key, `run-${key}`, NOW + 60_000);
  if (lease === null) throw new Error('lease refused');
  const committed = await store.commit({ ...lease, fingerprint: 'fp' }, state, NOW + 60_000);
  if (!options.keepLease)
    await store.release(committed, {
      ok: options.ok ?? true,
      at: NOW,
      recordsSent: 3,
      ...(options.ok === false ? { errorCode: 'SINK_FAILED' } : {}),
    });
}

beforeAll(async () => {
  dynamo = await startDynamo();
  await createCheckpointTable(dynamo.url, TABLE);
  client = documentClient(dynamo.url);
  await runOnce('main#incidents', { maxUpdatedId: 42 });
  await runOnce('main#birds', { lastSnapshotAt: NOW, digest: new Uint8Array(5000) });
  await runOnce('lab#audit-trail', { lastAuditId: 7 }, { ok: false });
  await runOnce('lab#tokens', { lastSnapshotAt: null }, { keepLease: true });
});
afterAll(() => dynamo.stop());

const CHECKPOINTS = ['lab/audit-trail', 'lab/tokens', 'main/birds', 'main/incidents'];

describe('status (dynalite, real SDK)', () => {
  it('lists every console and source with its checkpoint, last run and lease', async () => {
    const rows = await checkpointStatus(client, TABLE, NOW);
    expect(rows.map((r) => `${r.console}/${r.source}`)).toEqual(CHECKPOINTS);
    expect(rows[3]).toMatchObject({
      checkpoint: { maxUpdatedId: 42 },
      lastRunOk: true,
      lease: 'free',
      lastSuccessAt: '2026-11-22T10:00:00.000Z',
    });
    expect(rows[2]?.checkpoint).toEqual({ lastSnapshotAt: NOW, digest: '<5000 bytes>' });
    expect(rows[0]).toMatchObject({ lastRunOk: false, lastErrorCode: 'SINK_FAILED' });
    expect(rows[1]?.lease).toBe('held by run-lab#tokens until 2026-11-22T10:01:00.000Z');
  });

  it('leaves a fleet’s registry entries and marker out: they are not checkpoints', async () => {
    const registry = new ConsoleRegistry(client, TABLE);
    await registry.markFleet();
    await registry.put({ name: 'acme', secretId: 's', addedAt: '2026-11-22T00:00:00.000Z' });
    const rows = await checkpointStatus(client, TABLE, NOW);
    expect(rows.map((r) => `${r.console}/${r.source}`)).toEqual(CHECKPOINTS);
  });
});

describe('reset (dynalite, real SDK)', () => {
  it('forgets the checkpoint and stores the new start, which the next run binds to', async () => {
    await resetCheckpoint(client, TABLE, 'main', 'incidents', '2026-03-01', NOW);
    const store = new DynamoCheckpointStore(client, TABLE, z.unknown(), () => NOW);
    const lease = await store.acquire('main#incidents', 'next-run', NOW + 60_000);
    expect(lease).toMatchObject({ state: null, fingerprint: undefined, startOverride: '2026-03-01' });
  });

  it('clears the start override when reset without --from', async () => {
    await resetCheckpoint(client, TABLE, 'main', 'incidents', undefined, NOW + 120_000);
    const [row] = (await checkpointStatus(client, TABLE, NOW + 120_000)).filter(
      (r) => r.source === 'incidents',
    );
    expect(row).toMatchObject({ checkpoint: null, startOverride: undefined });
  });

  it('refuses while a run holds the lease, an unknown source, and a bad or future start', async () => {
    const code = async (promise: Promise<unknown>) =>
      ((await promise.catch((e: unknown) => e)) as CollectorError).code;
    expect(await code(resetCheckpoint(client, TABLE, 'lab', 'tokens', undefined, NOW))).toBe(
      'CHECKPOINT_CONFLICT',
    );
    expect(await code(resetCheckpoint(client, TABLE, 'main', 'devices', undefined, NOW))).toBe(
      'CONFIG_INVALID',
    );
    expect(await code(resetCheckpoint(client, TABLE, 'main', 'birds', '01/03/2026', NOW))).toBe(
      'CONFIG_INVALID',
    );
    expect(await code(resetCheckpoint(client, TABLE, 'main', 'birds', '2026-03-01T00:00:00', NOW))).toBe(
      'CONFIG_INVALID',
    );
    expect(await code(resetCheckpoint(client, TABLE, 'main', 'birds', '2027-01-01', NOW))).toBe(
      'CONFIG_INVALID',
    );
    const [birds] = (await checkpointStatus(client, TABLE, NOW)).filter((r) => r.source === 'birds');
    expect(birds?.checkpoint).toMatchObject({ lastSnapshotAt: NOW });
  });
});
