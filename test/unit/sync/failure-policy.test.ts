import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConnectWiseAuthError,
  ConnectWiseRateLimitError,
  ConnectWiseUnavailableError,
  ConnectWiseValidationError,
} from '../../../shared/connectwise/errors.js';
import {
  DeliveryDeferredError,
  PartnerConfigurationError,
  RetryableError,
  WorkInProgressError,
} from '../../../shared/errors.js';
import {
  backoffSeconds,
  decideRecordFailure,
  defaultRetryBackoff,
  type RetryBackoff,
} from '../../../shared/sync/failure-policy.js';

const request = { method: 'POST', path: '/service/tickets', httpStatus: 400 };
/** What the local stack configures: retries within seconds. */
const localBackoff: RetryBackoff = { baseSeconds: 1, maxSeconds: 5 };
const deployed = defaultRetryBackoff;

describe('decideRecordFailure', () => {
  describe('given a permanent failure', () => {
    it('logs a ConnectWise 400 as a ConnectWise error instead of retrying', () => {
      const error = new ConnectWiseValidationError('summary is too long', request, []);
      expect(decideRecordFailure(error, 1, 0.5, deployed)).toEqual({
        kind: 'log',
        message: 'ConnectWise error: summary is too long',
        errorName: 'ConnectWiseValidationError',
      });
    });

    it('logs a ConnectWise 403 instead of retrying', () => {
      const error = new ConnectWiseAuthError('member lacks the Service Desk role', {
        ...request,
        httpStatus: 403,
      });
      expect(decideRecordFailure(error, 4, 0.5, deployed).kind).toBe('log');
    });

    it('logs a configuration problem with its instructions', () => {
      const error = new PartnerConfigurationError('add Managed ID EFS-55555');
      expect(decideRecordFailure(error, 1, 0, deployed)).toMatchObject({
        kind: 'log',
        message: 'Configuration error: add Managed ID EFS-55555',
      });
    });
  });

  describe('given a transient failure', () => {
    it("waits ConnectWise's Retry-After", () => {
      const error = new ConnectWiseUnavailableError('429', request, { retryAfterSeconds: 37 });
      expect(decideRecordFailure(error, 1, 0.9, deployed)).toMatchObject({
        kind: 'retry',
        visibilityTimeoutSeconds: 37,
      });
    });

    it('caps an absurd Retry-After at the SQS maximum of 12 hours', () => {
      const error = new RetryableError('slow down', { retryAfterSeconds: 10 ** 9 });
      expect(decideRecordFailure(error, 1, 0, deployed)).toMatchObject({ visibilityTimeoutSeconds: 43_200 });
    });

    it('backs off by receive count when no Retry-After was given', () => {
      const error = new RetryableError('503');
      expect(decideRecordFailure(error, 1, 1, deployed)).toMatchObject({
        kind: 'retry',
        visibilityTimeoutSeconds: 2,
      });
      expect(decideRecordFailure(error, 4, 1, deployed)).toMatchObject({
        kind: 'retry',
        visibilityTimeoutSeconds: 16,
      });
    });

    it('retries unknown errors such as an AWS SDK fault', () => {
      expect(decideRecordFailure(new Error('socket hang up'), 2, 0, deployed).kind).toBe('retry');
    });
  });
});

describe('backoffSeconds', () => {
  const ceilingOf = (receiveCount: number, backoff: RetryBackoff) =>
    Math.min(backoff.maxSeconds, backoff.baseSeconds * 2 ** (receiveCount - 1));

  it('grows with the receive count and stops at five minutes by default', () => {
    expect(backoffSeconds(1, 0, deployed)).toBe(1);
    expect(backoffSeconds(3, 0, deployed)).toBe(4);
    expect(backoffSeconds(50, 1, deployed)).toBe(300);
  });

  it('stays between half and all of the doubled base, capped, and at least a second', () => {
    const backoffs = fc
      .tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 120 }))
      .map(([baseSeconds, extra]) => ({ baseSeconds, maxSeconds: baseSeconds + extra }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        backoffs,
        (receiveCount, random, backoff) => {
          const ceiling = ceilingOf(receiveCount, backoff);
          const seconds = backoffSeconds(receiveCount, random, backoff);
          expect(seconds).toBeGreaterThanOrEqual(Math.max(1, Math.floor(ceiling / 2)));
          expect(seconds).toBeLessThanOrEqual(ceiling);
          expect(Number.isInteger(seconds)).toBe(true);
        },
      ),
    );
  });

  it('spreads records of the same receive count across the jitter range', () => {
    expect(backoffSeconds(5, 0, deployed)).toBe(16);
    expect(backoffSeconds(5, 0.5, deployed)).toBe(24);
    expect(backoffSeconds(5, 0.999, deployed)).toBe(32);
  });

  it('never waits longer than the configured maximum', () => {
    expect([1, 2, 3, 4, 10].map((count) => backoffSeconds(count, 0.999, localBackoff))).toEqual([
      1, 2, 4, 5, 5,
    ]);
  });
});

