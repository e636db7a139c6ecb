import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, notFound } from './api-error.js';
import { type ApiResponse, handleApiRequest } from './api-handler.js';
import { companyInfo } from './company-info.js';
import { type ControlState, handleControl } from './control-routes.js';
import { assertAuthorized, type SimulatorCredentials } from './credentials.js';
import type { Fault } from './faults.js';
import { errorBodyFor, parseJsonBody, readBody, sendJson } from './http-io.js';

/** Codebase prefix of every API path, as `login/companyinfo` reports it. */
export const CODEBASE = 'v4_6_release/';
const apiPrefix = `/${CODEBASE}apis/3.0`;

/** Everything a request may touch. */
export interface DispatchState extends ControlState {
  credentials: SimulatorCredentials;
}

const headerText = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

const runApi = (
  state: DispatchState,
  request: IncomingMessage,
  url: URL,
  apiPath: string,
  body: unknown,
): ApiResponse => {
  if (apiPath.startsWith('/login/companyinfo/')) {
    return companyInfo(
      state.credentials.companyId,
      decodeURIComponent(apiPath.slice('/login/companyinfo/'.length)),
      url.host,
    );
  }
  assertAuthorized(state.credentials, request.headers.authorization, headerText(request.headers.clientid));
  return handleApiRequest(
    {
      method: request.method ?? 'GET',
      path: apiPath,
      url,
      paginationType: headerText(request.headers['pagination-type']),
      body,
    },
    { store: state.store, baseUrl: `http://${url.host}${apiPrefix}`, now: new Date(), member: 'APIMember' },
  );
};

const respondTo = (
  state: DispatchState,
  request: IncomingMessage,
  url: URL,
  apiPath: string,
  text: string,
): ApiResponse => {
  try {
    return runApi(state, request, url, apiPath, parseJsonBody(text));
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, body: error.toBody() };
    return { status: 500, body: { code: 'UnexpectedError', message: String(error) } };
  }
};

/** What a fault answers instead of the API: an error status, null for a drop, undefined to proceed. */
const answerWithFault = (fault: Fault | undefined): ApiResponse | null | undefined => {
  if (fault?.kind === 'drop') return null;
  if (fault?.kind === 'redirect') return { status: fault.status, headers: { Location: fault.location } };
  if (fault?.kind !== 'status') return undefined;
  const retryAfter = fault.retryAfterSeconds;
  return {
    status: fault.status,
    body: errorBodyFor(fault.status),
    ...(retryAfter === undefined ? {} : { headers: { 'Retry-After': String(retryAfter) } }),
  };
};

const safeJson = (text: string): unknown => {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
};

const apiPathOf = (pathname: string): string | undefined => {
  if (pathname.startsWith('/login/companyinfo/')) return pathname;
  if (pathname === apiPrefix || pathname.startsWith(`${apiPrefix}/`))
    return pathname.slice(apiPrefix.length) || '/';
  return undefined;
};

/** Handles one HTTP request: control endpoints, or an API call with faults and journaling. */
export const dispatchRequest = async (
  state: DispatchState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> => {
  const text = await readBody(request);
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
  if (url.pathname.startsWith('/__sim/')) {
    handleControl(state, method, url, safeJson(text), response);
    return;
  }
  const apiPath = apiPathOf(url.pathname);
  if (apiPath === undefined) {
    sendJson(response, 404, notFound(`The requested resource ${url.pathname} was not found.`).toBody());
    return;
  }
  const fault = state.faults.take(method, apiPath);
  if (fault?.kind === 'latency') await sleep(fault.ms);
  const faulted = answerWithFault(fault);
  const result = faulted === undefined ? respondTo(state, request, url, apiPath, text) : faulted;
  state.journal.record({
    method,
    path: apiPath,
    query: Object.fromEntries(url.searchParams),
    body: safeJson(text),
    status: result?.status ?? 0,
    ...(fault === undefined ? {} : { fault: fault.kind }),
  });
  if (result === null || fault?.kind === 'commit-then-drop') {
    request.socket.destroy();
    return;
  }
  sendJson(response, result.status, result.body, result.headers);
};
