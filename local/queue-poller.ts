import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { toSqsRecord } from './sqs-event.js';

/** An SQS-triggered Lambda handler that may report partial batch failures. */
export type SqsLambdaHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

/** What one invocation did, for logs and for tests that watch the poller. */
export interface BatchOutcome {
  readonly event: SQSEvent;
  /** Message ids left on the queue to become visible again. */
  readonly failedMessageIds: readonly string[];
  readonly error?: unknown;
}

export interface QueuePollerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly region: string;
  readonly handler: SqsLambdaHandler;
  readonly createContext: () => Context;
  /** Long-poll wait of each ReceiveMessage, in seconds (SQS allows 0–20). */
  readonly waitTimeSeconds: number;
  readonly onBatch?: (outcome: BatchOutcome) => void;
  /**
   * Batches in flight at once, like the event source's maximum concurrency: one polling loop each.
   * @default 1
   */
  readonly concurrency?: number;
}

export interface QueuePoller {
  stop(): Promise<void>;
}

// Like Lambda's event source mapping: an identifier that names no record in the batch fails the whole batch.
const failedIds = (event: SQSEvent, response: SQSBatchResponse | undefined): string[] => {
  const all = event.Records.map((record) => record.messageId);
  const reported = (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
  return reported.every((id) => all.includes(id)) ? reported : all;
};

const invoke = async (options: QueuePollerOptions, event: SQSEvent): Promise<BatchOutcome> => {
  try {
    const response = await options.handler(event, options.createContext());
    return { event, failedMessageIds: failedIds(event, response) };
  } catch (error) {
    // A handler that throws fails every record: nothing is deleted, SQS redelivers them all.
    return { event, failedMessageIds: event.Records.map((record) => record.messageId), error };
  }
};

const deleteSucceeded = async (options: QueuePollerOptions, outcome: BatchOutcome): Promise<void> => {
  const succeeded = outcome.event.Records.filter(
    (record) => !outcome.failedMessageIds.includes(record.messageId),
  );
  if (succeeded.length === 0) return;
  await options.sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: options.queueUrl,
      Entries: succeeded.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
    }),
  );
};

const receive = async (options: QueuePollerOptions, abortSignal: AbortSignal): Promise<Message[]> => {
  const { Messages } = await options.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: options.queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: options.waitTimeSeconds,
      AttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
    { abortSignal },
  );
  return Messages ?? [];
};

const logPollError = (queueUrl: string, error: unknown): void => {
  console.error(
    JSON.stringify({ level: 'ERROR', message: 'queue poll failed', queueUrl, error: String(error) }),
  );
};

/**
 * Polls `queueUrl` and invokes `handler` with real `SQSEvent` batches, like Lambda's SQS event
 * source with `reportBatchItemFailures`: records the handler reports as failed (or all of them,
 * when it throws) are left alone, so their visibility — possibly shortened by the handler with
 * ChangeMessageVisibility — decides when they return, and SQS's redrive policy moves them to the
 * dead-letter queue after `maxReceiveCount`. Every other record is deleted. With `concurrency`
 * above 1, that many loops poll and invoke at once, as that many Lambda instances would (in one
 * process: module state is shared, which the handlers keep per invocation).
 */
export const startQueuePoller = async (options: QueuePollerOptions): Promise<QueuePoller> => {
  const { Attributes } = await options.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: options.queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const source = { queueArn: Attributes?.QueueArn ?? '', region: options.region };
  const abort = new AbortController();
  const loop = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const messages = await receive(options, abort.signal);
        if (messages.length === 0) continue;
        const outcome = await invoke(options, {
          Records: messages.map((message) => toSqsRecord(message, source)),
        });
        await deleteSucceeded(options, outcome);
        options.onBatch?.(outcome);
      } catch (error) {
        if (abort.signal.aborted) return;
        logPollError(options.queueUrl, error);
        // Back off briefly (moto restarting, network blip), but let stop() cut the pause short.
        await sleep(1000, undefined, { signal: abort.signal }).catch(() => undefined);
      }
    }
  };
  const running = Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, loop));
  return {
    stop: async () => {
      abort.abort();
      await running;
    },
  };
};
