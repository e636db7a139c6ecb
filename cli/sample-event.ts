import { randomUUID } from 'node:crypto';
import type { PortalEvent } from '../shared/domain/portal-event.js';

/** A valid event for the demo partner's customer 19652, with a fresh eventId on every call. */
export const aSampleEvent = (now: Date = new Date()): PortalEvent => ({
  eventId: `evt-${randomUUID()}`,
  partnerId: 'demo',
  type: 'backup.failed',
  severity: 'error',
  occurredAt: now.toISOString(),
  customer: { id: '19652', name: 'Contoso Dental' },
  account: { id: 'EFS123456789', name: 'Front desk server', service: 'BDR', plan: 'Cloud 1TB' },
  message: 'Backup job failed: volume C: snapshot error',
  stats: {
    servers: 1,
    workstations: 4,
    successfulJobs: 27,
    failedJobs: 1,
    storageGb: 512.4,
    localStorageGb: 300,
    lastBackupAt: now.toISOString(),
  },
});
