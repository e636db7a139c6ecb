import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startConnectWiseSimulator } from '../../cw-simulator/server.js';
import { demoServiceCatalogue } from '../../local/demo-tenant.js';
import type { QueuePoller } from '../../local/queue-poller.js';
import type { NotificationRule, PartnerConfig } from '../../shared/domain/partner-config.js';
import { syncQueue } from '../../shared/resources.js';
import { ticketCreateSettleEnvVar } from '../../shared/sync/ticket-sync.js';
import { callControl } from '../helpers/cw-simulator-client.js';
import { startSyncPollers } from '../helpers/delivery-runs.js';
import { aProblemBurst, aUsageBurst, withoutStats } from '../helpers/fault-events.js';
import { type FaultTarget, readOutcomes } from '../helpers/fault-outcomes.js';
import { type FaultRunReport, faultSummaryTable } from '../helpers/fault-report.js';
import { type FaultRun, runFaultScenario } from '../helpers/fault-runs.js';
import { type ProxiedSyncWorld, startProxiedSyncWorld } from '../helpers/proxied-sync-world.js';
import {
  addSyncPartner,
  type SyncEnvironment,
  startSyncEnvironment,
  ticketAndSyncRules,
  ticketRules,
} from '../helpers/sync-environment.js';

/**
 * The fault suite: bursts of events through the real sync queue (moto) and the real handler,
 * while ConnectWise (the simulator) or AWS misbehaves. Each scenario has its own partner and its
 * own simulator, so its faults, pace and circuit meet no other scenario's, and all of them run at
 * once. For each: every event ends in exactly one correct outcome in its account's log, one
 * ticket per problem, billing as the events imply (counted once), nothing dead-lettered.
 *
 * AWS going away mid-run is a TCP proxy in front of moto that resets its connections and refuses
 * new ones for a few seconds, not a restart of moto: moto keeps everything in memory, so a restart
 * would lose every table, queue and secret, which no AWS outage does. The sync handler builds its
 * AWS clients once per process, so that scenario's sync function runs in a worker process of its
 * own whose every AWS client goes through the proxy, while this file's clients reach moto directly.
 *
 * Timings are scaled so the whole file takes about a minute:
 * - "503 for minutes" is 15 s of 503s. The circuit probes after 0.5 s growing to 2 s (deployed:
 *   10 s growing to 5 min) and a deferral waits 1–2 s (deployed: 5 s up to 15 min), so those 15 s
 *   hold as many probes and deferrals as minutes of outage do when deployed.
 * - A record that gave no Retry-After backs off 1 s growing to 5 s (deployed: 2 s to 5 min).
 * - The ConnectWise client's per-attempt timeout (10 s) has no setting, so latency faults use real
 *   lengths: 11 s on a GET, 20 s on a POST that then commits late. A create whose answer was lost
 *   holds back another create of its problem for 25 s (deployed: 60 s), still past those 20 s.
 * - The AWS outage lasts 4 s. In its world the sync Lambda's timeout is 40 s (deployed: 120 s),
 *   above the 30 s company discovery keeps for itself; the Powertools in-progress expiry follows
 *   it. The queue's visibility timeout is 45 s (deployed: 180 s), above the Lambda timeout as when
 *   deployed: a record whose batch failed while AWS was away comes back after it.
 */
const scaledTimings: Record<string, string> = {
  [ticketCreateSettleEnvVar]: '25',
  CONNECTWISE_FAILURE_THRESHOLD: '3',
  CONNECTWISE_PROBE_INITIAL_MS: '500',
  CONNECTWISE_PROBE_MAX_MS: '2000',
  SYNC_DEFER_BASE_SECONDS: '1',
  SYNC_DEFER_MAX_SECONDS: '2',
  SYNC_RETRY_BASE_SECONDS: '1',
  SYNC_RETRY_MAX_SECONDS: '5',
};
const stretchOf503Ms = 15_000;
const awsOutage = { afterMs: 1_500, lastsMs: 4_000 };
/** How long a scenario's events may take to reach their outcomes (a run ends once they have). */
const outcomeTimeoutMs = 65_000;
/** The AWS outage's interrupted records wait for the in-progress marks and locks they left to lapse. */
const outageOutcomeTimeoutMs = 70_000;

