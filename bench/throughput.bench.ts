import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HandlerExecutionContext, InitializeHandler, MiddlewareStack } from '@smithy/types';
import { DEMO_CUSTOMERS } from '../cw-simulator/demo-seed.js';
import type { BatchOutcome } from '../local/queue-poller.js';
import { DynamoDbPartnerRepository } from '../shared/adapters/aws/dynamodb-partner-repository.js';
import type { PortalEvent } from '../shared/domain/portal-event.js';
import { syncQueue, tables } from '../shared/resources.js';
import { signEvent } from '../shared/signing.js';
import { aPortalEvent } from '../test/helpers/portal-events.js';
import { queueDepth } from '../test/helpers/sync-events.js';
import { type Benchmark, reportFigure, summarize } from './harness.js';

/** New problems posted at once: enough for the five sync consumers to stay busy for seconds. */
const eventCount = Number(process.env.BENCH_THROUGHPUT_EVENTS ?? 150);
/** POSTs in flight at once, as a portal's sender pool would send them. */
const senders = 10;
/** The local stack's sync consumers (the stack's default maximum concurrency). */
const consumers = Number(process.env.BENCH_THROUGHPUT_CONSUMERS ?? 5);
/**
 * The demo partner's ConnectWise pace for this run. Deployed, a partner's pace (default 5 requests
 * a second, two per new problem) bounds its tickets at 2.5 a second; here it is lifted to the most
 * a partner may set, so the figure is what the pipeline itself carries.
 */
const liftedRequestsPerSecond = 100;

/** Runs `work` over `items`, `width` at a time. */
const inPool = async <T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const item = items[next] as T;
        next += 1;
        await work(item);
      }
    }),
  );
};

interface EventTimes {
  postedAt?: number;
  acceptedAt?: number;
  sentAt?: number;
  receivedAt?: number;
  doneAt?: number;
}

/** Per-event times of each stage, from the client's clock and the SQS record's attributes. */
const stagesOf = (times: readonly EventTimes[]) => {
  const of = (from: keyof EventTimes, to: keyof EventTimes) =>
    summarize(times.map((time) => (time[to] ?? Number.NaN) - (time[from] ?? Number.NaN)));
  return {
    'ingest (POST → 202)': of('postedAt', 'acceptedAt'),
    'queue (sent → first receive)': of('sentAt', 'receivedAt'),
    'sync (receive → batch done)': of('receivedAt', 'doneAt'),
    'end to end (POST → done)': of('postedAt', 'doneAt'),
  };
};

/**
 * moto's own rate for the queue work one event costs the pipeline: one SendMessage per message
 * from `senders` at once, received ten at a time by `consumers` long-polling loops, each batch
 * deleted in one call.
 */
const rawSqsRate = async (sqs: SQSClient, count: number): Promise<number> => {
  const { QueueUrl: queueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: `bench-raw-${randomUUID().slice(0, 8)}` }),
  );
  if (!queueUrl) throw new Error('moto created no queue');
  try {
    const started = performance.now();
    let deleted = 0;
    const receiving = Promise.all(
      Array.from({ length: consumers }, async () => {
        while (deleted < count) {
          const { Messages = [] } = await sqs.send(
            new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
          );
          if (Messages.length === 0) continue;
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: Messages.map((message, index) => ({
                Id: String(index),
                ReceiptHandle: message.ReceiptHandle,
              })),
            }),
          );
          deleted += Messages.length;
        }
      }),
    );
    await inPool(
      Array.from({ length: count }, (_, n) => n),
      senders,
      async (n) => {
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ n }) }));
      },
    );
    await receiving;
    return count / ((performance.now() - started) / 1000);
  } finally {
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
  }
};

/**
 * End-to-end throughput in the local stack, sync delay 0: new problems of the demo partner POSTed
 * by `senders` at once until each went through a sync batch, with where the time went per stage
 * (from the client's clock and each SQS record's sent and first-receive times), beside moto's own
 * rate for the queue work alone, measured in the same run.
 */
