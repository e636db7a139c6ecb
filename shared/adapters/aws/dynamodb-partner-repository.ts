import { type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  type NotificationRule,
  notificationRulesSchema,
  type PartnerConfig,
  partnerConfigSchema,
} from '../../domain/partner-config.js';
import type { PartnerRepository } from '../../ports/partner-repository.js';

const partnerKey = (partnerId: string) => `PARTNER#${partnerId}`;
const configSortKey = 'CONFIG';
const rulesSortKey = 'NOTIFICATIONS';

/** Partner items: `PARTNER#<id>` / `CONFIG` and `PARTNER#<id>` / `NOTIFICATIONS`. */
export class DynamoDbPartnerRepository implements PartnerRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getConfig(partnerId: string): Promise<PartnerConfig | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: partnerKey(partnerId), sk: configSortKey } }),
    );
    return Item ? partnerConfigSchema.parse(Item.config) : undefined;
  }

  async putConfig(config: PartnerConfig): Promise<void> {
    const valid = partnerConfigSchema.parse(config);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: partnerKey(valid.partnerId),
          sk: configSortKey,
          partnerId: valid.partnerId,
          config: valid,
          updatedAt: new Date().toISOString(),
        },
      }),
    );
  }

  async getRules(partnerId: string): Promise<NotificationRule[]> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: partnerKey(partnerId), sk: rulesSortKey } }),
    );
    return Item ? notificationRulesSchema.parse(Item.rules) : [];
  }

  async putRules(partnerId: string, rules: readonly NotificationRule[]): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: partnerKey(partnerId),
          sk: rulesSortKey,
          partnerId,
          rules: notificationRulesSchema.parse(rules),
          updatedAt: new Date().toISOString(),
        },
      }),
    );
  }

  async listPartnerIds(): Promise<string[]> {
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'sk = :config',
          ExpressionAttributeValues: { ':config': configSortKey },
          ProjectionExpression: 'partnerId',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) ids.push(String(item.partnerId));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return ids.sort();
  }
}
