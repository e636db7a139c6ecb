import { describe, expect, it } from 'vitest';
import {
  ConnectWiseAmbiguousWriteError,
  ConnectWiseRateLimitError,
  ConnectWiseUnavailableError,
  ConnectWiseValidationError,
} from '../../../shared/connectwise/errors.js';
import {
  backoffDelayMs,
  defaultRetryPolicyOptions,
  runWithRetry,
} from '../../../shared/connectwise/retry-policy.js';
import { decideRecordFailure } from '../../../shared/sync/failure-policy.js';

const request = { method: 'GET', path: '/service/tickets' };
const unavailable = () => new ConnectWiseUnavailableError('503', { ...request, httpStatus: 503 });

/** A policy whose sleeps are recorded instead of waited. */
const recordingPolicy = (overrides: Partial<typeof defaultRetryPolicyOptions> = {}) => {
  const sleeps: number[] = [];
  const policy = {
    ...defaultRetryPolicyOptions,
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    ...overrides,
  };
  return { policy, sleeps };
};

/** An attempt that fails with the given errors in order, then answers 'ok'. */
const failingThen = (...errors: Error[]) => {
  const calls: number[] = [];
  const attempt = async (timeoutMs: number) => {
    calls.push(timeoutMs);
    const error = errors[calls.length - 1];
    if (error !== undefined) throw error;
    return 'ok';
  };
  return { attempt, calls };
};

describe('retry policy', () => {
  describe('429', () => {
    it('waits the Retry-After seconds before trying again', async () => {
      const { policy, sleeps } = recordingPolicy();
      const { attempt, calls } = failingThen(new ConnectWiseRateLimitError('429', request, 2));
      await expect(runWithRetry(attempt, policy, request)).resolves.toBe('ok');
      expect(calls).toHaveLength(2);
      expect(sleeps).toEqual([2000]);
    });

    it('does not sleep out a Retry-After longer than any backoff: the record waits it out in the queue', async () => {
      const { policy, sleeps } = recordingPolicy();
      const { attempt, calls } = failingThen(new ConnectWiseRateLimitError('429', request, 60));
      await expect(runWithRetry(attempt, policy, request)).rejects.toMatchObject({ retryAfterSeconds: 60 });
      expect(calls).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });
  });

  describe('5xx and timeouts', () => {
    it('backs off with full jitter inside [0, min(20 s, 200 ms·2^(n−1)))', async () => {
      const { policy, sleeps } = recordingPolicy({ random: () => 0.999 });
      const { attempt, calls } = failingThen(unavailable(), unavailable(), unavailable(), unavailable());
      await expect(runWithRetry(attempt, policy, request)).resolves.toBe('ok');
      expect(calls).toHaveLength(5);
      expect(sleeps).toEqual([199, 399, 799, 1598]);
    });

    it('draws each delay from the random source (jitter) and caps it at 20 s', () => {
      const options = { ...defaultRetryPolicyOptions };
      expect(backoffDelayMs(1, { ...options, random: () => 0 })).toBe(0);
      expect(backoffDelayMs(3, { ...options, random: () => 0.5 })).toBe(400);
      expect(backoffDelayMs(20, { ...options, random: () => 0.999_99 })).toBeLessThan(20_000);
      expect(backoffDelayMs(20, { ...options, random: () => 0.999_99 })).toBeGreaterThan(19_990);
    });

    it('throws the last error without a Retry-After of its own once attempts run out', async () => {
      const { policy } = recordingPolicy({ maxAttempts: 3, random: () => 0.5 });
      const { attempt, calls } = failingThen(unavailable(), unavailable(), unavailable());
      const error = await runWithRetry(attempt, policy, request).catch((e: unknown) => e);
      expect(calls).toHaveLength(3);
      expect(error).toBeInstanceOf(ConnectWiseUnavailableError);
      // ConnectWise named no time: the queue's backoff by receive count decides, not a 1 s guess.
      expect(error).toMatchObject({ retryable: true, retryAfterSeconds: undefined });
      const backoff = { baseSeconds: 2, maxSeconds: 300 };
      expect(decideRecordFailure(error, 5, 0.5, backoff)).toMatchObject({ visibilityTimeoutSeconds: 24 });
    });
  });

  describe('permanent errors', () => {
    it('does not retry a validation error', async () => {
      const { policy, sleeps } = recordingPolicy();
      const { attempt, calls } = failingThen(new ConnectWiseValidationError('400', request, []));
      await expect(runWithRetry(attempt, policy, request)).rejects.toBeInstanceOf(ConnectWiseValidationError);
      expect(calls).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('does not re-send a POST that may have been committed', async () => {
      const { policy } = recordingPolicy();
      const post = { method: 'POST', path: '/service/tickets' };
      const { attempt, calls } = failingThen(new ConnectWiseAmbiguousWriteError('dropped', post));
      await expect(runWithRetry(attempt, policy, post)).rejects.toMatchObject({
        name: 'ConnectWiseAmbiguousWriteError',
        retryable: true,
      });
      expect(calls).toHaveLength(1);
    });
  });

  describe('remaining Lambda time', () => {
    it('gives up instead of waiting past the deadline, telling the queue when to retry', async () => {
      const { policy, sleeps } = recordingPolicy({ remainingTimeMs: () => 5_000 });
      const { attempt, calls } = failingThen(new ConnectWiseRateLimitError('429', request, 30));
      const error = await runWithRetry(attempt, policy, request).catch((e: unknown) => e);
      expect(calls).toHaveLength(1);
      expect(sleeps).toEqual([]);
      expect(error).toMatchObject({ name: 'ConnectWiseRateLimitError', retryAfterSeconds: 30 });
    });

    it('shortens the attempt timeout to the time left minus the safety margin', async () => {
      const { policy } = recordingPolicy({
        remainingTimeMs: () => 6_000,
        timeoutMs: 10_000,
        safetyMarginMs: 2_000,
      });
      const { attempt, calls } = failingThen();
      await runWithRetry(attempt, policy, request);
      expect(calls).toEqual([4_000]);
    });

    it('does not start an attempt when almost no time is left', async () => {
      const { policy } = recordingPolicy({ remainingTimeMs: () => 2_500 });
      const { attempt, calls } = failingThen();
      await expect(runWithRetry(attempt, policy, request)).rejects.toMatchObject({ retryable: true });
      expect(calls).toEqual([]);
    });

    it('retries while the wait and the next attempt still fit', async () => {
      let remaining = 30_000;
      const { policy, sleeps } = recordingPolicy({
        remainingTimeMs: () => remaining,
        sleep: async (ms) => {
          sleeps.push(ms);
          remaining -= ms;
        },
      });
      const { attempt, calls } = failingThen(new ConnectWiseRateLimitError('429', request, 20));
      await expect(runWithRetry(attempt, policy, request)).resolves.toBe('ok');
      expect(sleeps).toEqual([20_000]);
      expect(calls).toEqual([10_000, 8_000]);
    });
  });
});
