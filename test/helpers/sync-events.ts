import { randomUUID } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { createLambdaContext } from '../../local/lambda-context.js';
import { toSqsRecord } from '../../local/sqs-event.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import type { EventStore } from '../../shared/ports/event-store.js';
import type { SyncMessage } from '../../shared/ports/sync-queue.js';

const queueArn = 'arn:aws:sqs:us-east-1:123456789012:cwbridge-sync';

/** Stores `event` as ingest would, so the sync handler can load it. */
export const storeEvent = async (store: EventStore, event: PortalEvent): Promise<PortalEvent> => {
  await store.putIfAbsent({ event, rawBody: JSON.stringify(event), receivedAt: new Date().toISOString() });
  return event;
};

/** An SQS record referencing `event`, as Lambda's event source mapping delivers it. */
export const aSyncRecord = (
  event: Pick<PortalEvent, 'partnerId' | 'eventId'>,
  options: { receiveCount?: number; receiptHandle?: string; force?: boolean } = {},
): SQSRecord => {
  const message: SyncMessage = {
    partnerId: event.partnerId,
    eventId: event.eventId,
    ...(options.force && { force: true }),
  };
  return toSqsRecord(
    {
      MessageId: randomUUID(),
      ReceiptHandle: options.receiptHandle ?? `handle-${randomUUID()}`,
      Body: JSON.stringify(message),
      Attributes: { ApproximateReceiveCount: String(options.receiveCount ?? 1) },
    },
    { queueArn, region: 'us-east-1' },
  );
};

export const anSqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

/** A Lambda context with the sync function's two-minute budget. */
export const aSyncContext = (): Context => createLambdaContext({ functionName: 'sync', timeoutSeconds: 120 });

/** Sends the sync message of `event` to the real (moto) queue. */
export const sendSyncMessage = async (
  queueUrl: string,
  event: Pick<PortalEvent, 'partnerId' | 'eventId'>,
) => {
  const sqs = new SQSClient({});
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify({ partnerId: event.partnerId, eventId: event.eventId }),
    }),
  );
  sqs.destroy();
};

/** Receives up to `max` messages from the queue as Lambda records (real receipt handles). */
export const receiveSyncRecords = async (
  queueUrl: string,
  max = 10,
  waitSeconds = 0,
): Promise<SQSRecord[]> => {
  const sqs = new SQSClient({});
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: max,
      WaitTimeSeconds: waitSeconds,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  sqs.destroy();
  return Messages.map((message) =>
    toSqsRecord(message, { queueArn: Attributes?.QueueArn ?? queueArn, region: 'us-east-1' }),
  );
};

/**
 * The copies of `eventId` the sync handler re-sent to the queue to wait out ConnectWise, received
 * and deleted as the event source would, waiting up to `waitSeconds` for the first.
 */
export const takeDeferredCopies = (
  queueUrl: string,
  eventId: string,
  waitSeconds = 5,
): Promise<SQSRecord[]> => takeQueuedCopies(queueUrl, [eventId], waitSeconds);

/**
 * The queued copies of any of `eventIds` (deferred records), received and deleted as the event
 * source would, waiting up to `waitSeconds` for the first.
 */
export const takeQueuedCopies = async (
  queueUrl: string,
  eventIds: readonly string[],
  waitSeconds: number,
): Promise<SQSRecord[]> => {
  const deadline = Date.now() + waitSeconds * 1000;
  const copies: SQSRecord[] = [];
  const sqs = new SQSClient({});
  try {
    const { visible, delayed } = await queueDepth(sqs, queueUrl);
    // Nothing queued, nothing delayed: no copy is on its way.
    if (visible + delayed === 0) return copies;
    while (Date.now() < deadline) {
      const received = await receiveSyncRecords(queueUrl, 10, 1);
      for (const record of received) {
        const message = JSON.parse(record.body) as SyncMessage;
        const ours = eventIds.includes(message.eventId);
        if (ours) copies.push(record);
        // Another test's message goes straight back; ours is taken as the event source would.
        const receipt = { QueueUrl: queueUrl, ReceiptHandle: record.receiptHandle };
        if (ours) await sqs.send(new DeleteMessageCommand(receipt));
        else await sqs.send(new ChangeMessageVisibilityCommand({ ...receipt, VisibilityTimeout: 0 }));
      }
      if (copies.length > 0 && received.length === 0) break;
    }
  } finally {
    sqs.destroy();
  }
  return copies;
};

/** How many messages `queueUrl` holds: visible, in flight (received, not deleted) and delayed. */
export const queueDepth = async (
  sqs: SQSClient,
  queueUrl: string | undefined,
): Promise<{ visible: number; inFlight: number; delayed: number }> => {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return {
    visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
  };
};
