import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsJsonServer } from '#fakes/emulators/awsJson.ts';
import { createCheckpointTable, type LocalDynamo, startDynamo } from '#fakes/emulators/dynamo.ts';
import { SqsEmulator } from '#fakes/emulators/sqs.ts';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import { createDispatcher } from '#lib/entrypoints/dispatcher.ts';
import { documentClient } from '../support/aws.ts';

/**
 * The fleet dispatcher through the real SDK: the registry in dynalite, the run-request queues in the
 * SQS emulator. Over one interval every console is dispatched once per enabled source.
 */
const TABLE = 'dispatch-test';
const QUEUE = (source: string) => `https://sqs.us-east-1.amazonaws.com/000000000000/${source}`;
let dynamo: LocalDynamo;
let aws: AwsJsonServer;
const sqs = new SqsEmulator();
const saved = { ...process.env };

beforeAll(async () => {
  dynamo = await startDynamo();
  await createCheckpointTable(dynamo.url, TABLE);
  aws = new AwsJsonServer({ AmazonSQS: (operation, input) => sqs.handle(operation, input) });
  await aws.start();
  const registry = new ConsoleRegistry(documentClient(dynamo.url), TABLE);
  const at = '2026-11-22T00:00:00.000Z';
  for (let i = 0; i < 200; i++)
    await registry.put({
      name: `c-${String(i).padStart(3, '0')}`,
      secretId: `s-${i}`,
      addedAt: at,
      paused: i === 7,
    });
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    AWS_ENDPOINT_URL_SQS: aws.url,
    CHECKPOINT_TABLE: TABLE,
    DISPATCH_QUEUES: JSON.stringify({ incidents: QUEUE('incidents'), tokens: QUEUE('tokens') }),
    SOURCE_DEFAULTS: JSON.stringify({
      incidents: { enabled: true, intervalMinutes: 5 },
      tokens: { enabled: true, intervalMinutes: 60 },
    }),
  });
});
afterAll(async () => {
  process.env = saved;
  await aws.stop();
  await dynamo.stop();
});

describe('the fleet dispatcher', () => {
  it('dispatches every unpaused console once per interval, spread over its minutes', async () => {
    const dispatch = createDispatcher();
    const start = Date.parse('2026-11-22T10:00:00Z');
    const perMinute: number[] = [];
    for (let m = 0; m < 5; m++) {
      const summary = await dispatch({ scheduledTime: new Date(start + m * 60_000).toISOString() });
      expect(summary.consoles).toBe(200);
      perMinute.push(summary.dispatched.incidents ?? 0);
    }
    const names = sqs
      .messages(QUEUE('incidents'))
      .map((body) => (JSON.parse(body) as { console: string }).console);
    expect(names).toHaveLength(199);
    expect(new Set(names).size).toBe(199);
    expect(names).not.toContain('c-007');
    expect(Math.max(...perMinute)).toBeLessThan(80);
    // tokens run hourly: within five minutes only the consoles whose slot falls there
    expect(sqs.messages(QUEUE('tokens')).length).toBeLessThan(40);
  });

  it('sends again only what SQS refused, and loses none', async () => {
    sqs.queues.clear();
    sqs.failRate = 0.25;
    const dispatch = createDispatcher();
    const start = Date.parse('2026-11-22T11:00:00Z');
    for (let m = 0; m < 5; m++) await dispatch({ scheduledTime: new Date(start + m * 60_000).toISOString() });
    sqs.failRate = 0;
    expect(new Set(sqs.messages(QUEUE('incidents'))).size).toBe(199);
    expect(sqs.messages(QUEUE('incidents'))).toHaveLength(199);
  });
});
