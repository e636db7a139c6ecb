import type { PartnerConfig } from '../domain/partner-config.js';

/**
 * A place among the records of one partner worked on at once across all sync instances: taken
 * when a record first needs the partner's ConnectWise, given back when the record is done.
 */
export interface PartnerLeases {
  /**
   * `waiting`: the records of the same batch that would be turned away with this one (they get
   * turns in the partner's line after its own).
   * @throws DeliveryDeferredError (busy) when the partner's places are all taken
   */
  acquire(partner: PartnerConfig, leaseId: string, waiting?: number): Promise<void>;
  release(partner: PartnerConfig, leaseId: string): Promise<void>;
}
