import type { DeliveryState } from '../domain/delivery-control.js';

/** What a conditional replace did. */
export type ReplaceOutcome =
  | { readonly written: true }
  | { readonly written: false; readonly current: DeliveryState };

/**
 * The delivery state every sync instance shares per partner (pace, pause, circuit), read strongly
 * consistent and replaced only if nobody wrote it since: the transitions themselves are pure
 * (`shared/domain/delivery-control.ts`).
 */
export interface DeliveryStateStore {
  /** The partner's state, `initialDeliveryState` when none was written yet. */
  read(partnerId: string): Promise<DeliveryState>;
  /**
   * Writes `next` if the stored version is still `expectedVersion`; when another instance wrote
   * first, nothing is written and the state it wrote comes back (recompute from it, no read).
   */
  replace(partnerId: string, expectedVersion: number, next: DeliveryState): Promise<ReplaceOutcome>;
  /**
   * Pauses the partner until `untilMs` in one atomic write (a 429 must land before the next
   * request, however busy the item is), bumping the version so concurrent writers re-read.
   * @returns false when a pause at least that long was already set
   */
  pause(partnerId: string, untilMs: number): Promise<boolean>;
}
