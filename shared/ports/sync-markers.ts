import type { CachedValue, StateKey } from './state-cache.js';

/** A stored marker and when it was written (ISO 8601). */
export type StoredMarker<T> = CachedValue<T>;

/**
 * Records that matter for correctness, unlike a cache: an intent written before a ticket create,
 * the attempt written before a recurrence note, the saved cursor of a company sweep. A retry reads
 * them to tell its own earlier attempt from a repeat, so a read must see the latest write (strongly
 * consistent), and one lost before it expires can duplicate a ConnectWise write or redo a scan.
 * Items expire by themselves after `ttlSeconds`. Key formats and lifetimes: `marker-keys.ts`.
 */
export interface SyncMarkers {
  get<T>(key: StateKey): Promise<StoredMarker<T> | undefined>;
  put<T>(key: StateKey, value: T, options: { storedAt: string; ttlSeconds: number }): Promise<void>;
}
