import type { SweepPlanDeps } from '../billing/billing-sweep.js';
import type { BillingPreviewDeps } from '../billing/preview-billing.js';
import type { RedriveDeps } from '../operations/dead-letters.js';
import { type DoctorDeps, runDoctor } from '../operations/doctor.js';
import { type ReprocessDeps, reprocessEvent } from '../operations/reprocess.js';
import type { AdminAudit } from '../ports/admin-audit.js';
import type { EventLog } from '../ports/event-log.js';
import { listAccountEvents } from './account-events.js';
import { listAuditEntries } from './admin-audit-trail.js';
import type { AdminRoute } from './admin-router.js';
import { billingPreviewRoute, billingReportsRoute, billingSweepRoute } from './billing-admin.js';
import { deadLettersRoute, redriveRoute } from './dead-letter-admin.js';
import {
  getNotificationRules,
  getPartner,
  listPartners,
  type PartnerAdminDependencies,
  parsePartnerId,
  rotateWebhookSecret,
  saveNotificationRules,
  savePartner,
} from './partner-admin.js';

export interface AdminRouteDependencies {
  readonly partnerAdmin: PartnerAdminDependencies;
  readonly eventLog: EventLog;
  /** The billing preview's reads; `remainingMs` comes with each request. */
  readonly billing: Omit<BillingPreviewDeps, 'remainingMs'>;
  /** Starting a sweep run now, and its reports. */
  readonly sweep: SweepPlanDeps;
  /** The sync queue's dead-letter queue and the way back; `remainingMs` comes with each request. */
  readonly deadLetters: Omit<RedriveDeps, 'remainingMs'>;
  /** Re-queueing a stored event with `force`. */
  readonly reprocess: ReprocessDeps;
  /** The setup checks' reads; `remainingMs` comes with each request. */
  readonly doctor: Omit<DoctorDeps, 'remainingMs'>;
  /** The admin audit trail, read by `GET /audit`. */
  readonly audit: Pick<AdminAudit, 'list'>;
}

/** Every admin route of the contract. */
export const adminRoutes = (deps: AdminRouteDependencies): AdminRoute[] => [
  {
    method: 'GET',
    path: '/v1/admin/accounts/{accountId}/events',
    run: async ({ accountId = '' }, request) => ({
      status: 200,
      body: await listAccountEvents(deps.eventLog, accountId, request.query),
    }),
  },
  {
    method: 'GET',
    path: '/v1/admin/partners',
    run: async () => ({ status: 200, body: await listPartners(deps.partnerAdmin) }),
  },
  {
    method: 'PUT',
    path: '/v1/admin/partners/{partnerId}',
    run: async ({ partnerId = '' }, request) => {
      const saved = await savePartner(deps.partnerAdmin, partnerId, request.json());
      return {
        status: saved.created ? 201 : 200,
        body: saved.partner,
        audit: { created: saved.created },
      };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/partners/{partnerId}',
    run: async ({ partnerId = '' }) => ({
      status: 200,
      body: await getPartner(deps.partnerAdmin, partnerId),
    }),
  },
  {
    method: 'POST',
    path: '/v1/admin/partners/{partnerId}/webhook-secret',
    run: async ({ partnerId = '' }) => ({
      status: 201,
      body: await rotateWebhookSecret(deps.partnerAdmin, partnerId),
      audit: { rotated: true },
    }),
  },
  {
    method: 'GET',
    path: '/v1/admin/partners/{partnerId}/doctor',
    run: async ({ partnerId = '' }, request) => ({
      status: 200,
      body: await runDoctor(
        { ...deps.doctor, remainingMs: request.remainingMs },
        parsePartnerId(partnerId),
        request.query,
      ),
    }),
  },
  {
    method: 'GET',
    path: '/v1/admin/partners/{partnerId}/billing/preview',
    run: async ({ partnerId = '' }, request) => ({
      status: 200,
      body: await billingPreviewRoute(
        { ...deps.billing, remainingMs: request.remainingMs },
        partnerId,
        request.query,
      ),
    }),
  },
  {
    method: 'POST',
    path: '/v1/admin/partners/{partnerId}/billing/sweep',
    run: async ({ partnerId = '' }) => {
      const run = await billingSweepRoute(deps.sweep, partnerId);
      return { status: 202, body: run, audit: { runId: run.runId, customersQueued: run.queued } };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/partners/{partnerId}/billing/reports',
    run: async ({ partnerId = '' }, request) => ({
      status: 200,
      body: await billingReportsRoute(deps.sweep.reports, partnerId, request.query),
    }),
  },
  {
    method: 'PUT',
    path: '/v1/admin/partners/{partnerId}/notifications',
    run: async ({ partnerId = '' }, request) => {
      const saved = await saveNotificationRules(deps.partnerAdmin, partnerId, request.json());
      return { status: 200, body: saved, audit: { rules: saved.rules.length } };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/partners/{partnerId}/notifications',
    run: async ({ partnerId = '' }) => ({
      status: 200,
      body: await getNotificationRules(deps.partnerAdmin, partnerId),
    }),
  },
  {
    method: 'POST',
    path: '/v1/admin/events/{eventId}/reprocess',
    run: async ({ eventId = '' }, request) => {
      const partnerId = request.query.partnerId;
      const queued = await reprocessEvent(
        deps.reprocess,
        eventId,
        partnerId === undefined ? undefined : parsePartnerId(partnerId),
      );
      return {
        status: 202,
        body: queued,
        audit: { events: 1, partnerId: queued.partnerId, accountId: queued.accountId },
      };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/audit',
    run: async (_params, request) => ({
      status: 200,
      body: await listAuditEntries(deps.audit, request.query),
    }),
  },
  {
    method: 'GET',
    path: '/v1/admin/dlq',
    run: async (_params, request) => ({
      status: 200,
      body: await deadLettersRoute({ ...deps.deadLetters, remainingMs: request.remainingMs }, request.query),
    }),
  },
  {
    method: 'POST',
    path: '/v1/admin/dlq/redrive',
    run: async (_params, request) => {
      const result = await redriveRoute(
        { ...deps.deadLetters, remainingMs: request.remainingMs },
        request.json(),
      );
      const { dryRun, moved, skipped, failed, done } = result;
      // Validated by the redrive: which records the operator asked for.
      const asked = request.json() as { all?: true; partnerId?: string; eventIds?: string[] };
      const filter = asked.all
        ? 'all'
        : asked.partnerId !== undefined
          ? `partner ${asked.partnerId}`
          : `${asked.eventIds?.length ?? 0} events`;
      return { status: 200, body: result, audit: { filter, dryRun, moved, skipped, failed, done } };
    },
  },
];
