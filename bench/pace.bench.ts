import { startConnectWiseSimulator } from '../cw-simulator/server.js';
import type { PortalEvent } from '../shared/domain/portal-event.js';
import { syncQueue } from '../shared/resources.js';
import { defaultDeferralPolicy, deferralPolicyEnvVars } from '../shared/sync/failure-policy.js';
import { createBillingCustomer, inParallel } from '../test/helpers/billing-customers.js';
import {
  accountsWithOneTicket,
  addPacedPartner,
  aNewProblem,
  busiestWindow,
  sendAll,
  startSyncPollers,
  waitForTickets,
} from '../test/helpers/delivery-runs.js';
import { type SyncEnvironment, startSyncEnvironment } from '../test/helpers/sync-environment.js';
import { queueDepth } from '../test/helpers/sync-events.js';
import { type Benchmark, reportFigure } from './harness.js';

/** The burst of issue-sized scale: one partner's 300 problems at once. */
const burstSize = Number(process.env.BENCH_PACE_EVENTS ?? 300);
/** The busy partner's customers the burst spreads over, as a night's backups finishing would. */
const busyCustomerCount = Number(process.env.BENCH_PACE_CUSTOMERS ?? 30);
/** The other partner's traffic, timed alone and then beside the burst. */
const otherSize = 20;
const requestsPerSecond = 5;
/** The stack's default maximum concurrency of the sync event source. */
const concurrency = 5;

interface BatchTrace {
  readonly startedAt: number;
  readonly ms: number;
  readonly partners: readonly string[];
  readonly failed: number;
}

/** The environment with each batch's start, duration, partners and failures noted (BENCH_VERBOSE). */
const tracing = (environment: SyncEnvironment, batches: BatchTrace[]): SyncEnvironment => ({
  ...environment,
  invoke: async (event) => {
    const startedAt = Date.now();
    const response = await environment.invoke(event);
    batches.push({
      startedAt,
      ms: Date.now() - startedAt,
      partners: event.Records.map((record) => JSON.parse(record.body).partnerId),
      failed: response.batchItemFailures.length,
    });
    return response;
  },
});

/** Per 5 s of the run: batches, their mean length, and the records of each partner received. */
const printTimeline = (batches: readonly BatchTrace[], started: number, other: string) => {
  const buckets = new Map<number, BatchTrace[]>();
  for (const batch of batches.filter((trace) => trace.startedAt >= started)) {
    const bucket = Math.floor((batch.startedAt - started) / 5000) * 5;
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), batch]);
  }
  for (const [second, inBucket] of [...buckets].sort(([a], [b]) => a - b)) {
    const records = inBucket.flatMap((batch) => batch.partners);
    const others = records.filter((partner) => partner === other).length;
    const meanMs = inBucket.reduce((sum, batch) => sum + batch.ms, 0) / inBucket.length;
    console.log(
      `  t=${second}s batches=${inBucket.length} mean=${Math.round(meanMs)}ms records=${records.length} other=${others}`,
    );
  }
};

const elapsedOf = (doneAt: readonly number[], started: number) => Math.max(...doneAt) - started;

/**
 * Pace under a burst: `burstSize` new problems of one partner's `busyCustomerCount` customers
 * (each a lookup and a create, caches warm) sent at once to the sync queue, read by five polling loops running the real handler, against the
 * simulator; the partner's `connectWiseRequestsPerSecond` is 5 with a burst of 1. A second
 * partner, on its own ConnectWise site at the same pace, sends 20 problems alone and then again
 * beside the burst: how much the first partner slows it.
 */
