import { createServer } from 'node:net';
import { deliveryTimingEnvVars } from '../shared/domain/delivery-control.js';
import { dataSyncWindowEnvVar } from '../shared/domain/sync-window.js';
import { billingQueue, secrets } from '../shared/resources.js';
import { deferralPolicyEnvVars, retryBackoffEnvVars } from '../shared/sync/failure-policy.js';
import { buildApiRoutes } from './api-routes.js';
import { awsRuntimeEnv, createLocalClients, type LocalClients, localRegion } from './aws-environment.js';
import { startDemoTenant } from './demo-tenant.js';
import { startHttpGateway } from './http-gateway.js';
import { createLambdaContext } from './lambda-context.js';
import { functionTimeoutSeconds, importFunctions, type LocalFunctions } from './local-functions.js';
import {
  type LocalStackOptions,
  type LocalStackSettings,
  resolveLocalStackSettings,
} from './local-settings.js';
import { startMoto } from './moto.js';
import { provisionResources } from './provision.js';
import { type BatchOutcome, startQueuePoller } from './queue-poller.js';
import { startScheduler } from './scheduler.js';
import type { DemoTenant } from './seed-demo-partner.js';
import { putSecret, seedDemoPartner } from './seed-demo-partner.js';

/** Callbacks for watching the local runtime work (tests, diagnostics). */
export interface LocalStackHooks {
  /** Called after each sync batch, with the records the handler failed. */
  readonly onSyncBatch?: (outcome: BatchOutcome) => void;
  /** Called after each scheduled billing sweep. */
  readonly onSweep?: (outcome: { result?: unknown; error?: unknown }) => void;
}

/** A running local stack. */
export interface LocalStack {
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:3000 (`POST {apiUrl}/v1/events`). */
  readonly apiUrl: string;
  readonly simulatorUrl: string;
  readonly motoEndpoint: string;
  /** The environment the handlers run with: table names, queue URLs, secret names, AWS endpoint. */
  readonly env: Readonly<Record<string, string>>;
  readonly settings: LocalStackSettings;
  /** The demo partner's ConnectWise tenant (keys included: this is local and printed anyway). */
  readonly demoTenant: DemoTenant;
  /** Stops pollers, schedule, servers and moto (when this stack started it). Safe to call twice. */
  stop(): Promise<void>;
}

type Stopper = () => Promise<void>;

