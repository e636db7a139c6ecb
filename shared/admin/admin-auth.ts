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

/**
 * How the admin API authenticates, chosen at deploy time (context `adminAuth`): `token` checks
 * the bearer token in the function; `iam` leaves it to API Gateway's IAM authorizer (SigV4-signed
 * requests from principals granted `execute-api:Invoke` on the admin routes).
 */
export const adminAuthModes = ['token', 'iam'] as const;
export type AdminAuthMode = (typeof adminAuthModes)[number];

/** The environment variable that carries the mode to the admin function. */
export const adminAuthEnvVar = 'ADMIN_AUTH';

/** The IAM identity API Gateway puts on a request it authorized with SigV4 (payload 2.0). */
export interface IamCaller {
  readonly userArn?: string;
  readonly accountId?: string;
}

/**
 * Lets an admin request through under the deployment's mode and names the caller for the log.
 * In `iam` mode API Gateway has already verified the signature; the function still refuses a
 * request that carries no IAM identity, so a route deployed without the authorizer is never open.
 * @throws UnauthorizedError (401), the same message for every refusal of a mode.
 */
export const authenticateAdminRequest = async (
  mode: AdminAuthMode,
  request: { readonly authorization: string | undefined; readonly iam: IamCaller | undefined },
  loadToken: AdminTokenSource,
): Promise<string> => {
  if (mode === 'iam') {
    if (request.iam?.userArn === undefined) {
      throw new UnauthorizedError(
        'A SigV4-signed request from an allowed IAM principal is required.',
        'no IAM identity',
      );
    }
    return request.iam.userArn;
  }
  await assertAdminRequest(request.authorization, loadToken);
  return 'admin token';
};
