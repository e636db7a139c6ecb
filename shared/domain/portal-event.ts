import * as z from 'zod';

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

/**
 * The portal's numeric customer id, sent as a JSON integer (`19652`) or a string of digits
 * (`"19652"`): both mean the same customer, so downstream (fingerprints, Managed IDs, state keys)
 * only ever sees the canonical digit string, without leading zeros.
 */
export const customerIdSchema = z
  .union([
    z
      .number()
      .int('a whole number')
      .min(0)
      .max(Number.MAX_SAFE_INTEGER, 'too large to be exact as a JSON number: send it as a string of digits'),
    z.string().regex(/^\d{1,18}$/, 'numeric customer id (1 to 18 digits)'),
  ])
  .transform((id) => String(id).replace(/^0+(?=\d)/, ''));
const count = z.number().int().min(0).max(1_000_000_000);
const gigabytes = z.number().min(0).max(1_000_000_000);

export const portalEventSchema = z
  .object({
    eventId: identifier,
    partnerId: identifier,
    type: z.enum(eventTypes),
    severity: z.enum(severities),
    occurredAt: z.iso.datetime({ offset: true }),
    customer: z.object({ id: customerIdSchema, name }).strict(),
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
