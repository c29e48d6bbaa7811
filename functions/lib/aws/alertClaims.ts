import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Who tells an incident first, push or poll: one item per (console, incident hash) in the checkpoint
 * table, so the alert is set on exactly the first record to reach Firehose. The rule errs towards a
 * second alert, never towards none:
 *
 * - a push claims the incident (`pending`) before it puts its record, and marks it `delivered` after
 *   Firehose took it; if the put fails it gives the claim back;
 * - a poll alerts unless a push has `delivered`: an unclaimed incident, its own earlier claim (a run
 *   retried after delivering) and a push still `pending` (which may never finish) all alert. Taking
 *   over a `pending` push is the one race that can give a second alert (a push that put its record
 *   but stopped before marking it): `onPendingTakeover` counts it (the `AlertAfterPendingPush` metric).
 * - only a push that alerts claims (an attack incident, not a replay: push/receiver.ts), so a push
 *   that does not alert never keeps the poll from alerting.
 *
 * The key ends in `#incidents`, among the incidents function's own items; items expire after a week
 * (DynamoDB TTL), long after push and poll have both told the incident.
 */
export const CLAIM_PREFIX = 'alert:';
export const CLAIM_DAYS = 7;

export type PushClaim = 'won' | 'replay' | 'poll-first';

export class AlertClaims {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
    private readonly onPendingTakeover: (consoleName: string, hash: string) => void = () => {},
  ) {}

  static keyOf(consoleName: string, hash: string): string {
    return `${CLAIM_PREFIX}${consoleName}:${hash}#incidents`;
  }

  /** A push claims the incident: `won` (it alerts), `replay` (its own earlier push), or `poll-first`. */
  async claimForPush(consoleName: string, hash: string): Promise<PushClaim> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: AlertClaims.keyOf(consoleName, hash) },
          UpdateExpression: 'SET #owner = :push, #state = :pending, claimedAt = :now, expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(pk)',
          ExpressionAttributeNames: { '#owner': 'owner', '#state': 'state' },
          ExpressionAttributeValues: this.values({ ':push': 'push', ':pending': 'pending' }),
        }),
      );
      return 'won';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const owner = (await this.ownerOf(consoleName, hash)) ?? 'push';
      return owner === 'push' ? 'replay' : 'poll-first';
    }
  }

  /** The push's record is in Firehose: from now on a poll of the incident does not alert. */
  async pushDelivered(consoleName: string, hash: string): Promise<void> {
    // unless a poll took it over meanwhile: it alerted, so this push's alert is a second one, never none
    await unlessConditionFails(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: AlertClaims.keyOf(consoleName, hash) },
          UpdateExpression: 'SET #state = :delivered',
          ConditionExpression: '#owner = :push',
          ExpressionAttributeNames: { '#owner': 'owner', '#state': 'state' },
          ExpressionAttributeValues: { ':delivered': 'delivered', ':push': 'push' },
        }),
      ),
    );
  }

  /** The push's put failed: give the claim back, so that a poll alerts (unless a poll has it already). */
  async pushFailed(consoleName: string, hash: string): Promise<void> {
    await unlessConditionFails(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: AlertClaims.keyOf(consoleName, hash) },
          ConditionExpression: '#owner = :push AND #state = :pending',
          ExpressionAttributeNames: { '#owner': 'owner', '#state': 'state' },
          ExpressionAttributeValues: { ':push': 'push', ':pending': 'pending' },
        }),
      ),
    );
  }

  /** A poll's first delivery of the incident: true when it alerts, false when a push delivered already. */
  async claimForPoll(consoleName: string, hash: string): Promise<boolean> {
    try {
      const reply = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: AlertClaims.keyOf(consoleName, hash) },
          UpdateExpression: 'SET #owner = :poll, #state = :delivered, claimedAt = :now, expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(pk) OR #owner = :poll OR #state = :pending',
          ExpressionAttributeNames: { '#owner': 'owner', '#state': 'state' },
          ExpressionAttributeValues: this.values({
            ':poll': 'poll',
            ':delivered': 'delivered',
            ':pending': 'pending',
          }),
          ReturnValues: 'ALL_OLD',
        }),
      );
      const before = reply.Attributes as { owner?: string; state?: string } | undefined;
      if (before?.owner === 'push' && before.state === 'pending') this.onPendingTakeover(consoleName, hash);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async ownerOf(consoleName: string, hash: string): Promise<string | undefined> {
    const reply = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: AlertClaims.keyOf(consoleName, hash) },
        ConsistentRead: true,
      }),
    );
    return (reply.Item as { owner?: string } | undefined)?.owner;
  }

  private values(extra: Record<string, string>): Record<string, string | number> {
    const now = this.now();
    return { ...extra, ':now': now, ':expires': Math.floor(now / 1000) + CLAIM_DAYS * 86_400 };
  }
}

/** A conditional write whose condition not holding is an answer, not an error. */
async function unlessConditionFails(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
