import { parseRetryAfter } from '../../connectwise/error-mapping.js';
import type { DeliverySettings } from '../../domain/delivery-control.js';
import { logger } from '../../observability.js';
import type { DeliveryControl, RequestOutcome } from '../../sync/delivery-control.js';

/** A 429 without Retry-After pauses the partner this long. */
const defaultRateLimitPauseMs = 1000;

const outcomeOf = (response: Response): RequestOutcome => {
  if (response.status === 429) {
    const seconds = parseRetryAfter(response.headers.get('retry-after'));
    return {
      kind: 'rate-limited',
      retryAfterMs: seconds === undefined ? defaultRateLimitPauseMs : seconds * 1000,
    };
  }
  return response.status >= 500 ? { kind: 'unavailable' } : { kind: 'answered' };
};

/**
 * `fetch` for one partner's ConnectWise client, under the partner's shared delivery control: every
 * request (codebase discovery and every page included) first takes its slot of the pace — or
 * throws `DeliveryDeferredError` — and its answer then feeds the circuit and the 429 pause.
 * Wrapping `fetch` puts the control under the whole client, retries included, without the client
 * knowing about it.
 */
export const controlledFetch = (
  inner: typeof fetch,
  control: DeliveryControl,
  partnerId: string,
  settings: () => DeliverySettings,
): typeof fetch => {
  const report = async (ticket: Awaited<ReturnType<DeliveryControl['admit']>>, outcome: RequestOutcome) => {
    try {
      await control.report(partnerId, settings(), ticket, outcome);
    } catch (error) {
      // The request itself went through; only the shared state missed one answer.
      logger.warn('could not record a ConnectWise answer in the delivery state', { partnerId, error });
    }
  };
  return async (input, init) => {
    const ticket = await control.admit(partnerId, settings());
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      await report(ticket, { kind: 'unavailable' });
      throw error;
    }
    await report(ticket, outcomeOf(response));
    return response;
  };
};
