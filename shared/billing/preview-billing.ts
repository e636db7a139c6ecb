import type { PartnerConfig } from '../domain/partner-config.js';
import { NotFoundError, RetryableError } from '../errors.js';
import { logger } from '../observability.js';
import type { ConnectWiseGateways } from '../ports/connectwise-gateways.js';
import type { PartnerRepository } from '../ports/partner-repository.js';
import type { KnownCustomer } from '../ports/usage-store.js';
import { type BillingPreview, summarizeReconciliation } from './billing-report.js';
import { type CustomerReconciliation, type ReconcileDeps, reconcileCustomer } from './reconcile-customer.js';

export interface BillingPreviewDeps extends ReconcileDeps {
  readonly partners: Pick<PartnerRepository, 'getConfig'>;
  readonly connectWise: (partner: PartnerConfig) => Promise<ConnectWiseGateways>;
  readonly now: () => Date;
  /** Milliseconds the invocation may still run. */
  readonly remainingMs: () => number;
}

export interface BillingPreviewQuery {
  /** Only this customer. */
  readonly customerId?: string;
  /** Continues a preview that stopped early. */
  readonly cursor?: string;
}

/** A preview stops this long before the invocation's end, so its answer still goes out. */
export const previewReserveMs = 8_000;

/** Customers read from the registry at a time. */
const pageSize = 100;

const errorOf = (customer: KnownCustomer, error: unknown): CustomerReconciliation => ({
  customerId: customer.customerId,
  customerName: customer.customerName,
  status: 'error',
  findings: [],
  unchanged: 0,
  error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
});

/**
 * `GET /partners/{partnerId}/billing/preview`: the reconciliation report of the partner's
 * customers (or one), computed with ConnectWise reads only — nothing is written there. It runs
 * inside the admin request, so it stops before the invocation's time runs out, or when ConnectWise
 * is down or the partner's pace is spent, and says how far it got (`nextCursor` continues).
 * A customer whose checks fail permanently is reported as an error and the rest go on.
 * @throws NotFoundError for a partner that is not configured
 */
export const previewBilling = async (
  deps: BillingPreviewDeps,
  partnerId: string,
  query: BillingPreviewQuery = {},
): Promise<BillingPreview> => {
  const partner = await deps.partners.getConfig(partnerId);
  if (!partner) throw new NotFoundError(`partner ${partnerId} is not configured`);
  const generatedAt = deps.now().toISOString();
  const gateways = await deps.connectWise(partner);
  const results: CustomerReconciliation[] = [];
  let cursor = query.cursor;
  let stoppedBecause: string | undefined;
  let resumeAt: string | undefined;
  const customersOf = async (): Promise<{ customers: readonly KnownCustomer[]; cursor?: string }> =>
    query.customerId !== undefined
      ? {
          customers: [
            {
              customerId: query.customerId,
              customerName: `customer ${query.customerId}`,
              lastUsageAt: generatedAt,
            },
          ],
        }
      : deps.usage.listCustomers(partnerId, { limit: pageSize, ...(cursor !== undefined && { cursor }) });
  outer: do {
    const page = await customersOf();
    // A stop continues after the last customer checked (or where this page began).
    const resumeBefore = (index: number) => (index === 0 ? cursor : page.customers[index - 1]?.customerId);
    for (const [index, customer] of page.customers.entries()) {
      if (deps.remainingMs() < previewReserveMs) {
        stoppedBecause = `the request's time ran out after ${results.length} customers`;
        resumeAt = resumeBefore(index);
        break outer;
      }
      try {
        results.push(
          await reconcileCustomer(deps, { partner, customer, gateways, now: generatedAt, mode: 'preview' }),
        );
      } catch (error) {
        if (error instanceof RetryableError && error.deferrable) {
          stoppedBecause = `ConnectWise is unavailable or the partner's pace is spent (${error.message}) after ${results.length} customers`;
          resumeAt = resumeBefore(index);
          break outer;
        }
        logger.warn('billing preview could not check a customer', { customerId: customer.customerId, error });
        results.push(errorOf(customer, error));
      }
    }
    cursor = query.customerId === undefined ? page.cursor : undefined;
  } while (cursor !== undefined);
  return {
    partnerId,
    mode: 'preview',
    generatedAt,
    ...summarizeReconciliation(results),
    complete: stoppedBecause === undefined,
    ...(stoppedBecause !== undefined && { stoppedBecause }),
    ...(resumeAt !== undefined && { nextCursor: resumeAt }),
    customers: results.filter((result) => result.status !== 'in-line'),
  };
};
