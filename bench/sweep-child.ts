/**
 * One billing sweep in a process of its own, as the billing-sweep function runs it: the schedule's
 * planning, then the billing queue read by the stack's default two consumers until the run's
 * report is finished. The environment (moto endpoint, table and queue names, partner) comes from
 * the parent, `bench/sweep.bench.ts`; one JSON line on stdout says what the sweep cost, the
 * process's peak resident memory included.
 */
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, ScheduledEvent, SQSBatchResponse } from 'aws-lambda';
import { createLambdaContext } from '../local/lambda-context.js';
import { startQueuePoller } from '../local/queue-poller.js';
import { dynamoDbClient, sqsClient } from '../shared/adapters/aws/clients.js';
import { DynamoDbBillingReports } from '../shared/adapters/aws/dynamodb-billing-reports.js';
import { billingQueue, functionTimeoutSeconds, tables } from '../shared/resources.js';

const partnerId = process.env.BENCH_SWEEP_PARTNER ?? '';
const dynamoDbRequests = new Map<string, number>();
dynamoDbClient.middlewareStack.add(
  (next, context) => async (args) => {
    const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
    // BENCH_VERBOSE=1 splits the count by the item's kind: the key's text up to its first '#'.
    const input = args.input as { Key?: Record<string, unknown>; Item?: Record<string, unknown> };
    const key = input.Key ?? input.Item;
    const pk = key && Object.values(key)[0];
    const sk = key && Object.values(key)[1];
    const kind = `${String(pk).split('#')[0]} ${String(sk ?? '').replace(/\d{3,}/g, 'N')}`;
    const counted = process.env.BENCH_VERBOSE ? `${name} ${kind}` : name;
    dynamoDbRequests.set(counted, (dynamoDbRequests.get(counted) ?? 0) + 1);
    return next(args);
  },
  { step: 'initialize', name: 'benchCountRequests' },
);

const { handler } = await import('../functions/billing-sweep/handler.js');
const context = (): Context =>
  createLambdaContext({ functionName: 'billing-sweep', timeoutSeconds: functionTimeoutSeconds.billingSweep });
const invoke = handler as unknown as (event: unknown, context: Context) => Promise<unknown>;

const started = performance.now();
const planned = (await invoke(
  {
    version: '0',
    id: 'bench',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: {},
  } satisfies ScheduledEvent,
  context(),
)) as { runs: { partnerId: string; runId: string; queued: number; planned?: number }[] };
const planMs = performance.now() - started;
const run = planned.runs.find((candidate) => candidate.partnerId === partnerId);
if (!run) throw new Error(`the sweep planned no run for ${partnerId}`);

const poller = await startQueuePoller({
  sqs: sqsClient,
  queueUrl: process.env[billingQueue.envVar] ?? '',
  region: 'us-east-1',
  handler: (event, lambdaContext) => invoke(event, lambdaContext) as Promise<SQSBatchResponse>,
  createContext: context,
  waitTimeSeconds: 1,
  concurrency: 2,
});
// Its own client: watching for the end is not the sweep's cost.
const reports = new DynamoDbBillingReports(
  DynamoDBDocumentClient.from(new DynamoDBClient({})),
  process.env[tables.state.envVar] ?? '',
);
let report: Awaited<ReturnType<typeof reports.latestRuns>>[number] | undefined;
while (report?.finishedAt === undefined) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  report = (await reports.latestRuns(partnerId, 5)).find((candidate) => candidate.runId === run.runId);
}
const wallMs = performance.now() - started;
await poller.stop();

console.log(
  JSON.stringify({
    planned: report.planned,
    firstPageQueued: run.queued,
    planMs,
    wallMs,
    summary: report.summary && {
      customersChecked: report.summary.customersChecked,
      customersChanged: report.summary.customersChanged,
      errors: report.summary.errors,
    },
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    dynamoDbRequests: Object.fromEntries(dynamoDbRequests),
  }),
);
process.exit(0);
