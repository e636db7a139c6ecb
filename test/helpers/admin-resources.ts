import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../shared/adapters/aws/clients.js';
import { adminAuditPartition } from '../../shared/adapters/aws/state-keys.js';
import type { AdminAuditEntry } from '../../shared/ports/admin-audit.js';
import { billingQueue, secrets, syncQueue, type TableKey, tables } from '../../shared/resources.js';

/** Everything the admin API can write, as one comparable value. */
export interface AdminSnapshot {
  /** Each table's items as canonical JSON, sorted; the audit trail apart. */
  readonly tables: Readonly<Record<TableKey, readonly string[]>>;
  /** The admin audit trail, by sort key (unique per entry). */
  readonly audit: ReadonlyMap<string, AdminAuditEntry>;
  /** Messages in each queue, in any state (visible, delayed, in flight). */
  readonly queues: Readonly<Record<string, number>>;
  /** The secrets of partners whose id starts with the given prefix, each with its version ids. */
  readonly secrets: readonly string[];
}

/** JSON with object keys sorted, so equal items compare equal whatever order DynamoDB returns. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, entry: unknown) =>
    entry !== null && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => a.localeCompare(b)))
      : entry,
  );

const scanAll = async (tableName: string): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new ScanCommand({ TableName: tableName, ...(startKey && { ExclusiveStartKey: startKey }) }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};

const queueDepth = async (sqs: SQSClient, queueUrl: string): Promise<number> => {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) +
    Number(Attributes.ApproximateNumberOfMessagesDelayed) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible)
  );
};

const partnerSecrets = async (partnerIdPrefix: string): Promise<string[]> => {
  const client = new SecretsManagerClient({});
  const found: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListSecretsCommand({
        // A name filter matches by prefix: `cwbridge/partners/<partnerIdPrefix>`.
        Filters: [{ Key: 'name', Values: [secrets.partnerSecretsPattern.replace('*', partnerIdPrefix)] }],
        ...(nextToken && { NextToken: nextToken }),
      }),
    );
    for (const secret of page.SecretList ?? []) {
      found.push(
        `${secret.Name} ${Object.keys(secret.SecretVersionsToStages ?? {})
          .sort()
          .join(',')}`,
      );
    }
    nextToken = page.NextToken;
  } while (nextToken);
  client.destroy();
  return found.sort();
};

/**
 * Reads the tables, queues and partner secrets of a provisioned environment (`env` as
 * `provisionResources` returned it). Secrets Manager is shared by every test file of the run, so
 * only the secrets of partner ids starting with `partnerIdPrefix` are read.
 */
export const takeAdminSnapshot = async (
  env: Record<string, string>,
  partnerIdPrefix: string,
): Promise<AdminSnapshot> => {
  const sqs = new SQSClient({});
  const scanned = await Promise.all(
    (Object.keys(tables) as TableKey[]).map(
      async (key) => [key, await scanAll(env[tables[key].envVar] ?? '')] as const,
    ),
  );
  const isAudit = (item: Record<string, unknown>) => item.pk === adminAuditPartition;
  const audit = new Map(
    (scanned.find(([key]) => key === 'state')?.[1] ?? [])
      .filter(isAudit)
      .map(({ pk: _pk, sk, expiresAt: _expiresAt, ...entry }) => [
        String(sk),
        entry as unknown as AdminAuditEntry,
      ]),
  );
  const queueUrls = [syncQueue, syncQueue.deadLetter, billingQueue, billingQueue.deadLetter].map(
    (queue) => [queue.localName, env[queue.envVar] ?? ''] as const,
  );
  const queues = Object.fromEntries(
    await Promise.all(queueUrls.map(async ([name, url]) => [name, await queueDepth(sqs, url)] as const)),
  );
  sqs.destroy();
  return {
    tables: Object.fromEntries(
      scanned.map(([key, items]) => [
        key,
        items
          .filter((item) => !isAudit(item))
          .map(canonical)
          .sort(),
      ]),
    ) as Record<TableKey, string[]>,
    audit,
    queues,
    secrets: await partnerSecrets(partnerIdPrefix),
  };
};