export const throughputBenchmark: Benchmark = {
  name: 'throughput',
  async run({ motoEndpoint }) {
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
    const times = new Map<string, EventTimes>();
    const batches: { startedAt: number; doneAt: number; records: number }[] = [];
    const onSyncBatch = (outcome: BatchOutcome) => {
      const doneAt = Date.now();
      const receives = outcome.event.Records.map((record) =>
        Number(record.attributes.ApproximateFirstReceiveTimestamp),
      );
      // Every record of a batch was received by its one ReceiveMessage: the latest first receive is the batch's.
      batches.push({ startedAt: Math.max(...receives), doneAt, records: receives.length });
      for (const record of outcome.event.Records) {
        if (outcome.failedMessageIds.includes(record.messageId)) continue;
        const { eventId } = JSON.parse(record.body) as { eventId: string };
        const time = times.get(eventId);
        if (!time) continue;
        // A record deferred here (its partner's places were taken) comes back as a copy: the
        // first copy says when the event was queued, the last batch when it was done.
        time.sentAt ??= Number(record.attributes.SentTimestamp);
        time.receivedAt ??= Number(record.attributes.ApproximateFirstReceiveTimestamp);
        time.doneAt = doneAt;
      }
    };
    const awsCalls = await countAwsCalls();
    const { startLocalStack } = await import('../local/local-stack.js');
    const stack = await startLocalStack({
      port: 0,
      simulatorPort: 0,
      motoEndpoint,
      namePrefix: `tput${randomUUID().slice(0, 6)}-`,
      syncDelaySeconds: 0,
      queuePollWaitSeconds: 1,
      syncMaxConcurrency: consumers,
      onSyncBatch,
    });
    const dynamo = new DynamoDBClient({});
    const sqs = new SQSClient({});
    const syncQueueOf = { sqs, url: stack.env[syncQueue.envVar] ?? '' };
    try {
      const partners = new DynamoDbPartnerRepository(
        DynamoDBDocumentClient.from(dynamo),
        stack.env[tables.partners.envVar] ?? '',
      );
      const demo = await partners.getConfig('demo');
      if (!demo) throw new Error('the local stack seeded no demo partner');
      await partners.putConfig({
        ...demo,
        settings: {
          ...demo.settings,
          connectWiseRequestsPerSecond: liftedRequestsPerSecond,
          connectWiseBurst: liftedRequestsPerSecond,
        },
      });

      // One warm-up problem, so cold caches (company, board) do not count against the run.
      const warmUp = aPortalEvent({ account: { ...aPortalEvent().account, id: `WARM${Date.now()}` } });
      times.set(warmUp.eventId, {});
      await post(stack.apiUrl, stack.settings.demoWebhookSecret, warmUp);
      await waitForAll(times, [warmUp.eventId], 60_000, syncQueueOf);

      const stamp = Date.now();
      const events: PortalEvent[] = Array.from({ length: eventCount }, (_, n) => {
        const customer = DEMO_CUSTOMERS[n % DEMO_CUSTOMERS.length];
        return aPortalEvent({
          customer: { id: String(customer?.portalCustomerId), name: String(customer?.name) },
          account: { ...aPortalEvent().account, id: `TPUT${stamp}-${n}` },
        });
      });
      for (const event of events) times.set(event.eventId, {});
      awsCalls.clear();
      await inPool(events, senders, async (event) => {
        const time = times.get(event.eventId) as EventTimes;
        time.postedAt = Date.now();
        await post(stack.apiUrl, stack.settings.demoWebhookSecret, event);
        time.acceptedAt = Date.now();
      });
      await waitForAll(
        times,
        events.map((event) => event.eventId),
        600_000,
        syncQueueOf,
      );
      const run = events.map((event) => times.get(event.eventId) as EventTimes);
      const firstPost = Math.min(...run.map((time) => time.postedAt ?? Number.NaN));
      const lastDone = Math.max(...run.map((time) => time.doneAt ?? Number.NaN));
      const seconds = (lastDone - firstPost) / 1000;
      const endToEnd = eventCount / seconds;
      const handlerCalls = [...awsCalls.values()].reduce((sum, count) => sum + count, 0);
      const topCalls = [...awsCalls]
        .sort(([, a], [, b]) => b - a)
        .slice(0, 6)
        .map(([command, count]) => `${command} ${(count / eventCount).toFixed(1)}`);
      const raw = await rawSqsRate(sqs, eventCount);

      const stages = stagesOf(run);
      console.log(`\n${eventCount} new problems, ${senders} senders, ${consumers} sync consumers`);
      console.log(`  ${'stage'.padEnd(30)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(10)}`);
      for (const [stage, summary] of Object.entries(stages)) {
        console.log(
          `  ${stage.padEnd(30)} ${summary.medianMs.toFixed(0).padStart(10)} ${summary.p95Ms.toFixed(0).padStart(10)}`,
        );
      }
      const [dominant] = Object.entries(stages)
        .filter(([stage]) => !stage.startsWith('end to end'))
        .sort(([, a], [, b]) => b.meanMs - a.meanMs);
      console.log(`  the stage that dominates: ${dominant?.[0]}`);
      if (process.env.BENCH_VERBOSE) {
        for (const batch of batches) {
          console.log(
            `  batch at +${((batch.startedAt - firstPost) / 1000).toFixed(1)} s: ${batch.records} records, ${((batch.doneAt - batch.startedAt) / 1000).toFixed(1)} s`,
          );
        }
      }
      const inRun = batches.filter((batch) => batch.startedAt >= firstPost && batch.doneAt <= lastDone);
      const busyMs = inRun.reduce((sum, batch) => sum + (batch.doneAt - batch.startedAt), 0);
      const records = inRun.reduce((sum, batch) => sum + batch.records, 0);
      console.log(
        `  ${inRun.length} sync batches, ${(records / Math.max(1, inRun.length)).toFixed(1)} records each, ` +
          `${(busyMs / Math.max(1, records)).toFixed(0)} ms of a consumer per record; consumers busy ` +
          `${((100 * busyMs) / (consumers * (lastDone - firstPost))).toFixed(0)}% of the run ` +
          '(a queue wait with busy consumers is sync time, not SQS)',
      );
      // The raw run makes three moto calls a message (send, receive and delete, a tenth each of the last two).
      const rawCallsPerSecond = raw * (1 + 2 / 10);
      console.log(
        `  the functions' AWS calls: ${(handlerCalls / eventCount).toFixed(1)} per event (${topCalls.join(', ')}), ` +
          `${(handlerCalls / seconds).toFixed(0)}/s against moto, which served the raw run's ${rawCallsPerSecond.toFixed(0)}/s`,
      );
      reportFigure(
        'throughput: end to end, POST to event-log entry (batch done)',
        endToEnd,
        'events/s',
        'report',
      );
      reportFigure("throughput: moto's raw SQS send + receive + delete", raw, 'messages/s', 'report');
      reportFigure('throughput: end to end vs raw SQS', endToEnd / raw, '×', 'report');
      reportFigure(
        "throughput: the functions' AWS calls per event",
        handlerCalls / eventCount,
        'calls',
        'report',
      );
    } finally {
      dynamo.destroy();
      sqs.destroy();
      await stack.stop();
    }
  },
};

