import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type EventLog,
  type EventLogEntry,
  type EventLogPage,
  type EventLogQuery,
  InvalidCursorError,
} from '../../ports/event-log.js';
import { tables } from '../../resources.js';

const retentionSeconds = 90 * 24 * 3600;

const byAccountIndex = tables.eventLog.indexes[0].indexName;

/** The partition of one partner's entries for one account (partner ids never contain `#`). */
export const eventLogPartition = (partnerId: string, accountId: string): string =>
  `${partnerId}#${accountId}`;

/**
 * The event log, one partition per partner and account, so a partner signing events with another
 * partner's account id writes only into its own log. The sort key is
 * `<ISO time>#<eventId>#<sequence>`: a descending query is newest first and two outcomes of one
 * event in the same millisecond never collide. Without a partner, `list` reads the `byAccount`
 * index: the account id's entries of every partner, newest first, each naming its partner.
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
          pk: eventLogPartition(entry.partnerId, entry.accountId),
          sk: `${entry.at}#${entry.eventId}#${unique}`,
          expiresAt: Math.floor(Date.parse(entry.at) / 1000) + retentionSeconds,
        },
      }),
    );
  }

  async list(accountId: string, query: EventLogQuery = {}): Promise<EventLogPage> {
    const partition =
      query.partnerId === undefined
        ? { IndexName: byAccountIndex, attribute: 'accountId', value: accountId }
        : { attribute: 'pk', value: eventLogPartition(query.partnerId, accountId) };
    const startKey = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    // A cursor is only valid for the partition it came from: never a way into another one.
    if (startKey && startKey[partition.attribute] !== partition.value) throw new InvalidCursorError();
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        ...(partition.IndexName && { IndexName: partition.IndexName }),
        KeyConditionExpression: '#partition = :value',
        ExpressionAttributeNames: { '#partition': partition.attribute },
        ExpressionAttributeValues: { ':value': partition.value },
        ScanIndexForward: false,
        Limit: query.limit ?? 50,
        ExclusiveStartKey: startKey,
      }),
    );
    return {
      entries: Items.map(toEntry),
      ...(LastEvaluatedKey && { cursor: encodeCursor(LastEvaluatedKey) }),
    };
  }
}

const toEntry = (item: Record<string, unknown>): EventLogEntry => {
  const { pk: _pk, sk: _sk, expiresAt: _expiresAt, ...entry } = item;
  return entry as unknown as EventLogEntry;
};

const encodeCursor = (key: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

const decodeCursor = (cursor: string): Record<string, unknown> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const isKey =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((value) => typeof value === 'string');
  if (!isKey) throw new InvalidCursorError();
  return parsed as Record<string, unknown>;
};
