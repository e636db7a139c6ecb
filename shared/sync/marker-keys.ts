import type { StateKey } from '../ports/state-cache.js';

/**
 * The one home of the sync markers' key formats and lifetimes (see `SyncMarkers`). They share the
 * state table with the caches, the usage state and the windows (`adapters/aws/state-keys.ts`).
 */
export const markerSeconds = {
  /** An intent outlives every retry of the create it guards (the queue retries for days at most). */
  ticketIntent: 7 * 24 * 3600,
  noteAttempt: 7 * 24 * 3600,
  companySweep: 7 * 24 * 3600,
  /** Longer than any gap between a customer's syncs: a product billed a year ago is still known. */
  billedProducts: 400 * 24 * 3600,
} as const;

const partnerPk = (partnerId: string) => `PARTNER#${partnerId}`;

/** Which event last tried to create the ticket of a fingerprint, kept across a lost response. */
export const ticketIntentKey = (partnerId: string, fingerprint: string): StateKey => ({
  pk: partnerPk(partnerId),
  sk: `CREATING#${fingerprint}`,
});

/** That an event's recurrence note was attempted, so its retry looks for the note first. */
export const noteAttemptKey = (partnerId: string, eventId: string): StateKey => ({
  pk: partnerPk(partnerId),
  sk: `NOTING#${eventId}`,
});

/** Where a partner's sweep of its companies' Managed IDs stands. */
export const companySweepKey = (partnerId: string, solutionId: number): StateKey => ({
  pk: partnerPk(partnerId),
  sk: `SWEEP#${solutionId}`,
});

/**
 * The products a customer's accounts were billed through at its last data sync: one of them no
 * account is billed through any more (the account moved to another service, or left) is set to 0.
 */
export const billedProductsKey = (partnerId: string, managedId: string): StateKey => ({
  pk: partnerPk(partnerId),
  sk: `BILLED#${managedId}`,
});
