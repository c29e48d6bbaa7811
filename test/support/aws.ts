import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FIREHOSE_CLIENT_CONFIG } from '#lib/aws/sinks/firehoseProtocol.ts';

const base = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

/** Real SDK clients pointed at a local endpoint (dynalite or the emulators). */
export const documentClient = (endpoint: string) =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ ...base, endpoint }), {
    marshallOptions: { removeUndefinedValues: true },
  });
export const firehoseClient = (endpoint: string) =>
  new FirehoseClient({ ...base, ...FIREHOSE_CLIENT_CONFIG, endpoint, maxAttempts: 1 });
export const secretsClient = (endpoint: string) =>
  new SecretsManagerClient({ ...base, endpoint, maxAttempts: 1 });

/** The environment a CLI process needs to reach dynalite and the Secrets Manager emulator as AWS. */
export const cliAwsEnv = (dynamoUrl: string, secretsUrl: string): Record<string, string> => ({
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_ENDPOINT_URL_DYNAMODB: dynamoUrl,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsUrl,
});
