import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../http/http-errors.js';

/** Returns the current admin token (from Secrets Manager, cached by the caller). */
export type AdminTokenSource = () => Promise<string>;

const unauthorizedMessage = 'A valid admin bearer token is required.';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares a presented token with the expected one in constant time. Both are hashed first so
 * the comparison never short-circuits on length either.
 */
export const tokensMatch = (presented: string, expected: string): boolean =>
  timingSafeEqual(digest(presented), digest(expected));

/** The token of an `Authorization: Bearer <token>` header, or undefined for anything else. */
export const bearerToken = (authorization: string | undefined): string | undefined =>
  /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(authorization ?? '')?.[1];

/**
 * Lets the request through only with the current admin token.
 * @throws UnauthorizedError (401) with the same message whether the token is missing or wrong.
 */
export const assertAdminRequest = async (
  authorization: string | undefined,
  loadToken: AdminTokenSource,
): Promise<void> => {
  const presented = bearerToken(authorization);
  if (presented === undefined) throw new UnauthorizedError(unauthorizedMessage, 'missing bearer token');
  const expected = await loadToken();
  if (expected.length === 0 || !tokensMatch(presented, expected)) {
    throw new UnauthorizedError(unauthorizedMessage, 'wrong bearer token');
  }
};
