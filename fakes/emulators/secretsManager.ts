import { AwsError } from './awsJson.ts';

/** AWS Secrets Manager, as far as the collector and the local CLI use it. */
export class SecretsManagerEmulator {
  private readonly secrets = new Map<string, string>();
  /** When set, every call fails with this error type (Secrets Manager unavailable). */
  failWith: string | undefined;
  reads = 0;

  put(name: string, value: string): void {
    this.secrets.set(name, value);
  }

  handle(operation: string, input: Record<string, unknown>): unknown {
    if (this.failWith !== undefined) throw new AwsError(this.failWith, 'simulated failure', 500);
    const id = String(input.SecretId ?? input.Name ?? '');
    const arn = `arn:aws:secretsmanager:us-east-1:000000000000:secret:${id}`;
    switch (operation) {
      case 'GetSecretValue': {
        this.reads++;
        const value = this.secrets.get(id);
        if (value === undefined)
          throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
        return {
          ARN: arn,
          Name: id,
          SecretString: value,
          VersionId: 'v1',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1_767_225_600,
        };
      }
      case 'CreateSecret':
        if (this.secrets.has(id))
          throw new AwsError(
            'ResourceExistsException',
            `The operation failed because the secret ${id} already exists.`,
          );
        this.put(id, String(input.SecretString ?? ''));
        return { ARN: arn, Name: id, VersionId: 'v1' };
      case 'PutSecretValue':
        if (!this.secrets.has(id))
          throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
        this.put(id, String(input.SecretString ?? ''));
        return { ARN: arn, Name: id, VersionId: 'v2' };
      default:
        throw new AwsError('UnknownOperationException', operation);
    }
  }
}
