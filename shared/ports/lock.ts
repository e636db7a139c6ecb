/**
 * Short exclusive locks across concurrent function instances. A lock expires by itself after
 * `ttlSeconds`, so a crashed holder never blocks others for long.
 */
export interface LockManager {
  /** True when `owner` now holds `name`; false when someone else holds an unexpired lock. */
  acquire(name: string, owner: string, ttlSeconds: number): Promise<boolean>;
  /** Releases `name` if `owner` still holds it; a lock taken over after expiry is left alone. */
  release(name: string, owner: string): Promise<void>;
}
