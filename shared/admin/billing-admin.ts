import * as z from 'zod';
import type { BillingPreview } from '../billing/billing-report.js';
import { type PlannedRun, planSweep, type SweepPlanDeps } from '../billing/billing-sweep.js';
import { type BillingPreviewDeps, previewBilling } from '../billing/preview-billing.js';
import { customerIdSchema } from '../domain/portal-event.js';
import { NotFoundError } from '../errors.js';
import { toValidationError } from '../http/validation.js';
import type { BillingReports, BillingRunReport } from '../ports/billing-reports.js';
import { parsePartnerId } from './partner-admin.js';

/** The query of `GET …/billing/preview`. */
export const previewQuerySchema = z.object({
  customerId: customerIdSchema.optional(),
  cursor: customerIdSchema.optional(),
});

/**
 * `GET /partners/{partnerId}/billing/preview[?customerId=][&cursor=]`: the reconciliation report
 * with nothing written to ConnectWise. `customerId` checks one customer; `cursor` (the
 * `nextCursor` of a preview that stopped early) continues after the customer it names.
 */
export const billingPreviewRoute = async (
  deps: BillingPreviewDeps,
  rawPartnerId: string,
  query: Record<string, string | undefined>,
): Promise<BillingPreview> => {
  const partnerId = parsePartnerId(rawPartnerId);
  const parsed = previewQuerySchema.safeParse(query);
  if (!parsed.success) throw toValidationError(parsed.error, 'query');
  const { customerId, cursor } = parsed.data;
  return previewBilling(deps, partnerId, {
    ...(customerId !== undefined && { customerId }),
    ...(cursor !== undefined && { cursor }),
  });
};

/**
 * `POST /partners/{partnerId}/billing/sweep`: starts a real reconciliation run for the partner now
 * (the same fan-out as the schedule); its report is read with `GET …/billing/reports`.
 */
export const billingSweepRoute = async (deps: SweepPlanDeps, rawPartnerId: string): Promise<PlannedRun> => {
  const partnerId = parsePartnerId(rawPartnerId);
  if ((await deps.partners.getConfig(partnerId)) === undefined) {
    throw new NotFoundError(`partner ${partnerId} is not configured`);
  }
  const [run] = await planSweep(deps, 'operator', [partnerId]);
  if (!run) throw new Error(`no run was started for partner ${partnerId}`);
  return run;
};

/** The query of `GET …/billing/reports`. */
export const reportsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) });

/** `GET /partners/{partnerId}/billing/reports[?limit=]`: the latest runs' reports, newest first. */
export const billingReportsRoute = async (
  reports: BillingReports,
  rawPartnerId: string,
  query: Record<string, string | undefined>,
): Promise<{ partnerId: string; reports: BillingRunReport[] }> => {
  const partnerId = parsePartnerId(rawPartnerId);
  const parsed = reportsQuerySchema.safeParse(query);
  if (!parsed.success) throw toValidationError(parsed.error, 'query');
  return { partnerId, reports: await reports.latestRuns(partnerId, parsed.data.limit) };
};
