import type { StateCache, StateKey } from '../ports/state-cache.js';

/**
 * A cached value, or `load`ed and cached for `ttlSeconds` when absent (or when `refresh` asks to
 * read past the cache). The one read-through every cached ConnectWise fact of the sync goes through.
 */
export const readThrough = async <T>(
  cache: StateCache,
  key: StateKey,
  options: { readonly now: string; readonly ttlSeconds: number; readonly refresh?: boolean },
  load: () => Promise<T>,
): Promise<T> => {
  const hit = options.refresh ? undefined : await cache.get<T>(key);
  if (hit) return hit.value;
  const value = await load();
  await cache.put(key, value, { storedAt: options.now, ttlSeconds: options.ttlSeconds });
  return value;
};
