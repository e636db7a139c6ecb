/**
 * The data sync's window: at most one ConnectWise data sync per partner + customer per window
 * (12 hours). A claim is a record that matters for correctness, taken with one conditional write.
 */

/** A held claim: what `release` needs to remove exactly this claim and no newer one. */
export interface WindowClaim {
  readonly partnerId: string;
  readonly customerId: string;
  /** Unique per claim. */
  readonly claimId: string;
  /** ISO 8601: the `lastSyncAt` this claim wrote. */
  readonly claimedAt: string;
}

export interface SyncWindow {
  /**
   * Claims the window when no sync happened since `cutoff` (`attribute_not_exists(lastSyncAt) OR
   * lastSyncAt < :cutoff`), or when the last claim was this same event's (its attempt died before
   * it could release, e.g. a timed-out invocation: the retry must sync, not skip), writing
   * `lastSyncAt = now`.
   * @returns the claim, or undefined when another sync holds the window (closed or a lost race)
   */
  claim(input: {
    readonly partnerId: string;
    readonly customerId: string;
    /** The event whose data sync claims the window. */
    readonly eventId: string;
    /** ISO 8601. */
    readonly now: string;
    /** ISO 8601: `now` minus the window length (see `windowCutoffOf`). */
    readonly cutoff: string;
  }): Promise<WindowClaim | undefined>;
  /** Removes the claim if it is still this one; a newer claim is left alone. */
  release(claim: WindowClaim): Promise<void>;
}
