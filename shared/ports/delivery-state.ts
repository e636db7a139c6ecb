import type { DeliveryState } from '../domain/delivery-control.js';

/**
 * The delivery state every sync instance shares per partner (pace, pause, circuit), read strongly
 * consistent and replaced only if nobody wrote it since: the transitions themselves are pure
 * (`shared/domain/delivery-control.ts`).
 */
export interface DeliveryStateStore {
  /** The partner's state, `initialDeliveryState` when none was written yet. */
  read(partnerId: string): Promise<DeliveryState>;
  /**
   * Writes `next` if the stored version is still `expectedVersion`.
   * @returns false when another instance wrote first (read again and recompute)
   */
  replace(partnerId: string, expectedVersion: number, next: DeliveryState): Promise<boolean>;
}
