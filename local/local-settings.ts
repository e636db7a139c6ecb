import * as z from 'zod';
import { minWebhookSecretLength } from '../shared/admin/partner-request.js';
import { defaultPlanPageSize } from '../shared/billing/billing-sweep.js';
import { integerWithDefault, loadConfig } from '../shared/config/env.js';
import { dataSyncWindowEnvVar, defaultDataSyncWindowSeconds } from '../shared/domain/sync-window.js';
import { billingQueue, syncQueue } from '../shared/resources.js';
import { maxDelaySeconds, maxVisibilityTimeoutSeconds } from '../shared/sync/failure-policy.js';

/** Printed at startup, so a first run needs no setup; override both for anything shared. */
export const defaultAdminToken = 'local-admin-token';
export const defaultDemoWebhookSecret = 'local-demo-webhook-secret';

/** Everything `startLocalStack` can be told. Ports may be 0 to pick a free one. */
export interface LocalStackOptions {
  /** HTTP API port. @default 3000 (env PORT) */
  readonly port?: number;
  /** ConnectWise simulator port. @default 3001 (env CW_SIM_PORT) */
  readonly simulatorPort?: number;
  /** Port of the moto_server the stack starts. @default 5050 (env MOTO_PORT) */
  readonly motoPort?: number;
  /** Use an already running moto at this URL instead of starting one (e.g. the test run's). */
  readonly motoEndpoint?: string;
  /** Prefix for table and queue names, so several stacks can share one moto. @default '' */
  readonly namePrefix?: string;
  /** Delivery delay of the sync queue. @default 60 (env SYNC_DELAY_SECONDS) */
  readonly syncDelaySeconds?: number;
  /** Visibility timeout of the sync queue. @default 30 (env SYNC_VISIBILITY_TIMEOUT_SECONDS) */
  readonly syncVisibilityTimeoutSeconds?: number;
  /** Receives before SQS moves a record to the DLQ. @default 5 (env SYNC_MAX_RECEIVE_COUNT) */
  readonly syncMaxReceiveCount?: number;
  /**
   * Longest wait before the first retry of a failed sync record without Retry-After (doubling per
   * receive). @default 1 (env SYNC_RETRY_BASE_SECONDS; the stack uses 2)
   */
  readonly syncRetryBaseSeconds?: number;
  /** Cap of that backoff. @default 5 (env SYNC_RETRY_MAX_SECONDS; the stack uses 300) */
  readonly syncRetryMaxSeconds?: number;
  /**
   * Length of the data sync window: at most one ConnectWise data sync per customer per this many
   * seconds. @default 43200 (env DATA_SYNC_WINDOW_SECONDS, the seed's 12 hours)
   */
  readonly dataSyncWindowSeconds?: number;
  /**
   * Sync batches in flight at once: the stack's event source maximum concurrency, so the shared
   * pace and circuit are exercised by concurrent consumers. @default 5 (env SYNC_MAX_CONCURRENCY)
   */
  readonly syncMaxConcurrency?: number;
  /**
   * First wait of a record deferred because ConnectWise failed, doubling per deferral.
   * @default 1 (env SYNC_DEFER_BASE_SECONDS; the stack uses 5)
   */
  readonly syncDeferBaseSeconds?: number;
  /** Longest single deferral. @default 5 (env SYNC_DEFER_MAX_SECONDS; the stack uses 900) */
  readonly syncDeferMaxSeconds?: number;
  /**
   * A record failing on ConnectWise's side for longer than this is dead-lettered.
   * @default 3600 (env SYNC_OUTAGE_TOLERANCE_SECONDS; the stack uses 13 days)
   */
  readonly syncOutageToleranceSeconds?: number;
  /** Wait before an open circuit's first probe. @default 1000 (env CONNECTWISE_PROBE_INITIAL_MS; the stack uses 10000) */
  readonly connectWiseProbeInitialMs?: number;
  /** Longest wait between probes. @default 5000 (env CONNECTWISE_PROBE_MAX_MS; the stack uses 300000) */
  readonly connectWiseProbeMaxMs?: number;
  /** Seconds between billing sweeps. @default 300 (env SWEEP_INTERVAL_SECONDS) */
  readonly sweepIntervalSeconds?: number;
  /** Customers a sweep run queues per page of its planning. @default 500 (env BILLING_PLAN_PAGE_SIZE) */
  readonly billingPlanPageSize?: number;
  /** Long-poll wait of each ReceiveMessage. @default 5 (env QUEUE_POLL_WAIT_SECONDS) */
  readonly queuePollWaitSeconds?: number;
  /** Admin API bearer token. @default 'local-admin-token' (env BRIDGE_ADMIN_TOKEN) */
  readonly adminToken?: string;
  /** Webhook secret of the demo partner. @default 'local-demo-webhook-secret' (env DEMO_WEBHOOK_SECRET) */
  readonly demoWebhookSecret?: string;
  /** Interface every server binds to. @default 127.0.0.1 */
  readonly host?: string;
}

/** Options with every default applied. */
export type LocalStackSettings = Required<Omit<LocalStackOptions, 'motoEndpoint'>> &
  Pick<LocalStackOptions, 'motoEndpoint'>;

const port = (fallback: number) => integerWithDefault(fallback, 0, 65_535);

