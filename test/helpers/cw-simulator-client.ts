import type { RunningSimulator, SimulatorCredentials } from '../../cw-simulator/server.js';
import { requestConformanceErrors, responseConformanceErrors } from './cw-simulator-conformance.js';

/** The ConnectWise auth header for a key triple: Basic base64("company+public:private"). */
export const basicAuth = (credentials: SimulatorCredentials): string =>
  `Basic ${Buffer.from(`${credentials.companyId}+${credentials.publicKey}:${credentials.privateKey}`).toString('base64')}`;

/** Headers a correct ConnectWise client sends. */
export const apiHeaders = (credentials: SimulatorCredentials): Record<string, string> => ({
  Authorization: basicAuth(credentials),
  clientId: credentials.clientId,
  Accept: 'application/vnd.connectwise.com+json; version=2025.1',
});

export interface ApiCall {
  method?: string;
  /** Relative to `apis/3.0`, with the query string, e.g. `/service/tickets?pageSize=5`. */
  path: string;
  body?: unknown;
  /** Replaces the default auth headers (pass {} to send none). */
  headers?: Record<string, string>;
  /**
   * The request deliberately breaks the subset (to prove the simulator rejects it): the call
   * then asserts that the conformance check also rejects it instead of requiring it to pass.
   */
  violatesSubset?: boolean;
}

export interface ApiResult<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** Thrown when a request or response of a test breaks the published subset. */
export class ConformanceError extends Error {
  override readonly name = 'ConformanceError';
}

const checkRequest = (call: ApiCall, method: string, url: URL): void => {
  const errors = requestConformanceErrors({
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body: call.body,
  });
  if (call.violatesSubset === true && errors.length === 0) {
    throw new ConformanceError(`${method} ${call.path} was expected to break the subset but conforms`);
  }
  if (call.violatesSubset !== true && errors.length > 0) {
    throw new ConformanceError(`request ${method} ${call.path} breaks the subset: ${errors.join('; ')}`);
  }
};

/**
 * Calls the simulator's API over HTTP and checks both directions against the subset: the
 * request before sending, the response body (success schema or ConnectWise error body) after.
 */
export const callApi = async <T = unknown>(
  simulator: RunningSimulator,
  call: ApiCall,
): Promise<ApiResult<T>> => {
  const method = call.method ?? 'GET';
  const url = new URL(`${simulator.url}/v4_6_release/apis/3.0${call.path}`);
  checkRequest(call, method, url);
  const response = await fetch(url, {
    method,
    headers: {
      ...(call.headers ?? apiHeaders(simulator.credentials)),
      ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
  });
  const text = await response.text();
  const body = (text === '' ? undefined : JSON.parse(text)) as T;
  const problems = responseConformanceErrors({
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    status: response.status,
    responseBody: body,
  });
  if (problems.length > 0) {
    throw new ConformanceError(
      `response to ${method} ${call.path} (${response.status}) breaks the subset: ${problems.join('; ')}`,
    );
  }
  return { status: response.status, headers: response.headers, body };
};

/** Calls a `/__sim/...` control endpoint. */
export const callControl = async <T = unknown>(
  simulator: RunningSimulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> => {
  const response = await fetch(`${simulator.url}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
  };
};
