import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CustomerReconciliation } from '../../billing/reconcile-customer.js';
import type {
  BillingReports,
  BillingRunProgress,
  BillingRunRef,
  BillingRunReport,
  BillingRunTrigger,
} from '../../ports/billing-reports.js';
import {
  billingReportTtlSeconds,
  billingRunCustomerKey,
  billingRunKey,
  billingRunsPartition,
} from './state-keys.js';

type Item = Record<string, unknown>;

/**
 * Billing reports in the state table (keys in `state-keys.ts`): a header per run under the
 * partner, newest first, counting recorded customers, and one item per customer result under the
 * run. A customer's result is written once (a redelivered unit is not counted twice); the header's
 * count is added after it, so a crash between the two leaves the run unfinished rather than wrong.
 */
export class DynamoDbBillingReports implements BillingReports {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async startRun(run: BillingRunRef, trigger: BillingRunTrigger): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...billingRunKey(run.partnerId, run.startedAt, run.runId),
          ...run,
          trigger,
          recorded: 0,
          planStep: 0,
          queued: 0,
          expiresAt: expiresAt(run.startedAt),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async planStep(run: BillingRunRef): Promise<number | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: billingRunKey(run.partnerId, run.startedAt, run.runId),
        ProjectionExpression: 'planStep',
        ConsistentRead: true,
      }),
    );
    return Item ? Number(Item.planStep ?? 0) : undefined;
  }

  async advancePlan(run: BillingRunRef, step: number, queued: number): Promise<boolean> {
    const written = await unlessConditionFails(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: billingRunKey(run.partnerId, run.startedAt, run.runId),
          UpdateExpression: 'SET planStep = :next, queued = :queued',
          ConditionExpression: 'planStep = :step',
          ExpressionAttributeValues: { ':step': step, ':next': step + 1, ':queued': queued },
        }),
      ),
    );
    return written !== undefined;
  }

  async setPlanned(
    run: BillingRunRef,
    step: number,
    planned: number,
  ): Promise<BillingRunProgress | undefined> {
    const written = await unlessConditionFails(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: billingRunKey(run.partnerId, run.startedAt, run.runId),
          UpdateExpression: 'SET planned = :planned, queued = :planned, planStep = :next',
          ConditionExpression: 'planStep = :step',
          ExpressionAttributeValues: { ':planned': planned, ':step': step, ':next': step + 1 },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return written && progressOf(written.Attributes ?? {});
  }

  async recordCustomer(
    run: BillingRunRef,
    result: CustomerReconciliation,
  ): Promise<BillingRunProgress | undefined> {
    const stored = await unlessConditionFails(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...billingRunCustomerKey(run.partnerId, run.runId, result.customerId),
            result,
            expiresAt: expiresAt(run.startedAt),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (!stored) return undefined;
    const { Attributes = {} } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: billingRunKey(run.partnerId, run.startedAt, run.runId),
        UpdateExpression: 'ADD recorded :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return progressOf(Attributes);
  }

  async customerResults(run: BillingRunRef): Promise<CustomerReconciliation[]> {
    const { pk } = billingRunCustomerKey(run.partnerId, run.runId, 'any');
    const results: CustomerReconciliation[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      results.push(...(page.Items ?? []).map((item) => item.result as CustomerReconciliation));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return results;
  }

  async finish(
    run: BillingRunRef,
    summary: NonNullable<BillingRunReport['summary']>,
    finishedAt: string,
  ): Promise<boolean> {
    const written = await unlessConditionFails(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: billingRunKey(run.partnerId, run.startedAt, run.runId),
          UpdateExpression: 'SET summary = :summary, finishedAt = :finishedAt',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(finishedAt)',
          ExpressionAttributeValues: { ':summary': summary, ':finishedAt': finishedAt },
        }),
      ),
    );
    return written !== undefined;
  }

  async latestRuns(partnerId: string, limit: number): Promise<BillingRunReport[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :run)',
        ExpressionAttributeValues: { ':pk': billingRunsPartition(partnerId), ':run': 'RUN#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map(toReport);
  }
}

/** A conditional write's answer, or undefined when its condition did not hold. */
const unlessConditionFails = async <T>(write: Promise<T>): Promise<T | undefined> => {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
};

const expiresAt = (startedAt: string): number =>
  Math.floor(Date.parse(startedAt) / 1000) + billingReportTtlSeconds;

const progressOf = (item: Item): BillingRunProgress => ({
  planned: typeof item.planned === 'number' ? item.planned : undefined,
  recorded: Number(item.recorded ?? 0),
});

const toReport = (item: Item): BillingRunReport => ({
  partnerId: String(item.partnerId),
  runId: String(item.runId),
  startedAt: String(item.startedAt),
  trigger: item.trigger === 'operator' ? 'operator' : 'schedule',
  recorded: Number(item.recorded ?? 0),
  ...(typeof item.planned === 'number' && { planned: item.planned }),
  ...(typeof item.queued === 'number' && { queued: item.queued }),
  ...(typeof item.finishedAt === 'string' && { finishedAt: item.finishedAt }),
  ...(item.summary !== undefined && { summary: item.summary as NonNullable<BillingRunReport['summary']> }),
});
