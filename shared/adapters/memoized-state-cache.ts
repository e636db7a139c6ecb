import type { CachedValue, StateCache, StateKey } from '../ports/state-cache.js';

/** How long an instance trusts what it read or wrote itself before it reads the table again. */
export const stateCacheMemoMs = 15_000;
/** Keys remembered at once; the oldest is forgotten first. */
const maxEntries = 2000;

/**
 * A StateCache that remembers, for `maxAgeMs`, what this instance read or wrote. A partner's
 * ConnectWise facts (the management solution, the billing cross-references, board statuses) are
 * the same for every customer and every record, and were read from DynamoDB once per record:
 * three reads of each sweep unit. The table is already read eventually consistently, so a cached
 * fact could be a moment stale before; this makes it at most `maxAgeMs` more, and a write of this
 * instance is seen at once. Absence is not remembered: a fact another instance just stored is
 * found on the next read.
 */
export class MemoizedStateCache implements StateCache {
  readonly #entries = new Map<string, { readonly at: number; readonly cached: CachedValue<unknown> }>();

  constructor(
    private readonly inner: StateCache,
    private readonly maxAgeMs: number = stateCacheMemoMs,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async get<T>(key: StateKey): Promise<CachedValue<T> | undefined> {
    const id = idOf(key);
    const entry = this.#entries.get(id);
    if (entry && this.nowMs() - entry.at < this.maxAgeMs) return entry.cached as CachedValue<T>;
    const cached = await this.inner.get<T>(key);
    if (cached) this.#remember(id, cached);
    else this.#entries.delete(id);
    return cached;
  }

  async put<T>(key: StateKey, value: T, options: { storedAt: string; ttlSeconds: number }): Promise<void> {
    const id = idOf(key);
    // Forgotten first: a failed write must not leave the value it tried to store.
    this.#entries.delete(id);
    await this.inner.put(key, value, options);
    this.#remember(id, { value, storedAt: options.storedAt });
  }

  #remember(id: string, cached: CachedValue<unknown>): void {
    this.#entries.delete(id);
    this.#entries.set(id, { at: this.nowMs(), cached });
    if (this.#entries.size > maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}

const idOf = (key: StateKey): string => `${key.pk}\u0000${key.sk}`;
