import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { EnqueueOptions, SyncMessage, SyncQueue } from '../../ports/sync-queue.js';

/** The sync queue in SQS: a small JSON reference with partner/customer as message attributes. */
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
