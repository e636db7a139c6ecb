import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AdminAudit, AdminAuditEntry, AdminAuditPage } from '../../ports/admin-audit.js';
import { InvalidCursorError } from '../../ports/event-log.js';
import { adminAuditPartition, adminAuditTtlSeconds } from './state-keys.js';

/** The admin audit trail in the state table: `AUDIT` / `<at>#<unique>`, newest first by sort key. */
export class DynamoDbAdminAudit implements AdminAudit {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(entry: AdminAuditEntry): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...entry,
          pk: adminAuditPartition,
          sk: `${entry.at}#${randomUUID()}`,
          expiresAt: Math.floor(Date.parse(entry.at) / 1000) + adminAuditTtlSeconds,
        },
      }),
    );
  }

  async list(query: { readonly limit?: number; readonly cursor?: string } = {}): Promise<AdminAuditPage> {
    const startKey = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': adminAuditPartition },
        ScanIndexForward: false,
        Limit: query.limit ?? 50,
        ...(startKey && { ExclusiveStartKey: startKey }),
      }),
    );
    return {
      entries: Items.map(({ pk: _pk, sk: _sk, expiresAt: _expiresAt, ...entry }) => entry as AdminAuditEntry),
      ...(LastEvaluatedKey && { cursor: Buffer.from(String(LastEvaluatedKey.sk)).toString('base64url') }),
    };
  }
}

/** A cursor is the sort key it stopped at, in this partition only. */
const decodeCursor = (cursor: string): Record<string, string> => {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{4}-\d\d-\d\dT[^#]+#[0-9a-f-]{36}$/.test(sk)) throw new InvalidCursorError();
  return { pk: adminAuditPartition, sk };
};
