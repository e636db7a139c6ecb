import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type RunningSimulator, startConnectWiseSimulator } from '../../cw-simulator/server.js';
import { provisionResources } from '../../local/provision.js';
import { DynamoDbEventLog } from '../../shared/adapters/aws/dynamodb-event-log.js';
import { DynamoDbEventStore } from '../../shared/adapters/aws/dynamodb-event-store.js';
import { DynamoDbPartnerRepository } from '../../shared/adapters/aws/dynamodb-partner-repository.js';
import type { NotificationRule, PartnerConfig } from '../../shared/domain/partner-config.js';
import { syncQueue, tables } from '../../shared/resources.js';
import { addSyncPartner } from './sync-environment.js';
import { startSyncWorker } from './sync-worker-process.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/**
 * A sync world whose sync function reaches AWS only through a TCP proxy in front of moto: its own
 * tables and queues, its own simulator, and the real handler polling in a worker process whose
 * every AWS client (DynamoDB, SQS, Secrets Manager, and the polling itself) goes through the proxy.
 * The test's own clients talk to moto directly, so they still see what the function left behind.
 */
export interface ProxiedSyncWorld {
  readonly proxy: TcpProxy;
  readonly simulator: RunningSimulator;
  readonly eventStore: DynamoDbEventStore;
  readonly eventLog: DynamoDbEventLog;
  readonly queueUrl: string;
  readonly deadLetterUrl: string;
  readonly stop: () => Promise<void>;
}

export interface ProxiedSyncWorldOptions {
  readonly partnerId: string;
  readonly rules: NotificationRule[];
  /** Changes to the partner's configuration (its pace, say). */
  readonly configure?: (config: PartnerConfig) => PartnerConfig;
  /** The sync function's environment besides its resources, e.g. the deferral timings. */
  readonly functionEnv: Record<string, string>;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
  /** The Lambda timeout of each invocation: the Powertools in-progress expiry follows it. */
  readonly lambdaTimeoutSeconds: number;
  /** Polling loops of the worker, as the stack's maximum concurrency. @default 5 */
  readonly concurrency?: number;
}

export const startProxiedSyncWorld = async (options: ProxiedSyncWorldOptions): Promise<ProxiedSyncWorld> => {
  const env = await provisionResources({
    namePrefix: `prx${randomUUID().slice(0, 8)}-`,
    syncDelaySeconds: 0,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
    maxReceiveCount: options.maxReceiveCount,
    billingVisibilityTimeoutSeconds: 5,
  });
  const simulator = await startConnectWiseSimulator({ port: 0, seed: 'demo' });
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const partners = new DynamoDbPartnerRepository(documentClient, env[tables.partners.envVar] ?? '');
  await addSyncPartner({ partners, simulator }, options.partnerId, {
    rules: options.rules,
    ...(options.configure && { configure: options.configure }),
  });
  const proxy = await startTcpProxy(process.env.AWS_ENDPOINT_URL ?? '');
  const worker = await startSyncWorker({
    ...env,
    ...options.functionEnv,
    AWS_ENDPOINT_URL: proxy.url,
    SYNC_WORKER_CONCURRENCY: String(options.concurrency ?? 5),
    SYNC_WORKER_TIMEOUT_SECONDS: String(options.lambdaTimeoutSeconds),
  });
  return {
    proxy,
    simulator,
    eventStore: new DynamoDbEventStore(documentClient, env[tables.events.envVar] ?? ''),
    eventLog: new DynamoDbEventLog(documentClient, env[tables.eventLog.envVar] ?? ''),
    queueUrl: env[syncQueue.envVar] ?? '',
    deadLetterUrl: env[syncQueue.deadLetter.envVar] ?? '',
    stop: async () => {
      await worker.stop();
      await proxy.stop();
      await simulator.stop();
    },
  };
};
