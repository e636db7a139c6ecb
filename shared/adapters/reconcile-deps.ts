import type { ReconcileDeps } from '../billing/reconcile-customer.js';
import type { PartnerConfig } from '../domain/partner-config.js';
import type { ConnectWiseGateways } from '../ports/connectwise-gateways.js';
import { documentClient } from './aws/clients.js';
import { DynamoDbStateCache, DynamoDbSyncMarkers } from './aws/dynamodb-state-cache.js';
import { DynamoDbUsageStore } from './aws/dynamodb-usage-store.js';
import { type ConnectWiseAccessEnv, createConnectWiseAccess } from './connectwise/connectwise-access.js';

/**
 * What reconciling a customer's billing reads and writes, from the state table and the partner's
 * paced ConnectWise: the admin function's preview and the sweep build it the same way.
 */
export const createReconcileDeps = (options: {
  readonly env: ConnectWiseAccessEnv;
  readonly stateTableName: string;
  readonly remainingMs: () => number;
}): ReconcileDeps & {
  readonly usage: DynamoDbUsageStore;
  readonly connectWise: (partner: PartnerConfig) => Promise<ConnectWiseGateways>;
  readonly now: () => Date;
} => ({
  usage: new DynamoDbUsageStore(documentClient, options.stateTableName),
  cache: new DynamoDbStateCache(documentClient, options.stateTableName),
  markers: new DynamoDbSyncMarkers(documentClient, options.stateTableName),
  connectWise: createConnectWiseAccess({
    env: options.env,
    stateTableName: options.stateTableName,
    remainingTimeMs: options.remainingMs,
  }).connectWise,
  remainingSeconds: () => options.remainingMs() / 1000,
  now: () => new Date(),
});
