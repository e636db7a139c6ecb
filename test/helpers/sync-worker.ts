/**
 * The real sync handler in a process of its own, fed by polling loops on its queue as the event
 * source would feed it: for a test whose sync function must reach AWS somewhere else than the rest
 * of its file does (the handler builds its AWS clients once per process, from `AWS_ENDPOINT_URL`).
 * Environment: the sync function's own, plus SYNC_WORKER_CONCURRENCY (polling loops) and
 * SYNC_WORKER_TIMEOUT_SECONDS (the Lambda timeout each invocation's context counts down from).
 * Prints `syncWorkerReadyLine` once it polls; stops polling and exits on SIGTERM.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { handleBatch } from '../../functions/sync/handler.js';
import { createLambdaContext } from '../../local/lambda-context.js';
import { startQueuePoller } from '../../local/queue-poller.js';
import { syncQueue } from '../../shared/resources.js';
import { syncWorkerReadyLine } from './sync-worker-process.js';

const timeoutSeconds = Number(process.env.SYNC_WORKER_TIMEOUT_SECONDS ?? 120);
const sqs = new SQSClient({});
const poller = await startQueuePoller({
  sqs,
  queueUrl: process.env[syncQueue.envVar] ?? '',
  region: process.env.AWS_REGION ?? 'us-east-1',
  handler: handleBatch,
  createContext: () => createLambdaContext({ functionName: 'sync', timeoutSeconds }),
  waitTimeSeconds: 1,
  concurrency: Number(process.env.SYNC_WORKER_CONCURRENCY ?? 5),
});
console.log(syncWorkerReadyLine);

process.once('SIGTERM', () => {
  void poller.stop().finally(() => {
    sqs.destroy();
    process.exit(0);
  });
});
