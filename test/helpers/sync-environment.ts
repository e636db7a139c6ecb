import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DEMO_BOARDS, DEMO_MANAGEMENT_SOLUTION } from '../../cw-simulator/demo-seed.js';
import type { JournalEntry } from '../../cw-simulator/journal.js';
import { type RunningSimulator, startConnectWiseSimulator } from '../../cw-simulator/server.js';
import { provisionResources } from '../../local/provision.js';
import { putSecret } from '../../local/seed-demo-partner.js';
import { DynamoDbEventLog } from '../../shared/adapters/aws/dynamodb-event-log.js';
import { DynamoDbEventStore } from '../../shared/adapters/aws/dynamodb-event-store.js';
import { DynamoDbPartnerRepository } from '../../shared/adapters/aws/dynamodb-partner-repository.js';
import type { NotificationRule, PartnerConfig } from '../../shared/domain/partner-config.js';
import { secrets, syncQueue, tables } from '../../shared/resources.js';
import { aSyncContext } from './sync-events.js';

/** Everything a sync integration test talks to: moto resources, the simulator, the real handler. */
export interface SyncEnvironment {
  readonly env: Record<string, string>;
  readonly simulator: RunningSimulator;
  readonly eventStore: DynamoDbEventStore;
  readonly eventLog: DynamoDbEventLog;
  readonly partners: DynamoDbPartnerRepository;
  readonly queueUrl: string;
  /** The sync function's `handleBatch` with a fresh Lambda context per call. */
  readonly invoke: (event: SQSEvent) => Promise<SQSBatchResponse>;
  /** The simulator's requests since `since` (a journal sequence number). */
  readonly requestsSince: (since: number) => JournalEntry[];
  readonly journalMark: () => number;
  readonly stop: () => Promise<void>;
}

/** Tickets for warnings and errors, and no data sync: the ticket tests see only ticket traffic. */
export const ticketRules: NotificationRule[] = [
  { action: 'ticket', severities: ['warning', 'error'], eventTypes: 'all' },
];

/** The demo partner's rules: tickets for warnings and errors, a data sync for every event. */
export const ticketAndSyncRules: NotificationRule[] = [
  ...ticketRules,
  { action: 'sync', severities: ['info', 'warning', 'error'], eventTypes: 'all' },
];

/**
 * The sync function's environment in these tests: the simulator's loopback siteUrl allowed,
 * deferrals of a second, and a circuit that does not open — tests of the circuit lower it.
 */
const quickDelivery: Record<string, string> = {
  CONNECTWISE_ALLOW_PRIVATE_SITE_URL: 'true',
  SYNC_DEFER_BASE_SECONDS: '1',
  SYNC_DEFER_MAX_SECONDS: '1',
  CONNECTWISE_FAILURE_THRESHOLD: '100',
  CONNECTWISE_PROBE_INITIAL_MS: '200',
  CONNECTWISE_PROBE_MAX_MS: '1000',
};

/** A partner pointing at the simulator's demo tenant. */
export const aPartnerConfig = (partnerId: string, simulator: RunningSimulator): PartnerConfig => ({
  partnerId,
  connectWise: {
    siteUrl: simulator.url,
    companyId: simulator.credentials.companyId,
    clientId: simulator.credentials.clientId,
    managementSolutionName: DEMO_MANAGEMENT_SOLUTION.name,
  },
  settings: {
    updateBackupStatistics: true,
    updateInvoiceDescriptions: false,
    ticketBoard: DEMO_BOARDS.backupAlerts.name,
    autoResolveTickets: false,
  },
  serviceCatalogue: [],
});

/**
 * Provisions this file's tables and queues in moto, starts the simulator, stores the partner's
 * keys, configuration and rules as the admin API would, then imports the real sync handler.
 */
export const startSyncEnvironment = async (options: {
  partnerId: string;
  visibilityTimeoutSeconds?: number;
  autoResolveTickets?: boolean;
  /** @default ticketRules */
  rules?: NotificationRule[];
  /** Changes to the partner's configuration (settings, service catalogue). */
  configure?: (config: PartnerConfig) => PartnerConfig;
  /** Extra environment of the sync function, e.g. DATA_SYNC_WINDOW_SECONDS. */
  functionEnv?: Record<string, string>;
}): Promise<SyncEnvironment> => {
  const env = await provisionResources({
    namePrefix: `sync${randomUUID().slice(0, 8)}-`,
    syncDelaySeconds: 0,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 30,
    maxReceiveCount: 5,
    // A billing batch that failed as a whole comes back in seconds, not after the deployed 11 minutes.
    billingVisibilityTimeoutSeconds: 5,
  });
  Object.assign(process.env, env, quickDelivery, options.functionEnv);
  const simulator = await startConnectWiseSimulator({ port: 0, seed: 'demo' });
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const partners = new DynamoDbPartnerRepository(documentClient, env[tables.partners.envVar] ?? '');
  const config = aPartnerConfig(options.partnerId, simulator);
  const configure = options.configure ?? ((unchanged: PartnerConfig) => unchanged);
  await partners.putConfig(
    configure({
      ...config,
      settings: { ...config.settings, autoResolveTickets: options.autoResolveTickets ?? false },
    }),
  );
  await partners.putRules(options.partnerId, options.rules ?? ticketRules);
  const secretsManager = new SecretsManagerClient({});
  const { publicKey, privateKey } = simulator.credentials;
  await putSecret(
    secretsManager,
    secrets.partnerConnectWiseKeysName(options.partnerId),
    JSON.stringify({ publicKey, privateKey }),
  );
  const { handleBatch } = await import('../../functions/sync/handler.js');
  return {
    env,
    simulator,
    eventStore: new DynamoDbEventStore(documentClient, env[tables.events.envVar] ?? ''),
    eventLog: new DynamoDbEventLog(documentClient, env[tables.eventLog.envVar] ?? ''),
    partners,
    queueUrl: env[syncQueue.envVar] ?? '',
    invoke: (event) => handleBatch(event, aSyncContext()),
    journalMark: () => simulator.journal().at(-1)?.seq ?? 0,
    requestsSince: (since) => simulator.journal().filter((entry) => entry.seq > since),
    stop: async () => {
      await simulator.stop();
      secretsManager.destroy();
    },
  };
};

/**
 * Another partner of a running environment, stored as the admin API would: its configuration
 * (`configure` changes the one pointing at `simulator`, the environment's by default), its rules,
 * and the simulator's keys.
 */
export const addSyncPartner = async (
  environment: Pick<SyncEnvironment, 'partners' | 'simulator'>,
  partnerId: string,
  options: {
    readonly rules: NotificationRule[];
    readonly simulator?: RunningSimulator;
    readonly configure?: (config: PartnerConfig) => PartnerConfig;
  },
): Promise<void> => {
  const simulator = options.simulator ?? environment.simulator;
  const configure = options.configure ?? ((unchanged: PartnerConfig) => unchanged);
  await environment.partners.putConfig(configure(aPartnerConfig(partnerId, simulator)));
  await environment.partners.putRules(partnerId, options.rules);
  const secretsManager = new SecretsManagerClient({});
  const { publicKey, privateKey } = simulator.credentials;
  await putSecret(
    secretsManager,
    secrets.partnerConnectWiseKeysName(partnerId),
    JSON.stringify({ publicKey, privateKey }),
  );
  secretsManager.destroy();
};

/** ConnectWise writes (anything but GET) among `requests`. */
export const writesAmong = (requests: readonly JournalEntry[]): JournalEntry[] =>
  requests.filter((entry) => entry.method !== 'GET');
