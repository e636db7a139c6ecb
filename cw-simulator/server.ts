import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { credentialsFromEnv, type SimulatorCredentials } from './credentials.js';
import { seedDemo } from './demo-seed.js';
import { FaultQueue } from './faults.js';
import { type JournalEntry, RequestJournal } from './journal.js';
import { CODEBASE, type DispatchState, dispatchRequest } from './request-dispatch.js';
import { SimulatorStore } from './store.js';

export {
  DEFAULT_CLIENT_ID,
  DEFAULT_COMPANY_ID,
  DEFAULT_PRIVATE_KEY,
  DEFAULT_PUBLIC_KEY,
  type SimulatorCredentials,
} from './credentials.js';
export type { Fault, FaultMatch } from './faults.js';
export type { JournalEntry } from './journal.js';

/** Options of {@link startConnectWiseSimulator}. */
export interface SimulatorOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default from CW_SIM_PUBLIC_KEY, CW_SIM_PRIVATE_KEY, CW_SIM_CLIENT_ID, else the DEFAULT_* constants; companyId `demo` */
  credentials?: SimulatorCredentials;
  /** @default 'demo' */
  seed?: 'demo' | 'empty';
  /**
   * File receiving one JSON line `{method, path, query, body, status}` per API request, for the
   * conformance check of a whole test run. `null` turns it off.
   * @default process.env.CW_SIM_CONFORMANCE_LOG
   */
  conformanceLog?: string | null;
}

/** A running simulator. */
export interface RunningSimulator {
  /** `http://127.0.0.1:PORT` — the site URL; the API is under `/v4_6_release/apis/3.0`. */
  url: string;
  port: number;
  credentials: SimulatorCredentials;
  stop(): Promise<void>;
  /** Back to the seed; faults and journal are kept. */
  reset(): void;
  journal(): JournalEntry[];
}

/**
 * Starts the ConnectWise Manage 2025.1 simulator: the API under `/v4_6_release/apis/3.0`,
 * `/login/companyinfo/{companyId}`, and the test controls under `/__sim/`.
 */
export const startConnectWiseSimulator = async (
  options: SimulatorOptions = {},
): Promise<RunningSimulator> => {
  const host = options.host ?? '127.0.0.1';
  const credentials = options.credentials ?? credentialsFromEnv();
  const store = new SimulatorStore();
  const logFile =
    options.conformanceLog === undefined
      ? process.env.CW_SIM_CONFORMANCE_LOG || undefined
      : (options.conformanceLog ?? undefined);
  let baseUrl = '';
  const reset = (): void => {
    store.clear();
    if (options.seed !== 'empty') seedDemo(store, baseUrl);
  };
  const state: DispatchState = {
    store,
    faults: new FaultQueue(),
    journal: new RequestJournal(logFile),
    reset,
    credentials,
  };
  const server = createServer((request, response) => {
    dispatchRequest(state, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 'UnexpectedError', message: String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  baseUrl = `${url}/${CODEBASE}apis/3.0`;
  reset();
  return {
    url,
    port,
    credentials,
    reset,
    journal: () => state.journal.list(),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
