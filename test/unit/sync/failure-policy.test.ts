import { describe, expect, it } from 'vitest';
import {
  ConnectWiseAuthError,
  ConnectWiseUnavailableError,
  ConnectWiseValidationError,
} from '../../../shared/connectwise/errors.js';
import { PartnerConfigurationError, RetryableError } from '../../../shared/errors.js';
import { backoffSeconds, decideRecordFailure } from '../../../shared/sync/failure-policy.js';

const request = { method: 'POST', path: '/service/tickets', httpStatus: 400 };

describe('decideRecordFailure', () => {
  describe('given a permanent failure', () => {
    it('logs a ConnectWise 400 as a ConnectWise error instead of retrying', () => {
      const error = new ConnectWiseValidationError('summary is too long', request, []);
      expect(decideRecordFailure(error, 1, 0.5)).toEqual({
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
      expect(decideRecordFailure(error, 4, 0.5).kind).toBe('log');
    });

    it('logs a configuration problem with its instructions', () => {
      const error = new PartnerConfigurationError('add Managed ID EFS-55555');
      expect(decideRecordFailure(error, 1, 0)).toMatchObject({
        kind: 'log',
        message: 'Configuration error: add Managed ID EFS-55555',
      });
    });
  });

  describe('given a transient failure', () => {
    it("waits ConnectWise's Retry-After", () => {
      const error = new ConnectWiseUnavailableError('429', request, { retryAfterSeconds: 37 });
      expect(decideRecordFailure(error, 1, 0.9)).toMatchObject({
        kind: 'retry',
        visibilityTimeoutSeconds: 37,
      });
    });

    it('caps an absurd Retry-After at the SQS maximum of 12 hours', () => {
      const error = new RetryableError('slow down', { retryAfterSeconds: 10 ** 9 });
      expect(decideRecordFailure(error, 1, 0)).toMatchObject({ visibilityTimeoutSeconds: 43_200 });
    });

    it('backs off by receive count when no Retry-After was given', () => {
      const error = new RetryableError('503');
      expect(decideRecordFailure(error, 1, 1)).toMatchObject({ kind: 'retry', visibilityTimeoutSeconds: 2 });
      expect(decideRecordFailure(error, 4, 1)).toMatchObject({ kind: 'retry', visibilityTimeoutSeconds: 16 });
    });

    it('retries unknown errors such as an AWS SDK fault', () => {
      expect(decideRecordFailure(new Error('socket hang up'), 2, 0).kind).toBe('retry');
    });
  });
});

describe('backoffSeconds', () => {
  it('grows with the receive count and stops at five minutes', () => {
    expect(backoffSeconds(1, 0)).toBe(1);
    expect(backoffSeconds(3, 0)).toBe(4);
    expect(backoffSeconds(50, 1)).toBe(300);
  });
});