const partners = {
  storm: 'fault-429-storm',
  unavailable: 'fault-503-stretch',
  slowRead: 'fault-get-timeout',
  lateCommit: 'fault-post-late-commit',
  drops: 'fault-drops',
  createDrop: 'fault-post-commit-drop',
  patchDrop: 'fault-patch-commit-drop',
  awsOutage: 'fault-aws-outage',
} as const;
type ScenarioName = keyof typeof partners;

// ConnectWise's API only: the codebase lookup under /login is another service.
const apiPaths = '^/(?!login/)';
const ticketCreate = { method: 'POST', path: '^/service/tickets$' };
const ticketLookup = { method: 'GET', path: '^/service/tickets$' };

let world: SyncEnvironment;
let poller: QueuePoller | undefined;
let outageWorld: ProxiedSyncWorld | undefined;
const simulators = new Map<ScenarioName, RunningSimulator>();
const reports: FaultRunReport[] = [];
const runs = new Map<ScenarioName, Promise<FaultRunReport>>();
/** How many of the outage run's events had an outcome when AWS went away. */
let doneBeforeOutage: number | undefined;

/** Tickets for failures; a data sync for usage events only, so the failures' lines stay ticket lines. */
const ticketsAndUsageSync: NotificationRule[] = [
  ...ticketRules,
  { action: 'sync', severities: ['info'], eventTypes: 'all' },
];

const withCatalogue = (config: PartnerConfig): PartnerConfig => ({
  ...config,
  serviceCatalogue: [...demoServiceCatalogue],
});

/**
 * A place (lease) a record could not give back while AWS was away, after its work was done (so no
 * retry of it takes the place back), stays taken until the lease lapses, 130 s later (a fixed
 * time, not scaled here): at the default pace's 3 places the outage's
 * leftovers would hold the partner's other records back for longer than this file runs. At
 * 30 requests per second the partner has 15 places, one for each of the outage run's events.
 */
const withPlacesForEveryEvent = (config: PartnerConfig): PartnerConfig => ({
  ...config,
  settings: { ...config.settings, connectWiseRequestsPerSecond: 30 },
});

const addScenarioPartner = async (
  name: ScenarioName,
  rules: NotificationRule[] = ticketRules,
  configure?: (config: PartnerConfig) => PartnerConfig,
) => {
  const simulator = await startConnectWiseSimulator({ port: 0, seed: 'demo' });
  simulators.set(name, simulator);
  await addSyncPartner(world, partners[name], { rules, simulator, ...(configure && { configure }) });
};

const targetOf = (name: ScenarioName): FaultTarget => {
  if (name === 'awsOutage') {
    if (!outageWorld) throw new Error('the AWS outage world did not start');
    const { simulator, eventLog, deadLetterUrl } = outageWorld;
    return { partnerId: partners[name], simulator, eventLog, deadLetterUrl };
  }
  const simulator = simulators.get(name);
  if (!simulator) throw new Error(`no simulator for ${name}`);
  const deadLetterUrl = world.env[syncQueue.deadLetter.envVar] ?? '';
  return { partnerId: partners[name], simulator, eventLog: world.eventLog, deadLetterUrl };
};

/** A scenario: its run, and where it runs (its own simulator; the outage world for the outage). */
type Scenario = Omit<FaultRun, 'timeoutMs'> & { readonly name: ScenarioName; readonly timeoutMs?: number };

