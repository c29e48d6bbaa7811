import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckpointTable, type LocalDynamo, startDynamo } from '#fakes/emulators/dynamo.ts';
import { AlertClaims, CLAIM_DAYS } from '#lib/aws/alertClaims.ts';
import { documentClient } from '../support/aws.ts';

/** Push and poll claims against dynalite through the real SDK: every order, and the rule's bias. */
let dynamo: LocalDynamo;
let claims: AlertClaims;
const TABLE = 'claims-test';
const NOW = Date.parse('2026-11-23T00:00:00Z');
let n = 0;
/** The race the metric counts: a poll taking over a push that never said it delivered. */
const takeovers: string[] = [];
const hash = () => `hash${String(++n).padStart(8, '0')}`;

beforeAll(async () => {
  dynamo = await startDynamo();
  await createCheckpointTable(dynamo.url, TABLE);
  claims = new AlertClaims(
    documentClient(dynamo.url),
    TABLE,
    () => NOW,
    (c, h) => takeovers.push(`${c}:${h}`),
  );
});
afterAll(() => dynamo.stop());

describe('alert claims: the first of push and poll alerts', () => {
  it('push first and delivered: the poll does not alert; a replay of the push is a replay', async () => {
    const h = hash();
    expect(await claims.claimForPush('c', h)).toBe('won');
    await claims.pushDelivered('c', h);
    expect(await claims.claimForPoll('c', h)).toBe(false);
    expect(await claims.claimForPush('c', h)).toBe('replay');
    expect(takeovers).toEqual([]);
  });

  it('poll first: the push does not alert, and a retried poll alerts again (the same record)', async () => {
    const h = hash();
    expect(await claims.claimForPoll('c', h)).toBe(true);
    expect(await claims.claimForPush('c', h)).toBe('poll-first');
    expect(await claims.claimForPoll('c', h)).toBe(true);
    expect(takeovers).toEqual([]);
  });

  it('a push still pending (it may never finish) does not keep the poll from alerting', async () => {
    const h = hash();
    expect(await claims.claimForPush('c', h)).toBe('won');
    expect(await claims.claimForPoll('c', h)).toBe(true);
    // counted: if that push did put its record, this is the second alert
    expect(takeovers).toEqual([`c:${h}`]);
    // the push finishing late leaves the poll's claim as it is: a second alert at worst, never none
    await claims.pushDelivered('c', h);
    await claims.pushFailed('c', h);
    expect(await claims.claimForPush('c', h)).toBe('poll-first');
  });

  it('a failed push gives its claim back; claims are per console, and expire after a week', async () => {
    const h = hash();
    expect(await claims.claimForPush('c', h)).toBe('won');
    await claims.pushFailed('c', h);
    expect(await claims.claimForPoll('c', h)).toBe(true);
    expect(await claims.claimForPush('other', h)).toBe('won');
    const item = await documentClient(dynamo.url).send(
      new GetCommand({ TableName: TABLE, Key: { pk: AlertClaims.keyOf('other', h) } }),
    );
    expect(item.Item).toMatchObject({
      pk: `alert:other:${h}#incidents`,
      owner: 'push',
      state: 'pending',
      expiresAt: NOW / 1000 + CLAIM_DAYS * 86_400,
    });
  });
});
