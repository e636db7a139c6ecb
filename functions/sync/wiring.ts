import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import {
  documentClient,
  dynamoDbClient,
  secretsManagerClient,
  sqsClient,
} from '../../shared/adapters/aws/clients.js';
import { DynamoDbDeliveryStateStore } from '../../shared/adapters/aws/dynamodb-delivery-state.js';
import { DynamoDbEventLog } from '../../shared/adapters/aws/dynamodb-event-log.js';
import { DynamoDbEventStore } from '../../shared/adapters/aws/dynamodb-event-store.js';
import { DynamoDbLock } from '../../shared/adapters/aws/dynamodb-lock.js';
import { DynamoDbPartnerRepository } from '../../shared/adapters/aws/dynamodb-partner-repository.js';
import { DynamoDbStateCache, DynamoDbSyncMarkers } from '../../shared/adapters/aws/dynamodb-state-cache.js';
import { DynamoDbSyncWindow } from '../../shared/adapters/aws/dynamodb-sync-window.js';
import { DynamoDbUsageStore } from '../../shared/adapters/aws/dynamodb-usage-store.js';
import { createPowertoolsRunOnce } from '../../shared/adapters/aws/powertools-run-once.js';
import { SqsMessageVisibility } from '../../shared/adapters/aws/sqs-message-visibility.js';
import { SqsSyncQueue } from '../../shared/adapters/aws/sqs-sync-queue.js';
import { createPartnerGatewayFactory } from '../../shared/adapters/connectwise/partner-gateways.js';
import { integerWithDefault, loadConfig, requiredString } from '../../shared/config/env.js';
import {
  defaultDeliveryTimings,
  deliverySettingsOf,
  deliveryTimingEnvVars,
} from '../../shared/domain/delivery-control.js';
import type { PartnerConfig } from '../../shared/domain/partner-config.js';
import { dataSyncWindowEnvVar, defaultDataSyncWindowSeconds } from '../../shared/domain/sync-window.js';
import { syncQueue, tables } from '../../shared/resources.js';
import { DeliveryControl, type DeliverySignal } from '../../shared/sync/delivery-control.js';
import {
  defaultDeferralPolicy,
  defaultRetryBackoff,
  deferralPolicyEnvVars,
  maxDelaySeconds,
  maxVisibilityTimeoutSeconds,
  retryBackoffEnvVars,
} from '../../shared/sync/failure-policy.js';
import type { SyncRecordDeps } from '../../shared/sync/process-sync-record.js';

/** Env var that lifts the siteUrl guard; set only by the local stack and tests. */
export const allowPrivateSiteUrlEnvVar = 'CONNECTWISE_ALLOW_PRIVATE_SITE_URL';

const configSchema = z
  .object({
    [tables.events.envVar]: requiredString,
    [tables.eventLog.envVar]: requiredString,
    [tables.partners.envVar]: requiredString,
    [tables.state.envVar]: requiredString,
    [tables.idempotency.envVar]: requiredString,
    // ChangeMessageVisibility needs the queue URL; the record only carries its ARN.
    [syncQueue.envVar]: requiredString,
    [allowPrivateSiteUrlEnvVar]: z.enum(['true', 'false']).default('false'),
    [dataSyncWindowEnvVar]: integerWithDefault(defaultDataSyncWindowSeconds, 1, 31 * 86_400),
    [retryBackoffEnvVars.baseSeconds]: integerWithDefault(
      defaultRetryBackoff.baseSeconds,
      1,
      maxVisibilityTimeoutSeconds,
    ),
    [retryBackoffEnvVars.maxSeconds]: integerWithDefault(
      defaultRetryBackoff.maxSeconds,
      1,
      maxVisibilityTimeoutSeconds,
    ),
    [deferralPolicyEnvVars.baseSeconds]: integerWithDefault(
      defaultDeferralPolicy.baseSeconds,
      1,
      maxDelaySeconds,
    ),
    [deferralPolicyEnvVars.maxSeconds]: integerWithDefault(
      defaultDeferralPolicy.maxSeconds,
      1,
      maxDelaySeconds,
    ),
    [deferralPolicyEnvVars.toleranceSeconds]: integerWithDefault(
      defaultDeferralPolicy.toleranceSeconds,
      0,
      14 * 86_400,
    ),
    [deliveryTimingEnvVars.failureThreshold]: integerWithDefault(
      defaultDeliveryTimings.failureThreshold,
      1,
      100,
    ),
    [deliveryTimingEnvVars.probeInitialMs]: integerWithDefault(
      defaultDeliveryTimings.probeInitialMs,
      100,
      3_600_000,
    ),
    [deliveryTimingEnvVars.probeMaxMs]: integerWithDefault(defaultDeliveryTimings.probeMaxMs, 100, 3_600_000),
    [deliveryTimingEnvVars.maxInProcessWaitMs]: integerWithDefault(
      defaultDeliveryTimings.maxInProcessWaitMs,
      0,
      60_000,
    ),
  })
  .refine((config) => config[retryBackoffEnvVars.maxSeconds] >= config[retryBackoffEnvVars.baseSeconds], {
    path: [retryBackoffEnvVars.maxSeconds],
    message: `must not be below ${retryBackoffEnvVars.baseSeconds}`,
  })
  .refine((config) => config[deferralPolicyEnvVars.maxSeconds] >= config[deferralPolicyEnvVars.baseSeconds], {
    path: [deferralPolicyEnvVars.maxSeconds],
    message: `must not be below ${deferralPolicyEnvVars.baseSeconds}`,
  })
  .refine(
    (config) => config[deliveryTimingEnvVars.probeMaxMs] >= config[deliveryTimingEnvVars.probeInitialMs],
    {
      path: [deliveryTimingEnvVars.probeMaxMs],
      message: `must not be below ${deliveryTimingEnvVars.probeInitialMs}`,
    },
  );

