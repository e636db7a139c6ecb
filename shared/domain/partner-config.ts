import * as z from 'zod';
import { eventTypes, severities } from './portal-event.js';

const partnerIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and - only');

/** What an addition's quantity counts for a service. */
export const billingUnits = ['storage', 'devices', 'servers', 'workstations'] as const;
export type BillingUnit = (typeof billingUnits)[number];

/** Storage is billed in GB rounded up to this increment unless the catalogue says otherwise. */
export const defaultGbIncrement = 0.01;

/** How a portal service is billed and which ConnectWise cross-reference it maps to. */
export const serviceCatalogueEntrySchema = z
  .object({
    /** The portal's service name as it appears in events (`account.service`). */
    service: z.string().min(1).max(100),
    /**
     * The unit of the addition's quantity: `storage` is cloud storage in GB; `devices` protected
     * servers + workstations; `servers` and `workstations` one of the two counts.
     */
    billing: z.enum(billingUnits),
    /**
     * Storage quantities are rounded up to a multiple of this many GB (1 bills whole GB).
     * @default 0.01
     */
    gbIncrement: z.number().positive().max(1000).optional(),
    /** The managed-devices integration cross-reference this service is billed through. */
    vendorType: z.string().min(1).max(50),
    vendorLevel: z.string().min(1).max(50).optional(),
  })
  .strict();

/** A partner's non-secret configuration (keys and webhook secret live in Secrets Manager). */
export const partnerConfigSchema = z
  .object({
    partnerId: partnerIdSchema,
    connectWise: z
      .object({
        siteUrl: z.url(),
        companyId: z.string().min(1).max(100),
        clientId: z.string().min(1).max(100),
        managementSolutionName: z.string().min(1).max(100),
      })
      .strict(),
    settings: z
      .object({
        updateBackupStatistics: z.boolean().default(true),
        updateInvoiceDescriptions: z.boolean().default(false),
        /** Name of the service board tickets are opened on. */
        ticketBoard: z.string().min(1).max(100),
        autoResolveTickets: z.boolean().default(false),
        /**
         * The ConnectWise priority (its id) a new ticket gets, by the event's severity; a severity
         * without one leaves the board's default priority.
         */
        ticketPriorities: z
          .object({
            warning: z.number().int().positive().optional(),
            error: z.number().int().positive().optional(),
          })
          .strict()
          .optional(),
        /**
         * The partner's ConnectWise pace, shared by every sync instance: requests per second.
         * @default 5 (`defaultRequestsPerSecond`)
         */
        connectWiseRequestsPerSecond: z.number().positive().max(100).optional(),
        /** Requests that may go at once after a quiet spell. @default the pace, rounded up */
        connectWiseBurst: z.number().int().min(1).max(100).optional(),
      })
      .strict(),
    serviceCatalogue: z.array(serviceCatalogueEntrySchema).max(200).default([]),
  })
  .strict();

export type PartnerConfig = z.infer<typeof partnerConfigSchema>;
export type ServiceCatalogueEntry = z.infer<typeof serviceCatalogueEntrySchema>;

/** One notification rule: the seed's "action / severities / subscribe to all event types". */
export const notificationRuleSchema = z
  .object({
    action: z.enum(['ticket', 'sync']),
    severities: z.array(z.enum(severities)).min(1),
    eventTypes: z.union([z.literal('all'), z.array(z.enum(eventTypes)).min(1)]),
  })
  .strict();

export const notificationRulesSchema = z.array(notificationRuleSchema).max(50);

export type NotificationRule = z.infer<typeof notificationRuleSchema>;

/** ConnectWise API keys of a partner, as stored in Secrets Manager. */
export const connectWiseKeysSchema = z.object({
  publicKey: z.string().min(1),
  privateKey: z.string().min(1),
});
export type ConnectWiseKeys = z.infer<typeof connectWiseKeysSchema>;
