import { describe, expect, it } from 'vitest';
import { assertAdminRequest, bearerToken, tokensMatch } from '../../../shared/admin/admin-auth.js';
import { UnauthorizedError } from '../../../shared/http/http-errors.js';

const token = 'correct-horse-battery-staple';
const loadToken = async () => token;

describe('admin authentication', () => {
  describe('bearerToken', () => {
    it.each([
      ['Bearer abc', 'abc'],
      ['bearer abc', 'abc'],
      ['Bearer   abc  ', 'abc'],
    ])('reads the token of %j', (header, expected) => {
      expect(bearerToken(header)).toBe(expected);
    });

    it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'abc'])(
      'finds no token in %j',
      (header) => {
        expect(bearerToken(header)).toBeUndefined();
      },
    );
  });

  describe('tokensMatch', () => {
    it('accepts the same token', () => {
      expect(tokensMatch(token, token)).toBe(true);
    });

    it.each(['', 'correct-horse-battery-stapl', `${token}e`, token.toUpperCase()])(
      'rejects %j',
      (presented) => {
        expect(tokensMatch(presented, token)).toBe(false);
      },
    );
  });

  describe('assertAdminRequest', () => {
    it('lets the current token through', async () => {
      await expect(assertAdminRequest(`Bearer ${token}`, loadToken)).resolves.toBeUndefined();
    });

    it('rejects a missing token without loading the secret', async () => {
      let loaded = false;
      const error = await assertAdminRequest(undefined, async () => {
        loaded = true;
        return token;
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect(loaded).toBe(false);
    });

    it('rejects every token while the stored token is empty', async () => {
      await expect(assertAdminRequest('Bearer x', async () => '')).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('tells a missing token and a wrong one apart only in the log reason', async () => {
      const missing = (await assertAdminRequest(undefined, loadToken).catch(
        (e: unknown) => e,
      )) as UnauthorizedError;
      const wrong = (await assertAdminRequest('Bearer nope', loadToken).catch(
        (e: unknown) => e,
      )) as UnauthorizedError;
      expect(missing.message).toBe(wrong.message);
      expect(missing.reason).not.toBe(wrong.reason);
    });
  });
});