const envSchema = z.object({
  PORT: port(3000),
  CW_SIM_PORT: port(3001),
  MOTO_PORT: port(5050),
  SYNC_DELAY_SECONDS: integerWithDefault(syncQueue.defaultDeliveryDelaySeconds, 0, 900),
  SYNC_VISIBILITY_TIMEOUT_SECONDS: integerWithDefault(30, 0, 43_200),
  SYNC_MAX_RECEIVE_COUNT: integerWithDefault(syncQueue.defaultMaxReceiveCount, 1, 1000),
  // Short, so a record that keeps failing dead-letters in seconds rather than minutes.
  SYNC_RETRY_BASE_SECONDS: integerWithDefault(1, 1, maxVisibilityTimeoutSeconds),
  SYNC_RETRY_MAX_SECONDS: integerWithDefault(5, 1, maxVisibilityTimeoutSeconds),
  [dataSyncWindowEnvVar]: integerWithDefault(defaultDataSyncWindowSeconds, 1, 31 * 86_400),
  SYNC_MAX_CONCURRENCY: integerWithDefault(5, 1, 50),
  // Short, so an outage test waits minutes, not hours; the policy is the deployed one.
  SYNC_DEFER_BASE_SECONDS: integerWithDefault(1, 1, maxDelaySeconds),
  SYNC_DEFER_MAX_SECONDS: integerWithDefault(5, 1, maxDelaySeconds),
  SYNC_OUTAGE_TOLERANCE_SECONDS: integerWithDefault(3600, 0, 14 * 86_400),
  CONNECTWISE_PROBE_INITIAL_MS: integerWithDefault(1000, 100, 3_600_000),
  CONNECTWISE_PROBE_MAX_MS: integerWithDefault(5000, 100, 3_600_000),
  SWEEP_INTERVAL_SECONDS: integerWithDefault(300, 1),
  [billingQueue.planPageSizeEnvVar]: integerWithDefault(defaultPlanPageSize, 1, 1000),
  QUEUE_POLL_WAIT_SECONDS: integerWithDefault(5, 0, 20),
  // Sent as `Authorization: Bearer <token>`, which cannot carry whitespace.
  BRIDGE_ADMIN_TOKEN: z
    .string()
    .regex(/^\S+$/, 'must be non-empty without whitespace (it is sent as a bearer token)')
    .default(defaultAdminToken),
  // The admin API refuses shorter webhook secrets: the demo partner is held to the same rule.
  DEMO_WEBHOOK_SECRET: z
    .string()
    .min(minWebhookSecretLength, `must have at least ${minWebhookSecretLength} characters`)
    .default(defaultDemoWebhookSecret),
});

/** The settings that come from environment variables (the rest only from code). */
export type LocalStackEnvSettings = Omit<LocalStackSettings, 'motoEndpoint' | 'namePrefix' | 'host'>;

/** Reads the local stack's settings from the environment; a malformed value fails naming the variable. */
export const readLocalStackOptions = (env: NodeJS.ProcessEnv = process.env): LocalStackEnvSettings => {
  const parsed = loadConfig(envSchema, env);
  return {
    port: parsed.PORT,
    simulatorPort: parsed.CW_SIM_PORT,
    motoPort: parsed.MOTO_PORT,
    syncDelaySeconds: parsed.SYNC_DELAY_SECONDS,
    syncVisibilityTimeoutSeconds: parsed.SYNC_VISIBILITY_TIMEOUT_SECONDS,
    syncMaxReceiveCount: parsed.SYNC_MAX_RECEIVE_COUNT,
    syncRetryBaseSeconds: parsed.SYNC_RETRY_BASE_SECONDS,
    syncRetryMaxSeconds: parsed.SYNC_RETRY_MAX_SECONDS,
    dataSyncWindowSeconds: parsed[dataSyncWindowEnvVar],
    syncMaxConcurrency: parsed.SYNC_MAX_CONCURRENCY,
    syncDeferBaseSeconds: parsed.SYNC_DEFER_BASE_SECONDS,
    syncDeferMaxSeconds: parsed.SYNC_DEFER_MAX_SECONDS,
    syncOutageToleranceSeconds: parsed.SYNC_OUTAGE_TOLERANCE_SECONDS,
    connectWiseProbeInitialMs: parsed.CONNECTWISE_PROBE_INITIAL_MS,
    connectWiseProbeMaxMs: parsed.CONNECTWISE_PROBE_MAX_MS,
    sweepIntervalSeconds: parsed.SWEEP_INTERVAL_SECONDS,
    billingPlanPageSize: parsed[billingQueue.planPageSizeEnvVar],
    queuePollWaitSeconds: parsed.QUEUE_POLL_WAIT_SECONDS,
    adminToken: parsed.BRIDGE_ADMIN_TOKEN,
    demoWebhookSecret: parsed.DEMO_WEBHOOK_SECRET,
  };
};

/** Applies the documented defaults (not the environment) to whatever the caller left out. */
export const resolveLocalStackSettings = (options: LocalStackOptions): LocalStackSettings => {
  const given = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as LocalStackOptions;
  return { ...readLocalStackOptions({}), namePrefix: '', host: '127.0.0.1', ...given };
};
