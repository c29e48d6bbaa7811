import { hash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createCheckpointTable, type LocalDynamo, startDynamo } from '#fakes/emulators/dynamo.ts';
import { DynamoCheckpointStore } from '#lib/aws/checkpointStore.ts';
import { TrackedIncidentsStateSchema } from '#lib/canary/eventTracking.ts';
import { incidentKey, packSent, unpackSent } from '#lib/canary/sentCounts.ts';
import { CollectorError } from '#lib/core/errors.ts';
import type { Lease } from '#lib/core/ports.ts';
import { documentClient } from '#support/aws.ts';

const State = z.object({ maxUpdatedId: z.number() });
let dynamo: LocalDynamo;
let now = 1_000_000;
let store: DynamoCheckpointStore<z.infer<typeof State>>;

beforeAll(async () => {
  dynamo = await startDynamo();
  await createCheckpointTable(dynamo.url, 'checkpoints');
  store = new DynamoCheckpointStore(documentClient(dynamo.url), 'checkpoints', State, () => now);
});
afterAll(() => dynamo.stop());

/** The lease, which must have been granted, under the start fingerprint "fp" unless it has one. */
function held<S>(lease: Lease<S> | null): Lease<S> {
  if (lease === null) throw new Error('expected the lease to be granted');
  return { ...lease, fingerprint: lease.fingerprint ?? 'fp' };
}

describe('DynamoCheckpointStore (dynalite, real SDK)', () => {
  it('takes a lease on a new item, commits, releases, and hands the state to the next run', async () => {
    const lease = await store.acquire('c#incidents', 'run-1', now + 60_000);
    expect(lease).toMatchObject({ state: null, version: 1 });
    const committed = await store.commit(held(lease), { maxUpdatedId: 42 }, now + 60_000);
    await store.release(committed, { ok: true, at: now, recordsSent: 3 });
    const next = await store.acquire('c#incidents', 'run-2', now + 60_000);
    expect(next?.state).toEqual({ maxUpdatedId: 42 });
    await store.release(held(next), { ok: true, at: now, recordsSent: 0 });
    const item = await store.read('c#incidents');
    expect(item).toMatchObject({ lastRunOk: true, configFingerprint: 'fp', state: { maxUpdatedId: 42 } });
    expect(item?.leaseOwner).toBeUndefined();
  });

  it('refuses a second run while the lease is held, and lets it in once the lease expired', async () => {
    const first = await store.acquire('c#held', 'run-1', now + 1000);
    expect(first).not.toBeNull();
    expect(await store.acquire('c#held', 'run-2', now + 1000)).toBeNull();
    now += 2000;
    const second = await store.acquire('c#held', 'run-2', now + 1000);
    expect(second).not.toBeNull();
    // the first run lost its lease: its commit is refused, so it cannot move the state under run-2
    const error = await store.commit(held(first), { maxUpdatedId: 9 }, now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CollectorError);
    expect((error as CollectorError).code).toBe('CHECKPOINT_CONFLICT');
  });

  it('refuses a commit on a stale version even by the same owner', async () => {
    const lease = await store.acquire('c#stale', 'run-1', now + 60_000);
    await store.commit(held(lease), { maxUpdatedId: 1 }, now + 60_000);
    const error = await store.commit(held(lease), { maxUpdatedId: 2 }, now + 60_000).catch((e: unknown) => e);
    expect((error as CollectorError).code).toBe('CHECKPOINT_CONFLICT');
  });

  it('hands back the fingerprint and any start override stored with the state', async () => {
    const lease = await store.acquire('c#fp', 'run-1', now + 60_000);
    const committed = await store.commit(
      { ...held(lease), fingerprint: 'old' },
      { maxUpdatedId: 5 },
      now + 60_000,
    );
    await store.release(committed, { ok: true, at: now, recordsSent: 0 });
    expect(await store.acquire('c#fp', 'run-2', now + 60_000)).toMatchObject({
      state: { maxUpdatedId: 5 },
      fingerprint: 'old',
      startOverride: undefined,
    });
  });

  it('records a failed run with its error code', async () => {
    const lease = await store.acquire('c#fail', 'run-1', now + 60_000);
    await store.release(held(lease), { ok: false, at: now, errorCode: 'SINK_FAILED', recordsSent: 0 });
    expect(await store.read('c#fail')).toMatchObject({ lastRunOk: false, lastErrorCode: 'SINK_FAILED' });
  });

  it('carries an incidents checkpoint written as a map (before the packed form) on, and stores it packed', async () => {
    const tracked = new DynamoCheckpointStore(
      documentClient(dynamo.url),
      'checkpoints',
      TrackedIncidentsStateSchema,
      () => now,
    );
    const legacyKey = (id: string) => hash('sha256', id, 'base64url').slice(0, 12);
    await documentClient(dynamo.url).send(
      new PutCommand({
        TableName: 'checkpoints',
        Item: {
          pk: 'c#legacy',
          version: 3,
          configFingerprint: 'fp',
          state: { maxUpdatedId: 7, sent: { [legacyKey('a')]: 4, [legacyKey('b')]: 2 } },
        },
      }),
    );
    const lease = held(await tracked.acquire('c#legacy', 'run-1', now + 60_000));
    expect(lease.state?.maxUpdatedId).toBe(7);
    const sent = unpackSent(lease.state?.sent);
    expect([...sent]).toEqual([
      [incidentKey('a'), 4],
      [incidentKey('b'), 2],
    ]);
    const packed = packSent(sent);
    await tracked.commit(lease, { maxUpdatedId: 8, eventCounts: packed }, now + 60_000);
    const item = await tracked.read('c#legacy');
    const stored = (item?.state as { eventCounts?: unknown } | undefined)?.eventCounts;
    expect(stored).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(stored as Uint8Array).equals(Buffer.from(packed))).toBe(true);
    // a collector of before the packed form (a rollback) reads it as a checkpoint with no memory of
    // events, never as one it cannot read (which would start the source over from nothing)
    const before = new DynamoCheckpointStore(
      documentClient(dynamo.url),
      'checkpoints',
      z.object({ maxUpdatedId: z.number(), sent: z.record(z.string(), z.number()).optional() }),
      () => now,
    );
    await tracked.release({ ...lease, version: lease.version + 1 }, { ok: true, at: now, recordsSent: 0 });
    expect((await before.acquire('c#legacy', 'rolled-back', now + 60_000))?.state).toEqual({
      maxUpdatedId: 8,
    });
  });
});
