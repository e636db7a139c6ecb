import { ChangeMessageVisibilityCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { RunningSimulator } from '../../cw-simulator/server.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import { ticketFingerprintOf } from '../../shared/domain/ticket-fields.js';
import type { EventLog, EventLogEntry } from '../../shared/ports/event-log.js';
import { skippedMessage } from '../../shared/sync/data-sync-outcome.js';
import { queueDepth } from './sync-events.js';

/**
 * What became of the events of a fault run, read from where a user would look: the accounts'
 * event logs, the simulator's store and journal, and the dead-letter queue.
 */

/** Where one fault run's events end up. */
export interface FaultTarget {
  readonly partnerId: string;
  readonly simulator: RunningSimulator;
  readonly eventLog: EventLog;
  readonly deadLetterUrl: string;
}

const ticketOutcome = /^(?:ticket #(\d+) created|note added to ticket #(\d+))$/;

/** Events the suite's rules answer with a ticket: warnings and errors; info events are usage. */
export const expectsTicket = (event: PortalEvent): boolean => event.severity !== 'info';

/** The lines that say how an event ended: its ticket or data sync outcome, or an error. */
const isOutcomeLine = (event: PortalEvent, entry: EventLogEntry): boolean => {
  if (entry.level === 'error') return true;
  if (expectsTicket(event)) return ticketOutcome.test(entry.message);
  return (
    entry.details?.job === 'data-sync' &&
    (entry.message.startsWith('ConnectWise synchronized') || entry.message === skippedMessage)
  );
};

/** Each event's outcome lines, by event id. */
export const readOutcomes = async (
  target: FaultTarget,
  events: readonly PortalEvent[],
): Promise<Map<string, EventLogEntry[]>> => {
  const accounts = [...new Set(events.map((event) => event.account.id))];
  const pages = await Promise.all(
    accounts.map((accountId) => target.eventLog.list(accountId, { partnerId: target.partnerId, limit: 100 })),
  );
  const lines = pages.flatMap((page) => page.entries);
  return new Map(
    events.map((event) => [
      event.eventId,
      lines.filter((entry) => entry.eventId === event.eventId && isOutcomeLine(event, entry)),
    ]),
  );
};

// One look at a dead-letter queue at a time: a look hides its messages from the next for a moment.
let deadLetterTurn: Promise<unknown> = Promise.resolve();

const lookAtDeadLetters = async (queueUrl: string): Promise<Set<string>> => {
  const sqs = new SQSClient({});
  const eventIds = new Set<string>();
  const handles: string[] = [];
  try {
    const { visible, inFlight, delayed } = await queueDepth(sqs, queueUrl);
    if (visible + inFlight + delayed === 0) return eventIds;
    for (let round = 0; round < 50; round++) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 20 }),
      );
      if (Messages.length === 0) break;
      for (const message of Messages) {
        eventIds.add((JSON.parse(message.Body ?? '{}') as { eventId?: string }).eventId ?? '');
        if (message.ReceiptHandle) handles.push(message.ReceiptHandle);
      }
    }
    // Put back as found: the next look (or an operator's redrive) sees them all again.
    await Promise.all(
      handles.map((handle) =>
        sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: handle,
            VisibilityTimeout: 0,
          }),
        ),
      ),
    );
    return eventIds;
  } finally {
    sqs.destroy();
  }
};

/** The event ids of the messages in a dead-letter queue, which is left as it was. */
export const deadLetteredEventIds = (queueUrl: string): Promise<Set<string>> => {
  const look = deadLetterTurn.then(() => lookAtDeadLetters(queueUrl));
  deadLetterTurn = look.catch(() => undefined);
  return look;
};

/**
 * Waits until every event has an outcome line, or every event without one is dead-lettered (none
 * will come), or `timeoutMs` passes: then the run's checks say what is missing.
 */
export const waitForOutcomes = async (
  target: FaultTarget,
  events: readonly PortalEvent[],
  timeoutMs: number,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (let round = 1; Date.now() < deadline; round++) {
    const outcomes = await readOutcomes(target, events);
    const pending = events.filter((event) => (outcomes.get(event.eventId) ?? []).length === 0);
    if (pending.length === 0) return;
    if (round % 4 === 0) {
      const deadLettered = await deadLetteredEventIds(target.deadLetterUrl);
      if (pending.every((event) => deadLettered.has(event.eventId))) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
};

/**
 * Waits until the simulator has answered every delayed request (a latency fault journals its
 * request when it is finally processed) and then heard nothing for `quietMs`: a late commit or a
 * retry still on its way would otherwise be missed by the checks.
 */
export const waitForQuiet = async (
  simulator: RunningSimulator,
  options: { latencyFaults: number; quietMs: number; timeoutMs: number },
): Promise<void> => {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    const journal = simulator.journal();
    const delayed = journal.filter((entry) => entry.fault === 'latency').length;
    const last = Date.parse(journal.at(-1)?.at ?? '1970-01-01T00:00:00Z');
    if (delayed >= options.latencyFaults && Date.now() - last >= options.quietMs) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

/** The fingerprint (a ticket's externalXRef) of an event's problem. */
export const fingerprintOf = (event: PortalEvent): string =>
  ticketFingerprintOf(event.partnerId, event.account.id, event.type);
