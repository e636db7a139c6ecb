import type { LocalStack } from './local-stack.js';
import { demoPartnerId } from './seed-demo-partner.js';

const quote = (value: string): string =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;

/** The ready-to-paste command that signs a sample event for the demo partner and posts it (the cwbridge CLI). */
export const sendSampleCommand = (stack: LocalStack): string =>
  `npx cwbridge send --url ${stack.apiUrl} --secret ${quote(stack.settings.demoWebhookSecret)} --sample`;

/** What `npm start` prints once everything is up: where things are, the credentials, a command to try. */
export const formatReadyBanner = (stack: LocalStack, startupMs: number): string => {
  const { settings, demoTenant } = stack;
  return [
    `cwbridge local stack ready in ${(startupMs / 1000).toFixed(1)}s`,
    '',
    `  HTTP API              ${stack.apiUrl}   (POST /v1/events, /v1/admin/...)`,
    `  ConnectWise simulator ${stack.simulatorUrl}   (companyId ${demoTenant.companyId})`,
    `  moto_server           ${stack.motoEndpoint}`,
    '',
    `  admin token           ${settings.adminToken}   (BRIDGE_ADMIN_TOKEN)`,
    `  demo partner          ${demoPartnerId}, webhook secret ${settings.demoWebhookSecret}   (DEMO_WEBHOOK_SECRET)`,
    `  simulator keys        public ${demoTenant.publicKey}, private ${demoTenant.privateKey}, clientId ${demoTenant.clientId}`,
    `  sync queue            delay ${settings.syncDelaySeconds}s, visibility ${settings.syncVisibilityTimeoutSeconds}s, DLQ after ${settings.syncMaxReceiveCount} receives`,
    `  billing sweep         every ${settings.sweepIntervalSeconds}s`,
    '',
    'Send a signed sample event:',
    `  ${sendSampleCommand(stack)}`,
    '',
    'Read the event log of its account:',
    `  curl -sS -H 'Authorization: Bearer ${settings.adminToken}' ${stack.apiUrl}/v1/admin/accounts/EFS123456789/events`,
    '',
    'Ctrl-C stops everything.',
  ].join('\n');
};
