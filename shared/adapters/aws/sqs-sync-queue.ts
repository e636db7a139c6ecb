import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { EnqueueOptions, SyncMessage, SyncQueue } from '../../ports/sync-queue.js';

/**
 * The sync queue in SQS: a small JSON reference with partner/customer as message attributes, and
 * the partner as message group (fair queues).
 */
export class SqsSyncQueue implements SyncQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(message: SyncMessage, options: EnqueueOptions): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        DelaySeconds: options.delaySeconds,
        // On a standard queue this makes the partner a tenant of SQS fair queues: when one partner
        // floods the queue, SQS hands other partners' records out first. (moto stores it only.)
        MessageGroupId: message.partnerId,
        MessageAttributes: {
          partnerId: { DataType: 'String', StringValue: message.partnerId },
          ...(options.customerId && {
            customerId: { DataType: 'String', StringValue: options.customerId },
          }),
        },
      }),
    );
  }
}
