import { randomUUID } from 'node:crypto';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/local-stack.js';

const maxReceiveCount = 3;
let stack: LocalStack;
let sqs: SQSClient;
const delivered: SQSRecord[] = [];
const sweeps: { result?: unknown; error?: unknown }[] = [];

beforeAll(async () => {
  // Its own moto (port 0): the demo partner's secrets have fixed names and must not clash with
  // other test files sharing the run's moto. Imported here so setup-env has run first.
  // Each retry logs a warning by design; keep the test output to real failures.
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const { startLocalStack } = await import('../../local/local-stack.js');
  stack = await startLocalStack({
    port: 0,
    simulatorPort: 0,
    motoPort: 0,
    syncDelaySeconds: 0,
    syncVisibilityTimeoutSeconds: 1,
    syncMaxReceiveCount: maxReceiveCount,
    // Every retry 1 s later: the handler sets each failed record's visibility from this backoff.
    syncRetryBaseSeconds: 1,
    syncRetryMaxSeconds: 1,
    queuePollWaitSeconds: 1,
    sweepIntervalSeconds: 1,
    onSyncBatch: (outcome) => delivered.push(...outcome.event.Records),
    onSweep: (outcome) => sweeps.push(outcome),
  });
  sqs = new SQSClient({ endpoint: stack.motoEndpoint });
});

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
});

const receiveFromDeadLetterQueue = async (deadline: number) => {
  while (Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: stack.env.SYNC_DLQ_URL,
        WaitTimeSeconds: 1,
        AttributeNames: ['All'],
      }),
    );
    if (Messages.length > 0) return Messages;
  }
  return [];
};

describe('local stack sync queue', () => {
  describe('given a record whose processing keeps failing (it references an event that was never stored)', () => {
    it(`is handed to the sync handler ${maxReceiveCount} times, then SQS moves it to the DLQ — never dropped`, async () => {
      const body = JSON.stringify({ partnerId: 'demo', eventId: `missing-${randomUUID()}` });
      const { MessageId } = await sqs.send(
        new SendMessageCommand({ QueueUrl: stack.env.SYNC_QUEUE_URL, MessageBody: body }),
      );

      const deadLettered = await receiveFromDeadLetterQueue(Date.now() + 25_000);

      expect(deadLettered.map((message) => message.Body)).toEqual([body]);
      const receives = delivered.filter((record) => record.messageId === MessageId);
      expect(receives.map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['1', '2', '3']);
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: stack.env.SYNC_QUEUE_URL, AttributeNames: ['All'] }),
      );
      expect(Attributes?.ApproximateNumberOfMessages).toBe('0');
      expect(Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('0');
    }, 30_000);
  });
});

describe('local stack schedule', () => {
  it('fires the real billing-sweep handler, which starts a run for the seeded demo partner', async () => {
    const deadline = Date.now() + 10_000;
    while (sweeps.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sweeps[0]).toMatchObject({
      result: { runs: [expect.objectContaining({ partnerId: 'demo', planned: expect.any(Number) })] },
    });
  });
});
