import type { Context } from 'aws-lambda';
import { documentClient, dynamoDbClient, sqsClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbEventLog } from '../../shared/adapters/aws/dynamodb-event-log.js';
import { DynamoDbEventStore } from '../../shared/adapters/aws/dynamodb-event-store.js';
import { DynamoDbLock } from '../../shared/adapters/aws/dynamodb-lock.js';
import { DynamoDbPartnerRepository } from '../../shared/adapters/aws/dynamodb-partner-repository.js';
import { DynamoDbStateCache, DynamoDbSyncMarkers } from '../../shared/adapters/aws/dynamodb-state-cache.js';
import { DynamoDbSyncWindow } from '../../shared/adapters/aws/dynamodb-sync-window.js';
import { DynamoDbUnmappedCustomers } from '../../shared/adapters/aws/dynamodb-unmapped-customers.js';
import { DynamoDbUsageStore } from '../../shared/adapters/aws/dynamodb-usage-store.js';
import { createPowertoolsRunOnce } from '../../shared/adapters/aws/powertools-run-once.js';
import { SqsMessageVisibility } from '../../shared/adapters/aws/sqs-message-visibility.js';
import { SqsSyncQueue } from '../../shared/adapters/aws/sqs-sync-queue.js';
import {
  connectWiseAccessEnvSchema,
  createConnectWiseAccess,
  deliveryTimingsOf,
} from '../../shared/adapters/connectwise/connectwise-access.js';
import { integerWithDefault, loadConfig, requiredString } from '../../shared/config/env.js';
import { deliveryTimingEnvVars } from '../../shared/domain/delivery-control.js';
import { dataSyncWindowEnvVar, defaultDataSyncWindowSeconds } from '../../shared/domain/sync-window.js';
import { syncQueue, tables } from '../../shared/resources.js';
import type { DeliverySignal } from '../../shared/sync/delivery-control.js';
import {
  defaultDeferralPolicy,
  defaultRetryBackoff,
  deferralPolicyEnvVars,
  maxDelaySeconds,
  maxVisibilityTimeoutSeconds,
  retryBackoffEnvVars,
} from '../../shared/sync/failure-policy.js';
import type { SyncRecordDeps } from '../../shared/sync/process-sync-record.js';
import { defaultTicketCreateSettleSeconds, ticketCreateSettleEnvVar } from '../../shared/sync/ticket-sync.js';

const configSchema = connectWiseAccessEnvSchema
  .extend({
    [tables.events.envVar]: requiredString,
    [tables.eventLog.envVar]: requiredString,
    [tables.partners.envVar]: requiredString,
    [tables.state.envVar]: requiredString,
    [tables.idempotency.envVar]: requiredString,
    // ChangeMessageVisibility needs the queue URL; the record only carries its ARN.
    [syncQueue.envVar]: requiredString,
    [dataSyncWindowEnvVar]: integerWithDefault(defaultDataSyncWindowSeconds, 1, 31 * 86_400),
    [ticketCreateSettleEnvVar]: integerWithDefault(defaultTicketCreateSettleSeconds, 1, 3600),
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
}): {
  deps: SyncRecordDeps;
  registerLambdaContext: (context: Context) => void;
  /** How long a batch works on one partner's records (see `BatchDeferrals`): the longest pace wait. */
  batchTurnMs: number;
} => {
  const config = loadConfig(configSchema);
  const stateTable = config[tables.state.envVar];
  const runOnce = createPowertoolsRunOnce(
    dynamoDbClient,
    config[tables.idempotency.envVar],
    idempotencySeconds,
  );
  const { control, settingsOf, connectWise } = createConnectWiseAccess({
    env: config,
    stateTableName: stateTable,
    remainingTimeMs: options.remainingTimeMs,
    ...(options.onDeliverySignal && { onDeliverySignal: options.onDeliverySignal }),
  });
  const deps: SyncRecordDeps = {
    events: new DynamoDbEventStore(documentClient, config[tables.events.envVar]),
    partners: new DynamoDbPartnerRepository(documentClient, config[tables.partners.envVar]),
    eventLog: new DynamoDbEventLog(documentClient, config[tables.eventLog.envVar]),
    cache: new DynamoDbStateCache(documentClient, stateTable),
    markers: new DynamoDbSyncMarkers(documentClient, stateTable),
    usage: new DynamoDbUsageStore(documentClient, stateTable),
    window: new DynamoDbSyncWindow(documentClient, stateTable),
    unmapped: new DynamoDbUnmappedCustomers(documentClient, stateTable),
    dataSyncWindowSeconds: config[dataSyncWindowEnvVar],
    ticketCreateSettleSeconds: config[ticketCreateSettleEnvVar],
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
      acquire: (partner, leaseId, waiting) =>
        control.acquire(partner.partnerId, settingsOf(partner), leaseId, waiting),
      release: (partner, leaseId) => control.release(partner.partnerId, settingsOf(partner), leaseId),
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
  return {
    deps,
    registerLambdaContext: runOnce.registerLambdaContext,
    batchTurnMs: deliveryTimingsOf(config).maxInProcessWaitMs,
  };
};