export const paceBenchmark: Benchmark = {
  name: 'pace',
  run: async () => {
    const busy = 'bench-pace-busy';
    const other = 'bench-pace-other';
    const environment = await startSyncEnvironment({
      partnerId: busy,
      // The deployed deferral timings, not the tests' 1 s: records sent back for the pace or a
      // taken place come back spread out as they would in AWS, not all again every second.
      functionEnv: {
        [deferralPolicyEnvVars.baseSeconds]: String(defaultDeferralPolicy.baseSeconds),
        [deferralPolicyEnvVars.maxSeconds]: String(defaultDeferralPolicy.maxSeconds),
      },
    });
    const otherSimulator = await startConnectWiseSimulator({ port: 0, seed: 'demo' });
    const batches: BatchTrace[] = [];
    const pollers = await startSyncPollers(
      process.env.BENCH_VERBOSE ? tracing(environment, batches) : environment,
      concurrency,
    );
    try {
      const customers = Array.from({ length: busyCustomerCount }, (_, index) => ({
        id: String(700_000 + index),
        name: `Burst customer ${index}`,
      }));
      await inParallel(customers, 10, async (customer) => {
        await createBillingCustomer(environment.simulator, {
          portalCustomerId: customer.id,
          name: customer.name,
          storageGb: 100,
          devices: 3,
        });
      });
      // Warm both partners' caches (company, board, statuses, each customer's first data sync)
      // with one event per customer, at a pace that does not make the warm-up the bench.
      await addPacedPartner(environment, busy, environment.simulator, 50, 10);
      await addPacedPartner(environment, other, otherSimulator, requestsPerSecond);
      const warmups = [...customers.map((customer) => aNewProblem(busy, customer)), aNewProblem(other)];
      await sendAll(environment, warmups);
      await waitForTickets(environment, warmups, 120_000);
      await addPacedPartner(environment, busy, environment.simulator, requestsPerSecond);

      const otherAlone = Array.from({ length: otherSize }, () => aNewProblem(other));
      const aloneStarted = Date.now();
      await sendAll(environment, otherAlone);
      const aloneMs = elapsedOf(await waitForTickets(environment, otherAlone, 60_000), aloneStarted);

      const burst: PortalEvent[] = Array.from({ length: burstSize }, (_, index) =>
        aNewProblem(busy, customers[index % customers.length]),
      );
      const otherBeside = Array.from({ length: otherSize }, () => aNewProblem(other));
      const mark = environment.journalMark();
      const started = Date.now();
      await sendAll(environment, [...burst, ...otherBeside]);
      const [burstDone, besideDone] = await Promise.all([
        waitForTickets(environment, burst, 600_000),
        waitForTickets(environment, otherBeside, 600_000),
      ]);
      const requests = environment.requestsSince(mark);
      const spanSeconds = (Date.parse(requests.at(-1)?.at ?? '') - Date.parse(requests[0]?.at ?? '')) / 1000;

      reportFigure(
        `pace: busiest 1 s of ${burstSize} problems at ${requestsPerSecond} req/s (burst 1)`,
        busiestWindow(requests, 1000),
        'requests',
        `≤ ${requestsPerSecond}`,
      );
      reportFigure(
        'pace: sustained rate over the burst',
        requests.length / spanSeconds,
        'req/s',
        `≤ ${requestsPerSecond}`,
      );
      reportFigure('pace: burst drained in', elapsedOf(burstDone, started) / 1000, 's', 'report');
      reportFigure(`pace: other partner's ${otherSize} problems alone`, aloneMs / 1000, 's', 'report');
      reportFigure(
        `pace: other partner's ${otherSize} problems beside the burst vs alone`,
        elapsedOf(besideDone, started) / aloneMs,
        '×',
        'report',
      );
      const exactlyOnce = await accountsWithOneTicket(
        environment.simulator,
        burst.map((event) => event.account.id),
      );
      reportFigure(
        'pace: burst problems with exactly one ticket',
        exactlyOnce,
        `of ${burstSize}`,
        `${burstSize}`,
      );
      if (process.env.BENCH_VERBOSE) printTimeline(batches, started, other);
      const deadLetters = await queueDepth(pollers.sqs, environment.env[syncQueue.deadLetter.envVar]);
      reportFigure('pace: dead letters', deadLetters.visible + deadLetters.inFlight, 'messages', '0');
    } finally {
      await pollers.stop();
      await otherSimulator.stop();
      await environment.stop();
    }
  },
};
