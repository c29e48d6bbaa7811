import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckpointTable, type LocalDynamo, startDynamo } from '#fakes/emulators/dynamo.ts';
import { documentsClient, firehoseClient, secretsClient, sqsClient } from '#lib/entrypoints/clients.ts';

let dynamo: LocalDynamo;
const saved = { ...process.env };
beforeAll(async () => {
  dynamo = await startDynamo();
  await createCheckpointTable(dynamo.url, 'clients');
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
  });
});
afterAll(async () => {
  process.env = saved;
  await dynamo.stop();
});

describe('the functions’ AWS clients', () => {
  it('leave out the SDK’s logger middleware, which copies every request and reply for a logger that logs nothing', () => {
    for (const client of [documentsClient(), firehoseClient(), secretsClient(), sqsClient()]) {
      const names = client.middlewareStack.identify().join(' ');
      expect(names).not.toMatch(/loggerMiddleware/);
      expect(names).toMatch(/serializ/i);
    }
  });

  it('still work end to end without it (a DynamoDB round trip through dynalite)', async () => {
    const client = documentsClient();
    await client.send(new PutCommand({ TableName: 'clients', Item: { pk: 'k', n: 1 } }));
    const reply = await client.send(new GetCommand({ TableName: 'clients', Key: { pk: 'k' } }));
    expect(reply.Item).toEqual({ pk: 'k', n: 1 });
  });
});
