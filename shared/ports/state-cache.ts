/** The key of one cached item: a partition per partner, a sort key per cached thing. */
export interface StateKey {
  readonly pk: string;
  readonly sk: string;
}

/** A cached value and when it was stored (ISO 8601), so the reader decides if it is fresh. */
export interface CachedValue<T> {
  readonly value: T;
  readonly storedAt: string;
}

/**
 * Small, rebuildable facts about a partner's ConnectWise (company mappings, board statuses).
 * Losing an item only costs a lookup; items expire by themselves after `ttlSeconds`.
 */
export interface StateCache {
  get<T>(key: StateKey): Promise<CachedValue<T> | undefined>;
  put<T>(key: StateKey, value: T, options: { storedAt: string; ttlSeconds: number }): Promise<void>;
}
