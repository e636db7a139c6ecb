import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { BillingUnit, BillingUnitQueue } from '../../ports/billing-units.js';

/** SQS takes ten messages per SendMessageBatch. */
const batchSize = 10;
const attempts = 3;

/**
 * The billing queue in SQS: one message per unit, sent ten at a time; entries SQS refused are
 * sent again (twice), and a unit still refused fails the send so the sweep says so.
 */
export class SqsBillingUnitQueue implements BillingUnitQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(units: readonly BillingUnit[]): Promise<void> {
    for (let start = 0; start < units.length; start += batchSize) {
      let pending = units.slice(start, start + batchSize).map((unit, index) => ({ id: String(index), unit }));
      for (let attempt = 1; pending.length > 0; attempt += 1) {
        const { Failed = [] } = await this.client.send(
          new SendMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: pending.map(({ id, unit }) => ({
              Id: id,
              MessageBody: JSON.stringify(unit),
              // A partner's sweep is one tenant of SQS fair queues: a large partner never starves the others.
              MessageGroupId: unit.partnerId,
            })),
          }),
        );
        const failed = new Set(Failed.map((entry) => entry.Id));
        pending = pending.filter(({ id }) => failed.has(id));
        if (pending.length > 0 && attempt >= attempts) {
          throw new Error(
            `billing queue refused ${pending.length} units: ${Failed.map((f) => f.Message).join('; ')}`,
          );
        }
      }
    }
  }
}
