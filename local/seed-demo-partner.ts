import {
  CreateSecretCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbPartnerRepository } from '../shared/adapters/aws/dynamodb-partner-repository.js';
import { SecretsManagerPartnerSecrets } from '../shared/admin/secrets-manager-partner-secrets.js';
import type {
  NotificationRule,
  PartnerConfig,
  ServiceCatalogueEntry,
} from '../shared/domain/partner-config.js';

/** The ConnectWise tenant the demo partner talks to (the simulator's demo seed). */
export interface DemoTenant {
  readonly siteUrl: string;
  readonly companyId: string;
  readonly clientId: string;
  readonly publicKey: string;
  readonly privateKey: string;
  readonly managementSolutionName: string;
  readonly ticketBoard: string;
  readonly serviceCatalogue: readonly ServiceCatalogueEntry[];
}

export const demoPartnerId = 'demo';

/** The seeded demo's rules (DESIGN.md): a ticket for warnings and errors of every type, a data sync for every event. */
export const demoNotificationRules: readonly NotificationRule[] = [
  { action: 'ticket', severities: ['warning', 'error'], eventTypes: 'all' },
  { action: 'sync', severities: ['info', 'warning', 'error'], eventTypes: 'all' },
];

/** Creates the secret, or stores a new current version when it exists (a restart with a new value). */
export const putSecret = async (client: SecretsManagerClient, name: string, value: string): Promise<void> => {
  try {
    await client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  } catch (error) {
    if (!(error instanceof ResourceExistsException)) throw error;
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
  }
};

/** The demo partner's configuration, pointing at `tenant`. */
export const demoPartnerConfig = (tenant: DemoTenant): PartnerConfig => ({
  partnerId: demoPartnerId,
  connectWise: {
    siteUrl: tenant.siteUrl,
    companyId: tenant.companyId,
    clientId: tenant.clientId,
    managementSolutionName: tenant.managementSolutionName,
  },
  settings: {
    updateBackupStatistics: true,
    updateInvoiceDescriptions: true,
    ticketBoard: tenant.ticketBoard,
    autoResolveTickets: false,
  },
  serviceCatalogue: [...tenant.serviceCatalogue],
});

/**
 * Writes what the admin API would for the demo partner: its webhook secret and ConnectWise keys
 * in Secrets Manager, its configuration and rules in the partners table. Safe to run again.
 */
export const seedDemoPartner = async (options: {
  secretsManager: SecretsManagerClient;
  documentClient: DynamoDBDocumentClient;
  partnersTableName: string;
  webhookSecret: string;
  tenant: DemoTenant;
}): Promise<PartnerConfig> => {
  const { tenant } = options;
  // The admin API's own writer, so the secrets have exactly the names and format it stores.
  const partnerSecrets = new SecretsManagerPartnerSecrets(options.secretsManager);
  await partnerSecrets.putWebhookSecret(demoPartnerId, options.webhookSecret);
  await partnerSecrets.putConnectWiseKeys(demoPartnerId, {
    publicKey: tenant.publicKey,
    privateKey: tenant.privateKey,
  });
  const partners = new DynamoDbPartnerRepository(options.documentClient, options.partnersTableName);
  const config = demoPartnerConfig(tenant);
  await partners.putConfig(config);
  await partners.putRules(demoPartnerId, demoNotificationRules);
  return config;
};
