import { createHash } from 'node:crypto';
import type { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { createConnectWiseClient } from '../../connectwise/index.js';
import type { DeliverySettings } from '../../domain/delivery-control.js';
import { connectWiseKeysSchema, type PartnerConfig } from '../../domain/partner-config.js';
import { PartnerConfigurationError } from '../../errors.js';
import type { ConnectWiseConnection } from '../../ports/connectwise.js';
import type { ConnectWiseGateways } from '../../ports/connectwise-gateways.js';
import { secrets } from '../../resources.js';
import type { DeliveryControl } from '../../sync/delivery-control.js';
import { ConnectWiseBillingGateway } from './billing-gateway.js';
import { ConnectWiseCompanyDirectory } from './company-directory.js';
import { controlledFetch } from './controlled-fetch.js';
import { ConnectWiseManagedIdGateway } from './managed-id-gateway.js';
import { ConnectWiseSetupGateway } from './setup-gateway.js';
import { ConnectWiseTicketGateway } from './ticket-gateway.js';

export interface PartnerGatewayOptions {
  readonly secretsProvider: SecretsProvider;
  /** How long ConnectWise keys are cached in the warm container. */
  readonly secretMaxAgeSeconds: number;
  /** Local stack and tests only: lets the simulator's http://127.0.0.1 through. */
  readonly allowPrivateSiteUrl: boolean;
  /** The invocation's remaining time, so the client never waits past the Lambda's end. */
  readonly remainingTimeMs: () => number;
  /** Every request of every partner goes through its shared pace and circuit. */
  readonly delivery: {
    readonly control: DeliveryControl;
    readonly settingsOf: (partner: PartnerConfig) => DeliverySettings;
  };
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

const keysOf = async (options: PartnerGatewayOptions, partnerId: string) => {
  let value: unknown;
  try {
    value = await options.secretsProvider.get(secrets.partnerConnectWiseKeysName(partnerId), {
      maxAge: options.secretMaxAgeSeconds,
      transform: 'json',
    });
  } catch (error) {
    if (error instanceof Error && /ResourceNotFound/.test(`${error.name} ${String(error.cause)}`)) {
      throw new PartnerConfigurationError(`partner ${partnerId} has no ConnectWise keys stored`);
    }
    throw error;
  }
  const parsed = connectWiseKeysSchema.safeParse(value);
  if (!parsed.success)
    throw new PartnerConfigurationError(`partner ${partnerId} has malformed ConnectWise keys`);
  return parsed.data;
};

// Identifies a connection without keeping the keys themselves as a map key.
const connectionHash = (connection: ConnectWiseConnection): string =>
  createHash('sha256').update(JSON.stringify(connection)).digest('hex');

/**
 * Builds each partner's ConnectWise gateways from its configuration and its keys in Secrets
 * Manager, and keeps them for the life of the warm container. Rotated keys or a changed siteUrl
 * give a new client.
 */
export const createPartnerGatewayFactory = (
  options: PartnerGatewayOptions,
): ((partner: PartnerConfig) => Promise<ConnectWiseGateways>) => {
  const clients = new Map<string, { hash: string; gateways: ConnectWiseGateways }>();
  // Read by each request, so a changed pace applies without a new client.
  const settings = new Map<string, DeliverySettings>();
  return async (partner) => {
    settings.set(partner.partnerId, options.delivery.settingsOf(partner));
    const keys = await keysOf(options, partner.partnerId);
    const connection: ConnectWiseConnection = {
      siteUrl: partner.connectWise.siteUrl,
      companyId: partner.connectWise.companyId,
      clientId: partner.connectWise.clientId,
      publicKey: keys.publicKey,
      privateKey: keys.privateKey,
    };
    const hash = connectionHash(connection);
    const known = clients.get(partner.partnerId);
    if (known?.hash === hash) return known.gateways;
    const { partnerId } = partner;
    const api = createConnectWiseClient(connection, {
      fetch: controlledFetch(options.fetch ?? globalThis.fetch, options.delivery.control, partnerId, () => {
        const current = settings.get(partnerId);
        if (!current) throw new Error(`no delivery settings for partner ${partnerId}`);
        return current;
      }),
      allowPrivateSiteUrl: options.allowPrivateSiteUrl,
      remainingTimeMs: options.remainingTimeMs,
    });
    const gateways: ConnectWiseGateways = {
      tickets: new ConnectWiseTicketGateway(api),
      directory: new ConnectWiseCompanyDirectory(api),
      managedIds: new ConnectWiseManagedIdGateway(api),
      billing: new ConnectWiseBillingGateway(api),
      setup: new ConnectWiseSetupGateway(api),
    };
    clients.set(partner.partnerId, { hash, gateways });
    return gateways;
  };
};
