import type { PartnerRepository } from '../ports/partner-repository.js';

/** What one run of the billing sweep found. */
export interface BillingSweepPlan {
  /** Partners whose agreement additions the sweep is responsible for, sorted. */
  readonly partnerIds: readonly string[];
  /**
   * Partners actually reconciled in this run. Always 0 until reconciliation (comparing expected
   * quantities and invoice descriptions with ConnectWise) exists, so nobody mistakes a sweep
   * that only counted partners for one that corrected drift.
   */
  readonly reconciledCount: number;
}

/**
 * Lists the partners a billing sweep has to cover. Reconciliation itself is not implemented yet:
 * the plan says so through `reconciledCount` rather than pretending work was done.
 */
export const planBillingSweep = async (
  partners: Pick<PartnerRepository, 'listPartnerIds'>,
): Promise<BillingSweepPlan> => {
  const partnerIds = await partners.listPartnerIds();
  return { partnerIds, reconciledCount: 0 };
};
