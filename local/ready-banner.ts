import { signEvent } from '../shared/signing.js';
import { demoSampleCustomer } from './demo-tenant.js';
import type { LocalStack } from './local-stack.js';
import { demoPartnerId } from './seed-demo-partner.js';

const quote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

/** A sample event for the demo partner, unique per call so it is never a duplicate. */
export const sampleDemoEvent = (now = new Date()) => ({
  eventId: `sample-${now.getTime()}`,
  partnerId: demoPartnerId,
  type: 'backup.failed',
  severity: 'error',
  occurredAt: now.toISOString(),
  customer: { id: String(demoSampleCustomer.portalCustomerId), name: demoSampleCustomer.name },
  account: { id: 'EFS123456789', name: 'Head office server', service: 'BDR', plan: 'Cloud 1TB' },
  message: 'Backup job failed: volume C: snapshot error',
});

/** A curl command that posts a freshly signed sample event (valid for the ±300 s signature window). */
export const signedSampleCommand = (stack: LocalStack, now = new Date()): string => {
  const body = JSON.stringify(sampleDemoEvent(now));
  const signed = signEvent(stack.settings.demoWebhookSecret, body, Math.floor(now.getTime() / 1000));
  const headers = Object.entries(signed.headers).map(([name, value]) => `-H ${quote(`${name}: ${value}`)}`);
  return `curl -sS -X POST ${stack.apiUrl}/v1/events ${headers.join(' ')} --data ${quote(body)}`;
};

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
    `  sync delay            ${settings.syncDelaySeconds}s, visibility ${settings.syncVisibilityTimeoutSeconds}s, DLQ after ${settings.syncMaxReceiveCount} receives`,
    `  billing sweep         every ${settings.sweepIntervalSeconds}s`,
    '',
    'Send a signed sample event (the signature is valid for 5 minutes):',
    `  ${signedSampleCommand(stack)}`,
    '',
    `Then read its event log: curl -sS -H 'Authorization: Bearer ${settings.adminToken}' ${stack.apiUrl}/v1/admin/accounts/EFS123456789/events`,
    'Ctrl-C stops everything.',
  ].join('\n');
};
