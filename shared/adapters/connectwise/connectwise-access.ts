import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod';
import { integerWithDefault } from '../../config/env.js';
import {
  type DeliverySettings,
  type DeliveryTimings,
  defaultDeliveryTimings,
  deliverySettingsOf,
  deliveryTimingEnvVars,
} from '../../domain/delivery-control.js';
import type { PartnerConfig } from '../../domain/partner-config.js';
import type { ConnectWiseGateways } from '../../ports/connectwise-gateways.js';
import { DeliveryControl, type DeliverySignal } from '../../sync/delivery-control.js';
import { documentClient, secretsManagerClient } from '../aws/clients.js';
import { DynamoDbDeliveryStateStore } from '../aws/dynamodb-delivery-state.js';
import { createPartnerGatewayFactory } from './partner-gateways.js';

/** Env var that lifts the siteUrl guard; set only by the local stack and tests. */
export const allowPrivateSiteUrlEnvVar = 'CONNECTWISE_ALLOW_PRIVATE_SITE_URL';

/**
 * The environment every function that calls ConnectWise reads: the siteUrl switch and the
 * delivery timings (circuit threshold, probe interval, longest in-process pace wait).
 */
export const connectWiseAccessEnvSchema = z.object({
  [allowPrivateSiteUrlEnvVar]: z.enum(['true', 'false']).default('false'),
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
});

export type ConnectWiseAccessEnv = z.infer<typeof connectWiseAccessEnvSchema>;

/** The delivery timings an environment sets. */
export const deliveryTimingsOf = (env: ConnectWiseAccessEnv): DeliveryTimings => ({
  failureThreshold: env[deliveryTimingEnvVars.failureThreshold],
  probeInitialMs: env[deliveryTimingEnvVars.probeInitialMs],
  probeMaxMs: env[deliveryTimingEnvVars.probeMaxMs],
  maxInProcessWaitMs: env[deliveryTimingEnvVars.maxInProcessWaitMs],
  leaseTtlMs: defaultDeliveryTimings.leaseTtlMs,
});

export interface ConnectWiseAccess {
  readonly control: DeliveryControl;
  readonly settingsOf: (partner: PartnerConfig) => DeliverySettings;
  readonly connectWise: (partner: PartnerConfig) => Promise<ConnectWiseGateways>;
}

/**
 * Each partner's ConnectWise gateways, every request going through the partner's shared pace and
 * circuit in the state table: the same budget whichever function calls.
 */
export const createConnectWiseAccess = (options: {
  readonly env: ConnectWiseAccessEnv;
  readonly stateTableName: string;
  readonly remainingTimeMs: () => number;
  readonly onDeliverySignal?: (signal: DeliverySignal) => void;
}): ConnectWiseAccess => {
  const timings = deliveryTimingsOf(options.env);
  const settingsOf = (partner: PartnerConfig) => deliverySettingsOf(partner.settings, timings);
  const control = new DeliveryControl({
    store: new DynamoDbDeliveryStateStore(documentClient, options.stateTableName),
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    ...(options.onDeliverySignal && { onSignal: options.onDeliverySignal }),
  });
  const connectWise = createPartnerGatewayFactory({
    secretsProvider: new SecretsProvider({ awsSdkV3Client: secretsManagerClient }),
    secretMaxAgeSeconds: 300,
    allowPrivateSiteUrl: options.env[allowPrivateSiteUrlEnvVar] === 'true',
    remainingTimeMs: options.remainingTimeMs,
    delivery: { control, settingsOf },
  });
  return { control, settingsOf, connectWise };
};
