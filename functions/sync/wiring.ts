import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import {
  documentClient,
  dynamoDbClient,
  secretsManagerClient,
  sqsClient,
} from '../../shared/adapters/aws/clients.js';
import { DynamoDbEventLog } from '../../shared/adapters/aws/dynamodb-event-log.js';
import { DynamoDbEventStore } from '../../shared/adapters/aws/dynamodb-event-store.js';
import { DynamoDbLock } from '../../shared/adapters/aws/dynamodb-lock.js';
import { DynamoDbPartnerRepository } from '../../shared/adapters/aws/dynamodb-partner-repository.js';
import { DynamoDbStateCache, DynamoDbSyncMarkers } from '../../shared/adapters/aws/dynamodb-state-cache.js';
import { DynamoDbSyncWindow } from '../../shared/adapters/aws/dynamodb-sync-window.js';
import { DynamoDbUsageStore } from '../../shared/adapters/aws/dynamodb-usage-store.js';
import { createPowertoolsRunOnce } from '../../shared/adapters/aws/powertools-run-once.js';
import { SqsMessageVisibility } from '../../shared/adapters/aws/sqs-message-visibility.js';
import { createPartnerGatewayFactory } from '../../shared/adapters/connectwise/partner-gateways.js';
import { integerWithDefault, loadConfig, requiredString } from '../../shared/config/env.js';
import { dataSyncWindowEnvVar, defaultDataSyncWindowSeconds } from '../../shared/domain/sync-window.js';
import { syncQueue, tables } from '../../shared/resources.js';
import {
  defaultRetryBackoff,
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
  })
  .refine((config) => config[retryBackoffEnvVars.maxSeconds] >= config[retryBackoffEnvVars.baseSeconds], {
    path: [retryBackoffEnvVars.maxSeconds],
    message: `must not be below ${retryBackoffEnvVars.baseSeconds}`,
  });

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
}): { deps: SyncRecordDeps; registerLambdaContext: (context: Context) => void } => {
  const config = loadConfig(configSchema);
  const stateTable = config[tables.state.envVar];
  const runOnce = createPowertoolsRunOnce(
    dynamoDbClient,
    config[tables.idempotency.envVar],
    idempotencySeconds,
  );
  const connectWise = createPartnerGatewayFactory({
    secretsProvider: new SecretsProvider({ awsSdkV3Client: secretsManagerClient }),
    secretMaxAgeSeconds: 300,
    allowPrivateSiteUrl: config[allowPrivateSiteUrlEnvVar] === 'true',
    remainingTimeMs: options.remainingTimeMs,
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
    runOnce: runOnce.runOnce,
    connectWise,
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