const runScenario = async (scenario: Scenario): Promise<FaultRunReport> => {
  const target = targetOf(scenario.name);
  const queue = scenario.name === 'awsOutage' && outageWorld ? outageWorld : world;
  const report = await runFaultScenario(target, queue, { timeoutMs: outcomeTimeoutMs, ...scenario });
  reports.push(report);
  return report;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const scenarios = (): Scenario[] => {
  const usage = aUsageBurst(partners.patchDrop);
  const outageUsage = aUsageBurst(partners.awsOutage);
  return [
    {
      name: 'storm',
      label: '429 storm, Retry-After 2 s',
      events: aProblemBurst(partners.storm, 4, 1),
      faults: [{ kind: 'status', status: 429, retryAfterSeconds: 2, count: 10, match: { path: apiPaths } }],
    },
    {
      name: 'unavailable',
      label: `503 for ${stretchOf503Ms / 1000} s`,
      events: aProblemBurst(partners.unavailable, 4, 1),
      faults: [{ kind: 'status', status: 503, count: 1_000_000, match: { path: apiPaths } }],
      during: async (target) => {
        await sleep(stretchOf503Ms);
        await callControl(target.simulator, 'DELETE', '/__sim/faults');
      },
    },
    {
      name: 'slowRead',
      label: 'GET 11 s (timeout 10 s)',
      events: aProblemBurst(partners.slowRead, 3, 1),
      faults: [{ kind: 'latency', ms: 11_000, count: 2, match: ticketLookup }],
      latencyFaults: 2,
    },
    {
      name: 'lateCommit',
      label: 'POST 20 s, commits late',
      events: aProblemBurst(partners.lateCommit, 3, 1),
      faults: [{ kind: 'latency', ms: 20_000, count: 1, match: ticketCreate }],
      latencyFaults: 1,
    },
    {
      name: 'drops',
      label: 'connection drops',
      events: aProblemBurst(partners.drops, 4, 1),
      faults: [
        { kind: 'drop', count: 3, match: ticketLookup },
        { kind: 'drop', count: 2, match: ticketCreate },
      ],
    },
    {
      name: 'createDrop',
      label: 'commit-then-drop POST',
      events: aProblemBurst(partners.createDrop, 4, 1),
      faults: [
        { kind: 'commit-then-drop', count: 2, match: ticketCreate },
        {
          kind: 'commit-then-drop',
          count: 1,
          match: { method: 'POST', path: '^/service/tickets/\\d+/notes$' },
        },
      ],
    },
    {
      name: 'patchDrop',
      label: 'commit-then-drop PATCH',
      events: usage.events,
      usage: usage.expected,
      faults: [
        { kind: 'commit-then-drop', count: 6, match: { method: 'PATCH', path: '/additions/' } },
        {
          kind: 'commit-then-drop',
          count: 2,
          match: { method: 'PATCH', path: '/managementSummaryReports/' },
        },
      ],
    },
    {
      name: 'awsOutage',
      label: `AWS unreachable ${awsOutage.lastsMs / 1000} s`,
      events: [...withoutStats(aProblemBurst(partners.awsOutage, 10, 2)), ...outageUsage.events],
      usage: outageUsage.expected,
      timeoutMs: outageOutcomeTimeoutMs,
      during: async (target, events) => {
        await sleep(awsOutage.afterMs);
        const outcomes = await readOutcomes(target, events);
        doneBeforeOutage = [...outcomes.values()].filter((lines) => lines.length > 0).length;
        await outageWorld?.proxy.interrupt(awsOutage.lastsMs);
      },
    },
  ];
};

beforeAll(async () => {
  world = await startSyncEnvironment({ partnerId: partners.storm, functionEnv: scaledTimings });
  simulators.set('storm', world.simulator);
  const [proxied] = await Promise.all([
    startProxiedSyncWorld({
      partnerId: partners.awsOutage,
      rules: ticketsAndUsageSync,
      functionEnv: scaledTimings,
      visibilityTimeoutSeconds: 45,
      maxReceiveCount: 5,
      lambdaTimeoutSeconds: 40,
      configure: (config) => withPlacesForEveryEvent(withCatalogue(config)),
    }),
    addScenarioPartner('unavailable'),
    addScenarioPartner('slowRead'),
    addScenarioPartner('lateCommit'),
    addScenarioPartner('drops'),
    addScenarioPartner('createDrop'),
    addScenarioPartner('patchDrop', ticketAndSyncRules, withCatalogue),
  ]);
  outageWorld = proxied;
  poller = await startSyncPollers(world, 5);
  // All at once; each test below waits for its own scenario and checks it.
  for (const run of scenarios()) {
    const report = runScenario(run);
    // Observed by its test; until then a failure must not count as unhandled.
    report.catch(() => undefined);
    runs.set(run.name, report);
  }
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(runs.values());
  console.log(`fault suite summary\n${faultSummaryTable(reports)}`);
  await poller?.stop();
  await outageWorld?.stop();
  for (const [name, simulator] of simulators) if (name !== 'storm') await simulator.stop();
  await world?.stop();
}, 60_000);

const reportOf = async (name: ScenarioName): Promise<FaultRunReport> => {
  const run = runs.get(name);
  if (!run) throw new Error(`scenario ${name} did not start`);
  return run;
};

const faultEntries = (name: ScenarioName, fault: string) =>
  targetOf(name)
    .simulator.journal()
    .filter((entry) => entry.fault === fault);

/** The checks every scenario shares: one right outcome each, no duplicate, nothing dead-lettered. */
const expectCleanRun = (report: FaultRunReport) => {
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({
    correctOutcomes: report.events,
    duplicateTickets: 0,
    billingMismatches: 0,
    deadLettered: 0,
  });
};

const scenarioTimeoutMs = 120_000;

describe('the sync function under ConnectWise and AWS faults', () => {
  describe('given a storm of 429s with Retry-After', () => {
    it(
      'ends every event in one outcome with one ticket per problem',
      async () => {
        const report = await reportOf('storm');
        expect(faultEntries('storm', 'status')).toHaveLength(10);
        expectCleanRun(report);
      },
      scenarioTimeoutMs,
    );
  });

  describe('given 503s for a long stretch', () => {
    it(
      'waits the stretch out and then ends every event in one outcome, nothing dead-lettered',
      async () => {
        const report = await reportOf('unavailable');
        expect(faultEntries('unavailable', 'status').length).toBeGreaterThanOrEqual(3);
        expectCleanRun(report);
      },
      scenarioTimeoutMs,
    );
  });

  describe('given ticket lookups slower than the client timeout', () => {
    it(
      'reads again and ends every event in one outcome',
      async () => {
        const report = await reportOf('slowRead');
        expect(faultEntries('slowRead', 'latency')).toHaveLength(2);
        expectCleanRun(report);
      },
      scenarioTimeoutMs,
    );
  });

  describe('given a ticket create that times out and commits after the retry looked', () => {
    it(
      'still leaves one ticket for the problem',
      async () => {
        const report = await reportOf('lateCommit');
        expect(faultEntries('lateCommit', 'latency')).toHaveLength(1);
        expectCleanRun(report);
      },
      scenarioTimeoutMs,
    );
  });

  describe('given connections dropped before ConnectWise answers', () => {
    it(
      'ends every event in one outcome with one ticket per problem',
      async () => {
        const report = await reportOf('drops');
        expect(faultEntries('drops', 'drop')).toHaveLength(5);
        expectCleanRun(report);
      },
      scenarioTimeoutMs,
    );
  });

  describe('given ticket and note creates committed but their answers lost', () => {
    it(
      'finds the committed records instead of creating them again',
      async () => {
        const report = await reportOf('createDrop');
        expect(faultEntries('createDrop', 'commit-then-drop')).toHaveLength(3);
        expectCleanRun(report);
      },
      scenarioTimeoutMs,
    );
  });

  describe('given billing and statistics PATCHes committed but their answers lost', () => {
    it(
      'syncs each customer once, its quantities and counters counted once',
      async () => {
        const report = await reportOf('patchDrop');
        expect(faultEntries('patchDrop', 'commit-then-drop').length).toBeGreaterThanOrEqual(3);
        expectCleanRun(report);
      },
      scenarioTimeoutMs,
    );
  });

  describe('given AWS unreachable for a few seconds mid-run', () => {
    it(
      'ends every event in one outcome once AWS is back, nothing dead-lettered',
      async () => {
        const report = await reportOf('awsOutage');
        expect(doneBeforeOutage).toBeLessThan(report.events);
        expectCleanRun(report);
      },
      scenarioTimeoutMs,
    );
  });
});
