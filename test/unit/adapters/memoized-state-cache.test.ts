import { describe, expect, it, vi } from 'vitest';
import { MemoizedStateCache } from '../../../shared/adapters/memoized-state-cache.js';
import { InMemoryStateCache } from '../../helpers/sync-fakes.js';

const key = { pk: 'PARTNER#acme', sk: 'SOLUTION#Axcient BDR' };
const storedAt = '2026-11-28T10:00:00.000Z';

const memoOver = () => {
  const inner = new InMemoryStateCache();
  const clock = { ms: 0 };
  const reads = vi.spyOn(inner, 'get');
  const memo = new MemoizedStateCache(inner, 15_000, () => clock.ms);
  return { inner, clock, reads, memo };
};

describe('MemoizedStateCache', () => {
  it('reads the table once within the memo age, and again after it', async () => {
    const { inner, clock, reads, memo } = memoOver();
    await inner.put(key, 7, { storedAt, ttlSeconds: 3600 });

    expect(await memo.get(key)).toEqual({ value: 7, storedAt });
    clock.ms = 14_999;
    expect(await memo.get(key)).toEqual({ value: 7, storedAt });
    expect(reads).toHaveBeenCalledTimes(1);

    await inner.put(key, 8, { storedAt, ttlSeconds: 3600 });
    clock.ms = 15_000;
    expect(await memo.get(key)).toEqual({ value: 8, storedAt });
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('does not remember absence: a fact another instance stored is found on the next read', async () => {
    const { inner, reads, memo } = memoOver();
    expect(await memo.get(key)).toBeUndefined();
    await inner.put(key, 7, { storedAt, ttlSeconds: 3600 });

    expect(await memo.get(key)).toEqual({ value: 7, storedAt });
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('serves its own write at once, and stores it in the table', async () => {
    const { inner, reads, memo } = memoOver();
    await memo.get(key);
    await memo.put(key, 9, { storedAt, ttlSeconds: 3600 });

    expect(await memo.get(key)).toEqual({ value: 9, storedAt });
    expect(reads).toHaveBeenCalledTimes(1);
    expect(await inner.get(key)).toEqual({ value: 9, storedAt });
  });

  it('forgets a value whose write failed, so the table is read again', async () => {
    const { inner, reads, memo } = memoOver();
    await inner.put(key, 7, { storedAt, ttlSeconds: 3600 });
    await memo.get(key);
    vi.spyOn(inner, 'put').mockRejectedValueOnce(new Error('throttled'));

    await expect(memo.put(key, 9, { storedAt, ttlSeconds: 3600 })).rejects.toThrow('throttled');
    expect(await memo.get(key)).toEqual({ value: 7, storedAt });
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('keeps keys apart', async () => {
    const { inner, memo } = memoOver();
    const other = { pk: 'PARTNER#acme', sk: 'BILLING#Axcient BDR' };
    await inner.put(key, 1, { storedAt, ttlSeconds: 3600 });
    await inner.put(other, 2, { storedAt, ttlSeconds: 3600 });

    expect((await memo.get(key))?.value).toBe(1);
    expect((await memo.get(other))?.value).toBe(2);
  });
});
