import { randomUUID } from 'node:crypto';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { createLambdaContext } from '../../../local/lambda-context.js';
import { provisionResources } from '../../../local/provision.js';
import { type BatchOutcome, type QueuePoller, startQueuePoller } from '../../../local/queue-poller.js';
import { queueDepth } from '../../helpers/sync-events.js';

const sqs = new SQSClient({});
let poller: QueuePoller | undefined;

afterEach(async () => {
  await poller?.stop();
  poller = undefined;
});

const aQueue = async () => {
  const env = await provisionResources({
    namePrefix: `qp${randomUUID().slice(0, 8)}-`,
    syncDelaySeconds: 0,
    visibilityTimeoutSeconds: 1,
    maxReceiveCount: 2,
  });
  return { queueUrl: env.SYNC_QUEUE_URL ?? '', dlqUrl: env.SYNC_DLQ_URL ?? '' };
};

const send = async (queueUrl: string, bodies: string[]) =>
  sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: bodies.map((body, index) => ({
        Id: String(index),
        MessageBody: body,
        MessageAttributes: { origin: { DataType: 'String', StringValue: 'test' } },
      })),
    }),
  );

const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const startPolling = async (queueUrl: string, handler: (event: SQSEvent) => Promise<SQSBatchResponse>) => {
  const outcomes: BatchOutcome[] = [];
  poller = await startQueuePoller({
    sqs,
    queueUrl,
    region: 'us-east-1',
    handler,
    createContext: () => createLambdaContext({ functionName: 'sync', timeoutSeconds: 5 }),
    waitTimeSeconds: 1,
    onBatch: (outcome) => outcomes.push(outcome),
  });
  return outcomes;
};

describe('startQueuePoller', () => {
  describe('given a handler that reports one record of a batch as failed', () => {
    it('deletes the records that succeeded and redelivers only the failed one', async () => {
      const { queueUrl } = await aQueue();
      await send(queueUrl, ['ok-1', 'fail', 'ok-2']);
      const seen: string[] = [];
      await startPolling(queueUrl, async (event) => {
        seen.push(...event.Records.map((record) => record.body));
        const failed = event.Records.filter((record) => record.body === 'fail');
        return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.messageId })) };
      });
      await waitFor(() => seen.filter((body) => body === 'fail').length >= 2);
      expect(seen.filter((body) => body === 'ok-1')).toHaveLength(1);
      expect(seen.filter((body) => body === 'ok-2')).toHaveLength(1);
    });
  });

  describe('given a handler that throws', () => {
    it('deletes nothing, so every record of the batch is delivered again', async () => {
      const { queueUrl } = await aQueue();
      await send(queueUrl, ['a', 'b']);
      const receiveCounts: string[] = [];
      const outcomes = await startPolling(queueUrl, async (event) => {
        receiveCounts.push(
          ...event.Records.map((record) => `${record.body}:${record.attributes.ApproximateReceiveCount}`),
        );
        throw new Error('boom');
      });
      await waitFor(() => receiveCounts.includes('a:2') && receiveCounts.includes('b:2'));
      expect(outcomes[0]?.error).toBeInstanceOf(Error);
    });
  });

  describe('given a handler that succeeds', () => {
    it('hands over a real SQSEvent and empties the queue', async () => {
      const { queueUrl } = await aQueue();
      await send(queueUrl, ['only']);
      const events: SQSEvent[] = [];
      await startPolling(queueUrl, async (event) => {
        events.push(event);
        return { batchItemFailures: [] };
      });
      await waitFor(() => events.length === 1);
      const record = events[0]?.Records[0];
      expect(record?.eventSource).toBe('aws:sqs');
      expect(record?.eventSourceARN).toMatch(/^arn:aws:sqs:us-east-1:\d{12}:qp.*cwbridge-sync$/);
      expect(record?.attributes.ApproximateReceiveCount).toBe('1');
      expect(record?.messageAttributes.origin?.stringValue).toBe('test');
      await waitFor(async () => {
        const { visible, inFlight } = await queueDepth(sqs, queueUrl);
        return visible + inFlight === 0;
      });
    });
  });
});
