import { z } from 'zod';
import type { BillingPreview } from '../billing/billing-report.js';
import { type BillingPreviewDeps, previewBilling } from '../billing/preview-billing.js';
import { customerIdSchema } from '../domain/portal-event.js';
import { toValidationError } from '../http/validation.js';
import { parsePartnerId } from './partner-admin.js';

const previewQuerySchema = z.object({
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
