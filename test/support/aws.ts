import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const base = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

/** Real SDK clients pointed at a local endpoint (dynalite or the emulators). */
export const documentClient = (endpoint: string) =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ ...base, endpoint }), {
    marshallOptions: { removeUndefinedValues: true },
  });
export const firehoseClient = (endpoint: string) => new FirehoseClient({ ...base, endpoint, maxAttempts: 1 });
export const secretsClient = (endpoint: string) =>
  new SecretsManagerClient({ ...base, endpoint, maxAttempts: 1 });
