import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { BillingMessage, BillingUnitQueue } from '../../ports/billing-units.js';

/** SQS takes ten messages per SendMessageBatch. */
const batchSize = 10;
const attempts = 3;

/**
 * The billing queue in SQS: one message per unit (or planning continuation), sent ten at a time
 * in order; entries SQS refused are sent again (twice), and a message still refused fails the send
 * so the sweep says so.
 */
export class SqsBillingUnitQueue implements BillingUnitQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: readonly BillingMessage[]): Promise<void> {
    for (let start = 0; start < messages.length; start += batchSize) {
      let pending = messages
        .slice(start, start + batchSize)
        .map((message, index) => ({ id: String(index), message }));
      for (let attempt = 1; pending.length > 0; attempt += 1) {
        const { Failed = [] } = await this.client.send(
          new SendMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: pending.map(({ id, message }) => ({
              Id: id,
              MessageBody: JSON.stringify(message),
              // A partner's sweep is one tenant of SQS fair queues: a large partner never starves the others.
              MessageGroupId: message.partnerId,
            })),
          }),
        );
        const failed = new Set(Failed.map((entry) => entry.Id));
        pending = pending.filter(({ id }) => failed.has(id));
        if (pending.length > 0 && attempt >= attempts) {
          throw new Error(
            `billing queue refused ${pending.length} messages: ${Failed.map((f) => f.Message).join('; ')}`,
          );
        }
      }
    }
  }
}
