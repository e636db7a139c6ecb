import type { ServerResponse } from 'node:http';
import { type FaultQueue, InvalidFaultError } from './faults.js';
import { sendJson } from './http-io.js';
import type { RequestJournal } from './journal.js';
import type { SimulatorStore } from './store.js';

/** The parts of a running simulator the control endpoints operate on. */
export interface ControlState {
  store: SimulatorStore;
  faults: FaultQueue;
  journal: RequestJournal;
  reset: () => void;
}

type ControlHandler = (state: ControlState, url: URL, body: unknown, response: ServerResponse) => void;

const routes: Record<string, ControlHandler> = {
  'GET /__sim/faults': (state, _url, _body, response) =>
    sendJson(response, 200, { faults: state.faults.list() }),
  'POST /__sim/faults': (state, _url, body, response) => {
    try {
      state.faults.add((body as { faults?: unknown } | undefined)?.faults);
      sendJson(response, 201, { faults: state.faults.list() });
    } catch (error) {
      if (!(error instanceof InvalidFaultError || error instanceof SyntaxError)) throw error;
      sendJson(response, 400, { code: 'InvalidObject', message: error.message });
    }
  },
  'DELETE /__sim/faults': (state, _url, _body, response) => {
    state.faults.clear();
    sendJson(response, 204, undefined);
  },
  'GET /__sim/requests': (state, url, _body, response) =>
    sendJson(response, 200, { requests: state.journal.list(Number(url.searchParams.get('since') ?? 0)) }),
  'DELETE /__sim/requests': (state, _url, _body, response) => {
    state.journal.clear();
    sendJson(response, 204, undefined);
  },
  'GET /__sim/state': (state, _url, _body, response) => sendJson(response, 200, state.store.dump()),
  'POST /__sim/state/reset': (state, _url, _body, response) => {
    state.reset();
    sendJson(response, 204, undefined);
  },
  'DELETE /__sim/state': (state, _url, _body, response) => {
    state.store.clear();
    sendJson(response, 204, undefined);
  },
};

/**
 * Test controls outside the API path (no auth): faults, the request journal and the store.
 * Control calls are not journaled, so a scenario's journal counts only ConnectWise calls.
 */
export const handleControl = (
  state: ControlState,
  method: string,
  url: URL,
  body: unknown,
  response: ServerResponse,
): void => {
  const handler = routes[`${method} ${url.pathname.replace(/\/+$/, '')}`];
  if (handler === undefined) {
    sendJson(response, 404, { code: 'NotFound', message: `No control endpoint ${method} ${url.pathname}.` });
    return;
  }
  handler(state, url, body, response);
};
