import { describe, expect, it } from 'vitest';
import { errorFromResponse, parseRetryAfter } from '../../../shared/connectwise/error-mapping.js';

const request = { method: 'PATCH', path: '/service/tickets/5' };

describe('ConnectWise error mapping', () => {
  describe('Retry-After', () => {
    it('reads seconds and HTTP dates, and ignores garbage', () => {
      const now = Date.parse('2026-01-01T00:00:00Z');
      expect(parseRetryAfter('2', now)).toBe(2);
      expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
      expect(parseRetryAfter('soon', now)).toBeUndefined();
      expect(parseRetryAfter(null, now)).toBeUndefined();
    });
  });

  describe('statuses', () => {
    it.each([
      [400, 'ConnectWiseValidationError', false],
      [409, 'ConnectWiseValidationError', false],
      [401, 'ConnectWiseAuthError', false],
      [403, 'ConnectWiseAuthError', false],
      [404, 'ConnectWiseNotFoundError', false],
      [429, 'ConnectWiseRateLimitError', true],
      [500, 'ConnectWiseUnavailableError', true],
      [502, 'ConnectWiseUnavailableError', true],
      [503, 'ConnectWiseUnavailableError', true],
    ])('maps %i to %s (retryable: %s)', (status, name, retryable) => {
      expect(errorFromResponse(request, status, '', null)).toMatchObject({ name, retryable });
    });

    it.each([500, 502, 504])(
      'maps a POST answered %i to an ambiguous write: it may have been saved',
      (status) => {
        const post = { method: 'POST', path: '/service/tickets' };
        expect(errorFromResponse(post, status, '', null)).toMatchObject({
          name: 'ConnectWiseAmbiguousWriteError',
          retryable: true,
        });
      },
    );

    it('keeps a POST answered 503 re-sendable: nothing was served', () => {
      const post = { method: 'POST', path: '/service/tickets' };
      expect(errorFromResponse(post, 503, '', null)).toMatchObject({ name: 'ConnectWiseUnavailableError' });
    });

    it('keeps the message of a 409 conflict and survives an HTML error page', () => {
      const conflict = errorFromResponse(request, 409, '{"code":"Conflict","message":"record in use"}', null);
      expect(conflict.message).toContain('record in use');
      const html = errorFromResponse(request, 502, '<html>Bad gateway</html>', null);
      expect(html.message).toBe('ConnectWise PATCH /service/tickets/5 answered 502');
    });
  });
});
