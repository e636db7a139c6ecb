import { z } from 'zod';

export const eventTypes = [
  'backup.completed',
  'backup.failed',
  'backup.missed',
  'archive.failed',
  'hardware.failed',
  'service.status',
  'usage.report',
] as const;
export type EventType = (typeof eventTypes)[number];

export const severities = ['info', 'warning', 'error'] as const;
export type Severity = (typeof severities)[number];

const identifier = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only');
const name = z.string().trim().min(1).max(200);
const count = z.number().int().min(0).max(1_000_000_000);
const gigabytes = z.number().min(0).max(1_000_000_000);

export const portalEventSchema = z
  .object({
    eventId: identifier,
    partnerId: identifier,
    type: z.enum(eventTypes),
    severity: z.enum(severities),
    occurredAt: z.iso.datetime({ offset: true }),
    customer: z.object({ id: z.string().regex(/^\d{1,18}$/, 'numeric customer id'), name }).strict(),
    account: z
      .object({
        id: identifier,
        name,
        service: z.string().trim().min(1).max(100),
        plan: z.string().trim().min(1).max(100),
      })
      .strict(),
    message: z.string().max(4000),
    stats: z
      .object({
        servers: count,
        workstations: count,
        successfulJobs: count,
        failedJobs: count,
        storageGb: gigabytes,
        localStorageGb: gigabytes,
        lastBackupAt: z.iso.datetime({ offset: true }).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** One event pushed by the backup portal (the public contract in DESIGN.md). */
export type PortalEvent = z.infer<typeof portalEventSchema>;

/** The Managed ID ConnectWise knows a customer by. */
export const managedIdOf = (customerId: string): string => `EFS-${customerId}`;
