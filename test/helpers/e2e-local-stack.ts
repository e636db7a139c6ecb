import { setTimeout as sleep } from 'node:timers/promises';
import type { JournalEntry } from '../../cw-simulator/journal.js';
import type { RunningSimulator } from '../../cw-simulator/server.js';
import type { LocalStackOptions } from '../../local/local-settings.js';
import type { LocalStack, LocalStackHooks } from '../../local/local-stack.js';
import { signEvent } from '../../shared/signing.js';
import { usedSecret } from './test-secrets.js';

/**
 * Starts an in-process local stack on free ports with its own moto_server: the demo partner's
 * secrets have fixed names, so sharing the run's moto would let test files overwrite each other.
 * Imported lazily because the stack sets `process.env` before the handlers load.
 */
export const startE2eLocalStack = async (
  options: LocalStackOptions & LocalStackHooks = {},
): Promise<LocalStack> => {
  // Every line is captured for the secrets check (test/setup-env.ts); the terminal shows only errors.
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  const { startLocalStack } = await import('../../local/local-stack.js');
  const stack = await startLocalStack({
    port: 0,
    simulatorPort: 0,
    motoPort: 0,
    queuePollWaitSeconds: 1,
    ...options,
  });
  usedSecret(stack.settings.adminToken);
  usedSecret(stack.settings.demoWebhookSecret);
  return stack;
};

/** A response read once: status, headers and the parsed JSON body (undefined when empty). */
export interface HttpResult<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

const readResult = async <T>(response: Response): Promise<HttpResult<T>> => {
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
  };
};

/**
 * POSTs `body` to `{apiUrl}/v1/events` exactly as given, signed with `secret` as the portal
 * would (no signature headers without one); `headers` are added last and replace signed ones.
 */
export const postRawEvent = async (
  apiUrl: string,
  body: string,
  options: { secret?: string; timestamp?: number; headers?: Record<string, string> },
): Promise<HttpResult> => {
  const signed =
    options.secret === undefined
      ? { 'Content-Type': 'application/json' }
      : signEvent(options.secret, body, options.timestamp).headers;
  const response = await fetch(`${apiUrl}/v1/events`, {
    method: 'POST',
    headers: { ...signed, ...options.headers },
    body,
  });
  return readResult(response);
};

/** GETs an admin API path with the bearer token. */
export const getAdmin = async <T>(apiUrl: string, path: string, token: string): Promise<HttpResult<T>> =>
  readResult<T>(await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } }));

/** A simulator record as `/__sim/state` dumps it; only the fields tests read. */
export interface SimRecord {
  readonly id: number;
  readonly [field: string]: unknown;
}

/** The simulator's whole store, collection by collection (`GET /__sim/state`). */
export const simulatorState = async (simulatorUrl: string): Promise<Record<string, SimRecord[]>> => {
  const result = await readResult<Record<string, SimRecord[]>>(await fetch(`${simulatorUrl}/__sim/state`));
  if (result.status !== 200) throw new Error(`GET /__sim/state answered ${result.status}`);
  return result.body;
};

/** The ConnectWise requests the simulator received after journal entry `since`. */
export const simulatorRequests = async (simulatorUrl: string, since = 0): Promise<JournalEntry[]> => {
  const result = await readResult<{ requests: JournalEntry[] }>(
    await fetch(`${simulatorUrl}/__sim/requests?since=${since}`),
  );
  return result.body.requests;
};

/**
 * Reads `read()` every `intervalMs` until `done` holds or `timeoutMs` passes; then fails with
 * `what` and the last value read, so a timeout says what was seen instead of only "timed out".
 */
export const pollUntil = async <T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 250 } = {},
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() >= deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(value)}`,
      );
    await sleep(intervalMs);
    value = await read();
  }
  return value;
};

/** A call to the simulator's control API (`/__sim/...`: faults, state), JSON in and out. */
export const simulatorControl = (simulatorUrl: string, method: string, path: string, body?: unknown) =>
  fetch(`${simulatorUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** The local stack's simulator as `callApi` takes it: its URL and the demo tenant's API keys. */
export const stackSimulator = (stack: LocalStack): RunningSimulator => {
  const tenant = stack.demoTenant;
  return {
    url: stack.simulatorUrl,
    credentials: {
      companyId: tenant.companyId,
      clientId: tenant.clientId,
      publicKey: tenant.publicKey,
      privateKey: tenant.privateKey,
    },
  } as RunningSimulator;
};
