/**
 * The ConnectWise adapter's public face: build a client with `createConnectWiseClient`, filter
 * with `cond`, and catch the errors in ./errors.js.
 */
import type { ConnectWiseApi, ConnectWiseConnection } from '../ports/connectwise.js';
import { type ConnectWiseClientOptions, ConnectWiseHttpClient } from './http-client.js';

export { Condition, type ConditionValue, cond } from './conditions.js';
export * from './errors.js';
export { type ConnectWiseClientOptions, ConnectWiseHttpClient } from './http-client.js';
export { basicAuthorization, connectWiseApiVersion } from './http-exchange.js';
export { assertSafeSiteUrl } from './site-url-guard.js';
export type * from './types.js';

/**
 * A ConnectWise client for one partner's tenant.
 * @throws PartnerConfigurationError when the siteUrl is not https to a public DNS name (unless
 * `options.allowPrivateSiteUrl`).
 */
export const createConnectWiseClient = (
  connection: ConnectWiseConnection,
  options: ConnectWiseClientOptions = {},
): ConnectWiseApi => new ConnectWiseHttpClient(connection, options);
