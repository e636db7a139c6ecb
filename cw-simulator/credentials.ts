import { timingSafeEqual } from 'node:crypto';
import { ApiError } from './api-error.js';

/** API keys of the simulated tenant. */
export interface SimulatorCredentials {
  companyId: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
}

/** Company id of the demo tenant. */
export const DEFAULT_COMPANY_ID = 'demo';
/** Used when `CW_SIM_PUBLIC_KEY` is not set. */
export const DEFAULT_PUBLIC_KEY = 'demoPublicKey01';
/** Used when `CW_SIM_PRIVATE_KEY` is not set. */
export const DEFAULT_PRIVATE_KEY = 'demoPrivateKey01';
/** Used when `CW_SIM_CLIENT_ID` is not set; a GUID like the ones ConnectWise issues. */
export const DEFAULT_CLIENT_ID = '00000000-0000-4000-8000-00000000c0de';

/** Credentials from `CW_SIM_PUBLIC_KEY`, `CW_SIM_PRIVATE_KEY`, `CW_SIM_CLIENT_ID`, else the defaults. */
export const credentialsFromEnv = (env: NodeJS.ProcessEnv = process.env): SimulatorCredentials => ({
  companyId: DEFAULT_COMPANY_ID,
  publicKey: env.CW_SIM_PUBLIC_KEY || DEFAULT_PUBLIC_KEY,
  privateKey: env.CW_SIM_PRIVATE_KEY || DEFAULT_PRIVATE_KEY,
  clientId: env.CW_SIM_CLIENT_ID || DEFAULT_CLIENT_ID,
});

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

const unauthorized = (message: string): ApiError => new ApiError(401, 'Unauthorized', message);

/**
 * Checks `Authorization: Basic base64("<companyId>+<publicKey>:<privateKey>")` and the
 * `clientId` header the way ConnectWise does; throws a 401 ApiError otherwise.
 */
export const assertAuthorized = (
  credentials: SimulatorCredentials,
  authorization: string | undefined,
  clientId: string | undefined,
): void => {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  const decoded = match?.[1] === undefined ? '' : Buffer.from(match[1], 'base64').toString('utf8');
  const plus = decoded.indexOf('+');
  // ConnectWise matches the company id case-insensitively and the keys exactly.
  const companyMatches =
    plus > 0 && decoded.slice(0, plus).toLowerCase() === credentials.companyId.toLowerCase();
  const keysMatch = sameText(decoded.slice(plus + 1), `${credentials.publicKey}:${credentials.privateKey}`);
  if (!companyMatches || !keysMatch) {
    throw unauthorized('Authentication failed: the company id, public key or private key is not valid.');
  }
  if (clientId === undefined || clientId === '') {
    throw unauthorized('clientId header is required. Register an integration to get a clientId.');
  }
  if (!sameText(clientId, credentials.clientId)) throw unauthorized('clientId is not valid.');
};
