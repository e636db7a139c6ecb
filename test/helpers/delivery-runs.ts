import { SQSClient } from '@aws-sdk/client-sqs';
import { DEMO_CUSTOMERS } from '../../cw-simulator/demo-seed.js';
import type { JournalEntry } from '../../cw-simulator/journal.js';
import type { RunningSimulator } from '../../cw-simulator/server.js';
import { createLambdaContext } from '../../local/lambda-context.js';
import { type QueuePoller, startQueuePoller } from '../../local/queue-poller.js';
import { SqsSyncQueue } from '../../shared/adapters/aws/sqs-sync-queue.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import { callApi } from './cw-simulator-client.js';
import { aPortalEvent } from './portal-events.js';
import { addSyncPartner, type SyncEnvironment, ticketRules } from './sync-environment.js';
import { storeEvent } from './sync-events.js';

/**
 * Runs of many records through the sync queue under real concurrency — the delivery tests and
 * the pace benchmark: polling loops as the stack's maximum concurrency, the real handler, the
 * simulator's journal as the witness of what reached ConnectWise.
 */

const acme = DEMO_CUSTOMERS[0];

/** A partner of `environment` on `simulator` held to `requestsPerSecond`, burst 1 unless given. */
export const addPacedPartner = (
  environment: SyncEnvironment,
  partnerId: string,
  simulator: RunningSimulator,
  requestsPerSecond: number,
  burst = 1,
) =>
  addSyncPartner(environment, partnerId, {
    simulator,
    rules: ticketRules,
    configure: (config) => ({
      ...config,
      settings: {
        ...config.settings,
        connectWiseRequestsPerSecond: requestsPerSecond,
        connectWiseBurst: burst,
      },
    }),
  });

/** `concurrency` polling loops on the environment's sync queue, each invoking the real handler. */
export const startSyncPollers = async (
  environment: SyncEnvironment,
  concurrency: number,
): Promise<QueuePoller & { readonly sqs: SQSClient }> => {
  const sqs = new SQSClient({});
  const poller = await startQueuePoller({
    sqs,
    queueUrl: environment.queueUrl,
    region: 'us-east-1',
    handler: (event) => environment.invoke(event),
    createContext: () => createLambdaContext({ functionName: 'sync', timeoutSeconds: 120 }),
    waitTimeSeconds: 1,
    concurrency,
  });
  return {
    ...poller,
    sqs,
    stop: async () => {
      await poller.stop();
      sqs.destroy();
    },
  };
};

let accountSeq = 0;
/** A new problem of the customer (the demo's Acme unless given) on an account of its own: each opens a ticket. */
export const aNewProblem = (
  partnerId: string,
  customer: PortalEvent['customer'] = { id: String(acme?.portalCustomerId), name: 'Acme Dental Group' },
): PortalEvent => {
  accountSeq += 1;
  const base = aPortalEvent({ partnerId, customer });
  return { ...base, account: { ...base.account, id: `DLV${Date.now()}-${accountSeq}-` } };
};

/**
 * Stores the events and sends their sync records all at once, as ingest does: with the partner
 * and customer as message attributes (the sync function keeps a customer's records in order).
 */
export const sendAll = async (
  environment: Pick<SyncEnvironment, 'eventStore' | 'queueUrl'>,
  events: readonly PortalEvent[],
) => {
  await Promise.all(events.map((event) => storeEvent(environment.eventStore, event)));
  const sqs = new SQSClient({});
  const queue = new SqsSyncQueue(sqs, environment.queueUrl);
  try {
    await Promise.all(
      events.map((event) =>
        queue.enqueue(
          { partnerId: event.partnerId, eventId: event.eventId },
          { delaySeconds: 0, customerId: event.customer.id },
        ),
      ),
    );
  } finally {
    sqs.destroy();
  }
};

/**
 * Waits until every event's account log says its ticket was created, and returns when each did
 * (epoch ms, in the order of `events`). Throws naming how many are missing at the timeout.
 */
export const waitForTickets = async (
  environment: SyncEnvironment,
  events: readonly PortalEvent[],
  timeoutMs: number,
): Promise<number[]> => {
  const deadline = Date.now() + timeoutMs;
  const doneAt = new Map<string, number>();
  while (doneAt.size < events.length && Date.now() < deadline) {
    for (const event of events) {
      if (doneAt.has(event.eventId)) continue;
      const { entries } = await environment.eventLog.list(event.account.id, { limit: 10 });
      if (entries.some((entry) => /^ticket #\d+ created$/.test(entry.message)))
        doneAt.set(event.eventId, Date.now());
    }
    if (doneAt.size < events.length) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (doneAt.size < events.length)
    throw new Error(
      `${events.length - doneAt.size} of ${events.length} tickets missing after ${timeoutMs} ms`,
    );
  return events.map((event) => doneAt.get(event.eventId) ?? Number.NaN);
};

/** The most requests the journal shows inside any window of `windowMs`. */
export const busiestWindow = (requests: readonly JournalEntry[], windowMs: number): number => {
  const times = requests.map((entry) => Date.parse(entry.at)).sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
};

/** The tickets in `simulator` whose external reference names the account. */
export const ticketsOfAccount = async (simulator: RunningSimulator, accountId: string) => {
  const all = await callApi<{ externalXRef?: string }[]>(simulator, {
    path: '/service/tickets?pageSize=1000',
  });
  return all.body.filter((ticket) => ticket.externalXRef?.includes(accountId));
};

/** How many of the accounts have exactly one ticket (one GET of every ticket in `simulator`). */
export const accountsWithOneTicket = async (
  simulator: RunningSimulator,
  accountIds: readonly string[],
): Promise<number> => {
  const all = await callApi<{ externalXRef?: string }[]>(simulator, {
    path: '/service/tickets?pageSize=1000',
  });
  return accountIds.filter(
    (id) => all.body.filter((ticket) => ticket.externalXRef?.includes(id)).length === 1,
  ).length;
};