/** A fixed port the local stack needs is taken, typically by another `npm start`. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

// moto_server would fail to bind, yet the readiness probe would be answered by whoever holds the
// port — so a second stack would silently share (and on exit, lose) the first one's moto.
const assertPortFree = async (port: number, variable: string): Promise<void> => {
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  if (!free)
    throw new PortInUseError(
      `${variable} ${port} is already in use; stop what holds it or choose another port`,
    );
};

const stopAll = async (stoppers: Stopper[]): Promise<void> => {
  // Last started, first stopped: the pollers go before the moto they poll.
  for (const stop of stoppers.splice(0).reverse()) {
    await stop().catch((error: unknown) => console.error(`local stack: stop failed: ${String(error)}`));
  }
};

const provisionAndSeed = async (
  settings: LocalStackSettings,
  clients: LocalClients,
  tenant: DemoTenant,
): Promise<Record<string, string>> => {
  const provisioned = await provisionResources({
    namePrefix: settings.namePrefix,
    syncDelaySeconds: settings.syncDelaySeconds,
    maxReceiveCount: settings.syncMaxReceiveCount,
    visibilityTimeoutSeconds: settings.syncVisibilityTimeoutSeconds,
  });
  await putSecret(clients.secretsManager, secrets.adminToken.name, settings.adminToken);
  await seedDemoPartner({
    secretsManager: clients.secretsManager,
    documentClient: clients.documentClient,
    partnersTableName: provisioned.PARTNERS_TABLE_NAME ?? '',
    webhookSecret: settings.demoWebhookSecret,
    tenant,
  });
  return {
    ...provisioned,
    [secrets.adminToken.envVar]: secrets.adminToken.name,
    // Configuration, not a code branch: the one switch that lets the simulator's loopback siteUrl through.
    CONNECTWISE_ALLOW_PRIVATE_SITE_URL: 'true',
    [retryBackoffEnvVars.baseSeconds]: String(settings.syncRetryBaseSeconds),
    [retryBackoffEnvVars.maxSeconds]: String(settings.syncRetryMaxSeconds),
    [dataSyncWindowEnvVar]: String(settings.dataSyncWindowSeconds),
    [deferralPolicyEnvVars.baseSeconds]: String(settings.syncDeferBaseSeconds),
    [deferralPolicyEnvVars.maxSeconds]: String(settings.syncDeferMaxSeconds),
    [deferralPolicyEnvVars.toleranceSeconds]: String(settings.syncOutageToleranceSeconds),
    [deliveryTimingEnvVars.probeInitialMs]: String(settings.connectWiseProbeInitialMs),
    [deliveryTimingEnvVars.probeMaxMs]: String(settings.connectWiseProbeMaxMs),
    [billingQueue.planPageSizeEnvVar]: String(settings.billingPlanPageSize),
  };
};

const startRuntime = async (
  settings: LocalStackSettings,
  functions: LocalFunctions,
  clients: LocalClients,
  env: Record<string, string>,
  hooks: LocalStackHooks,
) => {
  const gateway = await startHttpGateway({
    routes: buildApiRoutes(functions),
    port: settings.port,
    host: settings.host,
  });
  const poller = await startQueuePoller({
    sqs: clients.sqs,
    queueUrl: env.SYNC_QUEUE_URL ?? '',
    region: localRegion,
    handler: functions.sync,
    createContext: () =>
      createLambdaContext({ functionName: 'sync', timeoutSeconds: functionTimeoutSeconds.sync }),
    waitTimeSeconds: settings.queuePollWaitSeconds,
    onBatch: hooks.onSyncBatch,
    concurrency: settings.syncMaxConcurrency,
  });
  const scheduler = startScheduler({
    ruleName: `${settings.namePrefix}cwbridge-billing-sweep`,
    intervalSeconds: settings.sweepIntervalSeconds,
    region: localRegion,
    handler: functions.billingSweep,
    createContext: () =>
      createLambdaContext({
        functionName: 'billing-sweep',
        timeoutSeconds: functionTimeoutSeconds.billingSweep,
      }),
    onRun: hooks.onSweep,
  });
  // The sweep's fan-out: each customer of a run, as the billing queue's event source delivers it.
  const billingPoller = await startQueuePoller({
    sqs: clients.sqs,
    queueUrl: env[billingQueue.envVar] ?? '',
    region: localRegion,
    handler: functions.billingUnits,
    createContext: () =>
      createLambdaContext({
        functionName: 'billing-sweep',
        timeoutSeconds: functionTimeoutSeconds.billingSweep,
      }),
    waitTimeSeconds: settings.queuePollWaitSeconds,
    concurrency: 2,
  });
  return { gateway, stoppers: [gateway.stop, poller.stop, scheduler.stop, billingPoller.stop] };
};

/**
 * Runs the whole bridge on this machine: moto_server (or the one at `motoEndpoint`), the tables,
 * queues and secrets of the CDK spec, the seeded demo partner, the ConnectWise simulator, the
 * HTTP API, the sync and billing queue pollers and the billing-sweep schedule — all invoking the
 * real handlers.
 *
 * Handlers read `process.env` when first imported, so this sets the process environment and one
 * process hosts one local stack's handlers.
 */
export const startLocalStack = async (
  options: LocalStackOptions & LocalStackHooks = {},
): Promise<LocalStack> => {
  const settings = resolveLocalStackSettings(options);
  const stoppers: Stopper[] = [];
  try {
    let motoEndpoint = settings.motoEndpoint;
    if (!motoEndpoint) {
      if (settings.motoPort !== 0) await assertPortFree(settings.motoPort, 'MOTO_PORT');
      const moto = await startMoto({ port: settings.motoPort });
      stoppers.push(moto.stop);
      motoEndpoint = moto.endpoint;
    }
    Object.assign(process.env, awsRuntimeEnv(motoEndpoint));
    const clients = createLocalClients(motoEndpoint);
    stoppers.push(async () => clients.destroy());
    const simulator = await startDemoTenant({ port: settings.simulatorPort, host: settings.host });
    stoppers.push(simulator.stop);
    const env = {
      ...awsRuntimeEnv(motoEndpoint),
      ...(await provisionAndSeed(settings, clients, simulator.tenant)),
    };
    Object.assign(process.env, env);
    const functions = await importFunctions();
    const runtime = await startRuntime(settings, functions, clients, env, options);
    stoppers.push(...runtime.stoppers);
    return {
      apiUrl: runtime.gateway.url,
      simulatorUrl: simulator.url,
      motoEndpoint,
      env,
      settings,
      demoTenant: simulator.tenant,
      stop: () => stopAll(stoppers),
    };
  } catch (error) {
    await stopAll(stoppers);
    throw error;
  }
};