describe('decideRecordFailure with a configured backoff', () => {
  it('uses the configured base and cap when no Retry-After was given', () => {
    const error = new RetryableError('503');
    expect(decideRecordFailure(error, 1, 0.999, localBackoff)).toMatchObject({ visibilityTimeoutSeconds: 1 });
    expect(decideRecordFailure(error, 8, 0.999, localBackoff)).toMatchObject({ visibilityTimeoutSeconds: 5 });
  });

  it("lets ConnectWise's Retry-After win over a shorter configured cap", () => {
    const error = new ConnectWiseUnavailableError('429', request, { retryAfterSeconds: 37 });
    expect(decideRecordFailure(error, 8, 0.999, localBackoff)).toMatchObject({
      visibilityTimeoutSeconds: 37,
    });
  });

  it('caps a Retry-After at 12 hours whatever the configured cap', () => {
    const error = new RetryableError('slow down', { retryAfterSeconds: 50_000 });
    const cap = { baseSeconds: 60, maxSeconds: 43_200 };
    expect(decideRecordFailure(error, 1, 0, cap)).toMatchObject({ visibilityTimeoutSeconds: 43_200 });
  });
});

describe('decideRecordFailure with deferral', () => {
  const policy = { baseSeconds: 5, maxSeconds: 900, toleranceSeconds: 13 * 86_400 };
  const now = '2026-12-01T10:00:00.000Z';
  const deferring = (history: { deferrals: number; failingSince?: string } = { deferrals: 0 }) => ({
    policy,
    history,
    now,
  });
  const outage = () => new ConnectWiseUnavailableError('503', { ...request, httpStatus: 503 });

  it('defers an outage with a growing backoff and remembers since when it fails', () => {
    const first = decideRecordFailure(outage(), 1, 0.5, deployed, deferring());
    const later = decideRecordFailure(
      outage(),
      1,
      0.5,
      deployed,
      deferring({ deferrals: 6, failingSince: '2026-12-01T09:00:00.000Z' }),
    );
    expect(first).toMatchObject({
      kind: 'defer',
      delaySeconds: 4,
      history: { deferrals: 1, failingSince: now },
    });
    expect(later).toMatchObject({
      kind: 'defer',
      delaySeconds: 240,
      history: { deferrals: 7, failingSince: '2026-12-01T09:00:00.000Z' },
    });
  });

  it('never defers longer than SQS allows', () => {
    const error = new ConnectWiseRateLimitError('429', request, 3600);
    expect(decideRecordFailure(error, 1, 0.5, deployed, deferring())).toMatchObject({ delaySeconds: 900 });
  });

  it('comes back no sooner than an open circuit lets the next probe through', () => {
    const error = new DeliveryDeferredError('circuit-open', 'p1', 30_000);
    const decision = decideRecordFailure(error, 1, 0, deployed, deferring());
    expect(decision).toMatchObject({ kind: 'defer', delaySeconds: 30 });
  });

  it('does not count waiting for the pace as failing', () => {
    const error = new DeliveryDeferredError('paced', 'p1', 3000);
    expect(decideRecordFailure(error, 1, 0, deployed, deferring())).toMatchObject({
      kind: 'defer',
      delaySeconds: 3,
      history: { deferrals: 1 },
    });
    const decision = decideRecordFailure(error, 1, 0, deployed, deferring());
    expect(decision.kind === 'defer' ? decision.history.failingSince : 'not deferred').toBeUndefined();
  });

  it("brings a record turned away for a place back at its turn in the partner's line, however often it was", () => {
    const delays = [0, 3, 10].map((deferrals) => {
      const decision = decideRecordFailure(
        new DeliveryDeferredError('busy', 'p1', 2400, 400),
        1,
        0.999,
        deployed,
        deferring({ deferrals }),
      );
      return decision.kind === 'defer' ? decision.delaySeconds : undefined;
    });
    expect(delays).toEqual([3, 3, 3]);
  });

  it('backs off a record whose partner has all its places taken, up to a minute', () => {
    const error = new DeliveryDeferredError('busy', 'p1', 1000);
    const delays = [0, 3, 10].map((deferrals) => {
      const decision = decideRecordFailure(error, 1, 0.999, deployed, deferring({ deferrals }));
      return decision.kind === 'defer' ? decision.delaySeconds : undefined;
    });
    expect(delays).toEqual([1, 8, 60]);
  });

  it('waits out work another attempt holds without spending a receive, looking again less often, up to 30 s', () => {
    const error = new WorkInProgressError('ticket of event p1/e1 is already being processed', {
      retryAfterSeconds: 5,
    });
    const decisions = [0, 2, 10].map((deferrals) =>
      decideRecordFailure(error, 4, 0.999, deployed, deferring({ deferrals })),
    );
    expect(decisions.map((decision) => decision.kind)).toEqual(['defer', 'defer', 'defer']);
    expect(decisions.map((decision) => (decision.kind === 'defer' ? decision.delaySeconds : 0))).toEqual([
      5, 20, 30,
    ]);
    // A mark that never goes away is a failure like any other: the tolerance ends it.
    expect(decisions[0]).toMatchObject({ history: { failingSince: now } });
    const stale = { deferrals: 900, failingSince: '2026-11-18T09:59:59.000Z' };
    expect(decideRecordFailure(error, 4, 0.5, deployed, deferring(stale))).toMatchObject({ kind: 'retry' });
  });

  it('stops deferring once the record has failed for longer than the tolerance', () => {
    const history = { deferrals: 900, failingSince: '2026-11-18T09:59:59.000Z' };
    expect(decideRecordFailure(outage(), 1, 0.5, deployed, deferring(history))).toMatchObject({
      kind: 'retry',
    });
  });

  it('never defers what is not on ConnectWise’s side: it spends a receive', () => {
    const error = new RetryableError('event not stored yet');
    expect(decideRecordFailure(error, 1, 0.5, deployed, deferring())).toMatchObject({ kind: 'retry' });
  });
});
