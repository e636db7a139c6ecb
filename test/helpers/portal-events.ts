import { randomUUID } from 'node:crypto';
import type { PortalEvent } from '../../shared/domain/portal-event.js';

/** A valid portal event; override any field. Ids are unique per call. */
export const aPortalEvent = (overrides: Partial<PortalEvent> = {}): PortalEvent => ({
  eventId: `evt-${randomUUID()}`,
  partnerId: 'demo',
  type: 'backup.failed',
  severity: 'error',
  occurredAt: '2026-11-28T10:00:00Z',
  customer: { id: '19652', name: 'O\'Brien "IT" & Sons' },
  account: { id: 'EFS123456789', name: 'Head office server', service: 'BDR', plan: 'Cloud 1TB' },
  message: 'Backup job failed: volume C: snapshot error',
  stats: {
    servers: 2,
    workstations: 5,
    successfulJobs: 40,
    failedJobs: 1,
    storageGb: 812.5,
    localStorageGb: 400,
    lastBackupAt: '2026-11-28T09:00:00Z',
  },
  ...overrides,
});