/**
 * Idempotency records outlive the dead-letter queue's retention (SQS counts it from the first
 * send), plus a day for the redrive to be processed: a redriven event is recognised, not redone.
 */
const idempotencySeconds = (syncQueue.deadLetter.retentionDays + 1) * 86_400;

/**
 * The sync function's adapters, built once per container from its environment. Fails at cold
 * start, naming the variable, when one is missing.
 */
export const createSyncDeps = (options: {
  remainingTimeMs: () => number;
  /** Told of each job's result (the handler counts its metrics). */
  onJobResult?: SyncRecordDeps['onJobResult'];
  /** Told of circuit changes, deferrals and pace waits (the handler counts and logs them). */
  onDeliverySignal?: (signal: DeliverySignal) => void;
}): { deps: SyncRecordDeps; registerLambdaContext: (context: Context) => void } => {
  const config = loadConfig(configSchema);
  const stateTable = config[tables.state.envVar];
  const runOnce = createPowertoolsRunOnce(
    dynamoDbClient,
    config[tables.idempotency.envVar],
    idempotencySeconds,
  );
  const timings = {
    failureThreshold: config[deliveryTimingEnvVars.failureThreshold],
    probeInitialMs: config[deliveryTimingEnvVars.probeInitialMs],
    probeMaxMs: config[deliveryTimingEnvVars.probeMaxMs],
    maxInProcessWaitMs: config[deliveryTimingEnvVars.maxInProcessWaitMs],
    leaseTtlMs: defaultDeliveryTimings.leaseTtlMs,
  };
  const settingsOf = (partner: PartnerConfig) => deliverySettingsOf(partner.settings, timings);
  const control = new DeliveryControl({
    store: new DynamoDbDeliveryStateStore(documentClient, stateTable),
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    ...(options.onDeliverySignal && { onSignal: options.onDeliverySignal }),
  });
  const connectWise = createPartnerGatewayFactory({
    secretsProvider: new SecretsProvider({ awsSdkV3Client: secretsManagerClient }),
    secretMaxAgeSeconds: 300,
    allowPrivateSiteUrl: config[allowPrivateSiteUrlEnvVar] === 'true',
    remainingTimeMs: options.remainingTimeMs,
    delivery: { control, settingsOf },
  });
  const deps: SyncRecordDeps = {
    events: new DynamoDbEventStore(documentClient, config[tables.events.envVar]),
    partners: new DynamoDbPartnerRepository(documentClient, config[tables.partners.envVar]),
    eventLog: new DynamoDbEventLog(documentClient, config[tables.eventLog.envVar]),
    cache: new DynamoDbStateCache(documentClient, stateTable),
    markers: new DynamoDbSyncMarkers(documentClient, stateTable),
    usage: new DynamoDbUsageStore(documentClient, stateTable),
    window: new DynamoDbSyncWindow(documentClient, stateTable),
    dataSyncWindowSeconds: config[dataSyncWindowEnvVar],
    locks: new DynamoDbLock(documentClient, stateTable),
    visibility: new SqsMessageVisibility(sqsClient, config[syncQueue.envVar]),
    requeue: new SqsSyncQueue(sqsClient, config[syncQueue.envVar]),
    deferral: {
      baseSeconds: config[deferralPolicyEnvVars.baseSeconds],
      maxSeconds: config[deferralPolicyEnvVars.maxSeconds],
      toleranceSeconds: config[deferralPolicyEnvVars.toleranceSeconds],
    },
    runOnce: runOnce.runOnce,
    connectWise,
    partnerLeases: {
      acquire: (partner, leaseId) => control.acquire(partner.partnerId, settingsOf(partner), leaseId),
      release: (partner, leaseId) => control.release(partner.partnerId, leaseId),
    },
    remainingSeconds: () => options.remainingTimeMs() / 1000,
    ...(options.onJobResult && { onJobResult: options.onJobResult }),
    now: () => new Date(),
    random: Math.random,
    retryBackoff: {
      baseSeconds: config[retryBackoffEnvVars.baseSeconds],
      maxSeconds: config[retryBackoffEnvVars.maxSeconds],
    },
  };
  return { deps, registerLambdaContext: runOnce.registerLambdaContext };
};