const post = async (apiUrl: string, secret: string, event: PortalEvent): Promise<void> => {
  const body = JSON.stringify(event);
  const response = await fetch(`${apiUrl}/v1/events`, {
    method: 'POST',
    headers: signEvent(secret, body).headers,
    body,
  });
  if (response.status !== 202) throw new Error(`event ${event.eventId} answered ${response.status}`);
};

/**
 * Waits until every one of `eventIds` went through a sync batch that did not fail it and the
 * sync queue holds nothing more (no deferred copy on its way back).
 */
const waitForAll = async (
  times: Map<string, EventTimes>,
  eventIds: readonly string[],
  timeoutMs: number,
  queue: { sqs: SQSClient; url: string },
) => {
  const deadline = Date.now() + timeoutMs;
  const settled = async () => {
    if (eventIds.some((eventId) => times.get(eventId)?.doneAt === undefined)) return false;
    const depth = await queueDepth(queue.sqs, queue.url);
    return depth.visible + depth.delayed + depth.inFlight === 0;
  };
  while (!(await settled())) {
    if (Date.now() > deadline) {
      const left = eventIds.filter((eventId) => times.get(eventId)?.doneAt === undefined).length;
      throw new Error(`${left} of ${eventIds.length} events were not synced within ${timeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/**
 * Counts the AWS calls the functions make, by command, through the clients they share in this
 * process (the local stack's pollers use clients of their own).
 */
const countAwsCalls = async (): Promise<Map<string, number>> => {
  const clients = await import('../shared/adapters/aws/clients.js');
  const counts = new Map<string, number>();
  for (const client of [clients.dynamoDbClient, clients.sqsClient, clients.secretsManagerClient]) {
    (client.middlewareStack as MiddlewareStack<object, object>).add(
      (next: InitializeHandler<object, object>, context: HandlerExecutionContext) => (args) => {
        const command = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        counts.set(command, (counts.get(command) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'benchCallCounter' },
    );
  }
  return counts;
};
