import { describe, expect, it } from 'vitest';
import {
  assertAdminRequest,
  authenticateAdminRequest,
  bearerToken,
  tokensMatch,
} from '../../../shared/admin/admin-auth.js';
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

  describe('authenticateAdminRequest', () => {
    const roleArn = 'arn:aws:sts::123456789012:assumed-role/operators/alice';

    it('in token mode checks the bearer token and ignores an IAM identity', async () => {
      await expect(
        authenticateAdminRequest('token', { authorization: `Bearer ${token}`, iam: undefined }, loadToken),
      ).resolves.toBe('admin token');
      await expect(
        authenticateAdminRequest('token', { authorization: undefined, iam: { userArn: roleArn } }, loadToken),
      ).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('in iam mode names the caller API Gateway verified, without reading the token', async () => {
      let loaded = false;
      const caller = await authenticateAdminRequest(
        'iam',
        { authorization: undefined, iam: { userArn: roleArn, accountId: '123456789012' } },
        async () => {
          loaded = true;
          return token;
        },
      );
      expect(caller).toBe(roleArn);
      expect(loaded).toBe(false);
    });

    it('in iam mode refuses a request without an IAM identity, even with the right token', async () => {
      const error = await authenticateAdminRequest(
        'iam',
        { authorization: `Bearer ${token}`, iam: undefined },
        loadToken,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect((error as UnauthorizedError).reason).toBe('no IAM identity');
    });
  });
});
