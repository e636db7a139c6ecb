/**
 * One HTTP exchange with ConnectWise: the headers every call carries, a hard timeout, no redirects,
 * a size cap, and the answer turned into JSON or a typed error. No retries here (see retry-policy.ts).
 */

import { DeliveryDeferredError, PartnerConfigurationError } from '../errors.js';
import type { ConnectWiseConnection } from '../ports/connectwise.js';
import { defaultMaxResponseBytes, noRedirects, readBoundedText, refuseRedirect } from './bounded-response.js';
import { errorFromResponse, errorFromTransportFailure } from './error-mapping.js';

/** The API version every request asks for. */
export const connectWiseApiVersion = '2025.1';

/** A successful answer: its JSON body (undefined when empty) and its `Link` header. */
export interface ExchangeResult {
  readonly body: unknown;
  readonly link: string | null;
}

export interface Exchange {
  readonly method: string;
  readonly url: string;
  /** Path after `apis/3.0`, for errors and logs (never the query, which may hold customer names). */
  readonly path: string;
  readonly body?: unknown;
  readonly headers: Record<string, string>;
  readonly timeoutMs: number;
  /** Larger answers are not read. @default defaultMaxResponseBytes */
  readonly maxResponseBytes?: number;
}

/** Basic auth as ConnectWise wants it: base64 of `companyId+publicKey:privateKey`. */
export const basicAuthorization = (connection: ConnectWiseConnection): string =>
  `Basic ${Buffer.from(`${connection.companyId}+${connection.publicKey}:${connection.privateKey}`).toString('base64')}`;

/** Headers of every API call: auth, clientId, the pinned API version, JSON. */
export const connectWiseHeaders = (authorization: string, clientId: string): Record<string, string> => ({
  Authorization: authorization,
  clientId,
  Accept: `application/vnd.connectwise.com+json; version=${connectWiseApiVersion}`,
  'Content-Type': 'application/json',
});

/** Sends one request and reads the whole answer within `timeoutMs`. */
export const exchange = async (fetchFn: typeof fetch, call: Exchange): Promise<ExchangeResult> => {
  const request = { method: call.method, path: call.path };
  const signal = AbortSignal.timeout(call.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetchFn(call.url, {
      method: call.method,
      headers: call.headers,
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      ...noRedirects,
      signal,
    });
    refuseRedirect(response, call.url, request);
    text = await readBoundedText(response, call.maxResponseBytes ?? defaultMaxResponseBytes, request);
  } catch (error) {
    if (error instanceof PartnerConfigurationError || error instanceof DeliveryDeferredError) throw error;
    throw errorFromTransportFailure(request, error, signal.aborted);
  }
  if (!response.ok) {
    throw errorFromResponse(request, response.status, text, response.headers.get('retry-after'));
  }
  try {
    return { body: text === '' ? undefined : JSON.parse(text), link: response.headers.get('link') };
  } catch (error) {
    // A 2xx we cannot read: for a POST the record exists, so this is as ambiguous as a drop.
    throw errorFromTransportFailure(request, error, false);
  }
};
