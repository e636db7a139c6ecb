import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EventLog, EventLogEntry, EventLogPage } from '../../ports/event-log.js';

const retentionSeconds = 90 * 24 * 3600;

/**
 * The per-account event log. The sort key is `<ISO time>#<eventId>#<sequence>` so a descending
 * query is newest first and two outcomes of one event in the same millisecond never collide.
 */
export class DynamoDbEventLog implements EventLog {
  private sequence = 0;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(entry: EventLogEntry): Promise<void> {
    this.sequence = (this.sequence + 1) % 1_000_000;
    const unique = `${process.pid.toString(36)}${this.sequence.toString(36).padStart(4, '0')}`;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...entry,
          sk: `${entry.at}#${entry.eventId}#${unique}`,
          expiresAt: Math.floor(Date.parse(entry.at) / 1000) + retentionSeconds,
        },
      }),
    );
  }

  async list(accountId: string, options: { limit?: number; nextToken?: string } = {}): Promise<EventLogPage> {
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'accountId = :accountId',
        ExpressionAttributeValues: { ':accountId': accountId },
        ScanIndexForward: false,
        Limit: options.limit ?? 50,
        ExclusiveStartKey: options.nextToken ? decodeToken(options.nextToken) : undefined,
      }),
    );
    return {
      entries: Items.map(toEntry),
      ...(LastEvaluatedKey && { nextToken: encodeToken(LastEvaluatedKey) }),
    };
  }
}

const toEntry = (item: Record<string, unknown>): EventLogEntry => {
  const { sk: _sk, expiresAt: _expiresAt, ...entry } = item;
  return entry as unknown as EventLogEntry;
};

const encodeToken = (key: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

const decodeToken = (token: string): Record<string, unknown> => {
  const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error('invalid nextToken');
  return parsed as Record<string, unknown>;
};
