import type { PortalEvent } from '../../shared/domain/portal-event.js';
import type { EventLogEntry } from '../../shared/ports/event-log.js';
import { skippedMessage } from '../../shared/sync/data-sync-outcome.js';
import type { BillingCustomer } from './billing-customers.js';
import type { LoadPlan } from './load-plan.js';
import type { LoadRecords } from './load-records.js';

/** A line that says what one job did with one event (not a problem found on the way). */
type Outcome = 'created' | 'noted' | 'no-rule' | 'synced' | 'skipped';

const outcomePatterns: readonly (readonly [Outcome, RegExp])[] = [
  ['created', /^ticket #\d+ created$/],
  ['noted', /^note added to ticket #\d+$/],
  ['no-rule', /^no rule matched$/],
  ['synced', /^ConnectWise synchronized: /],
  ['skipped', new RegExp(`^${skippedMessage.replace(/[()]/g, '\\$&')}$`)],
];

const outcomeOf = (entry: EventLogEntry): Outcome | undefined =>
  outcomePatterns.find(([, pattern]) => pattern.test(entry.message))?.[0];

const jobOf = (outcome: Outcome): 'ticket' | 'data-sync' =>
  outcome === 'synced' || outcome === 'skipped' ? 'data-sync' : 'ticket';

/**
 * The warning a data sync writes when a retryable error (a pace deferral under load) stopped it
 * after some writes: the record's retry finishes the sync, so it is not a failure.
 */
export const isInterruptedSync = (entry: EventLogEntry): boolean =>
  entry.level === 'warning' && entry.message.startsWith('ConnectWise synchronization interrupted after: ');

const ticketIdOf = (entry: EventLogEntry): number => Number(/#(\d+)/.exec(entry.message)?.[1]);

/** Each event's outcome lines by job. */
export const outcomesByEvent = (
  eventLog: readonly EventLogEntry[],
): Map<string, Map<'ticket' | 'data-sync', EventLogEntry[]>> => {
  const byEvent = new Map<string, Map<'ticket' | 'data-sync', EventLogEntry[]>>();
  for (const entry of eventLog) {
    const outcome = outcomeOf(entry);
    if (outcome === undefined) continue;
    const jobs = byEvent.get(entry.eventId) ?? new Map();
    jobs.set(jobOf(outcome), [...(jobs.get(jobOf(outcome)) ?? []), entry]);
    byEvent.set(entry.eventId, jobs);
  }
  return byEvent;
};

/** What went wrong, in words; every list is empty when nothing was lost or done twice. */
export interface LoadFindings {
  /** Events without one outcome line per job, or with a line of the wrong kind. */
  readonly lost: string[];
  /** Events with more than one outcome line for a job. */
  readonly duplicatedOutcomes: string[];
  /** Error and warning lines (but interrupted syncs): none is expected without faults. */
  readonly failures: string[];
  /** Problems without exactly one ticket, or whose lines name another ticket. */
  readonly tickets: string[];
  /** Tickets whose recurrence notes are not one per repeat. */
  readonly notes: string[];
  /** Customers that sent events without exactly one data sync in the event log. */
  readonly dataSyncs: string[];
  /** Customers whose Managed ID records and additions saw PATCHes the event log does not tell of. */
  readonly patchSets: string[];
}

const expectedTicketOutcomes = (event: PortalEvent): readonly Outcome[] =>
  event.severity === 'info' ? ['no-rule'] : ['created', 'noted'];

const checkEvents = (plan: LoadPlan, records: LoadRecords, findings: LoadFindings): void => {
  const outcomes = outcomesByEvent(records.eventLog);
  for (const event of plan.events) {
    const expected: readonly (readonly ['ticket' | 'data-sync', readonly Outcome[]])[] = [
      ['ticket', expectedTicketOutcomes(event)],
      ['data-sync', ['synced', 'skipped']],
    ];
    for (const [job, allowed] of expected) {
      const lines = outcomes.get(event.eventId)?.get(job) ?? [];
      if (lines.length > 1)
        findings.duplicatedOutcomes.push(`${event.eventId} ${job}: ${lines.length} lines`);
      const kinds = lines.map(outcomeOf);
      if (lines.length === 0 || !kinds.every((kind) => kind !== undefined && allowed.includes(kind)))
        findings.lost.push(`${event.eventId} ${job}: ${kinds.join(', ') || 'no line'}`);
    }
  }
  for (const entry of records.eventLog) {
    if ((entry.level === 'error' || entry.level === 'warning') && !isInterruptedSync(entry))
      findings.failures.push(`${entry.eventId}: ${entry.level} "${entry.message}"`);
  }
};

const checkTickets = (plan: LoadPlan, records: LoadRecords, findings: LoadFindings): void => {
  const outcomes = outcomesByEvent(records.eventLog);
  for (const [fingerprint, events] of plan.problems) {
    const tickets = records.tickets.filter((ticket) => ticket.externalXRef === fingerprint);
    const lines = events.flatMap((event) => outcomes.get(event.eventId)?.get('ticket') ?? []);
    const created = lines.filter((line) => outcomeOf(line) === 'created').length;
    const named = new Set(lines.map(ticketIdOf));
    const ticket = tickets[0];
    if (tickets.length !== 1 || created !== 1 || named.size !== 1 || !named.has(Number(ticket?.id))) {
      findings.tickets.push(
        `${fingerprint}: ${tickets.length} tickets, ${created} created lines, lines name #${[...named].join(', #')}`,
      );
      continue;
    }
    const recurrences = records.notes
      .filter((note) => note.ticketId === ticket?.id && String(note.text).includes(' occurred again at '))
      .map((note) => String(note.text));
    const distinct = new Set(recurrences).size;
    if (recurrences.length !== events.length - 1 || distinct !== recurrences.length)
      findings.notes.push(
        `${fingerprint}: ${recurrences.length} recurrence notes (${distinct} distinct) for ${events.length - 1} repeats`,
      );
  }
};

const checkDataSyncs = (
  plan: LoadPlan,
  records: LoadRecords,
  seeded: ReadonlyMap<string, BillingCustomer>,
  findings: LoadFindings,
): void => {
  const synced = new Map<string, number>();
  // Each line of a sync says which records it changed; a sync interrupted by a pace deferral
  // says so too, and its retry may change a record again when newer usage arrived meanwhile.
  const toldPatches = new Map<string, number>();
  for (const entry of records.eventLog) {
    const isSynced = outcomeOf(entry) === 'synced';
    if (isSynced) synced.set(entry.customerId, (synced.get(entry.customerId) ?? 0) + 1);
    if (isSynced || isInterruptedSync(entry))
      toldPatches.set(entry.customerId, (toldPatches.get(entry.customerId) ?? 0) + changedRecordsOf(entry));
  }
  const reporting = new Set(plan.events.map((event) => event.customer.id));
  for (const customer of plan.customers.filter((candidate) => reporting.has(candidate.customerId))) {
    const count = synced.get(customer.customerId) ?? 0;
    if (count !== 1) findings.dataSyncs.push(`customer ${customer.customerId}: ${count} data syncs`);
    const created = seeded.get(customer.customerId);
    const ownPaths = [
      `/company/companies/${created?.companyId}/managementSummaryReports/`,
      `/finance/agreements/${created?.agreementId}/additions/`,
    ];
    const patches = records.journal.filter(
      (request) => request.method === 'PATCH' && ownPaths.some((prefix) => request.path.startsWith(prefix)),
    );
    const told = toldPatches.get(customer.customerId) ?? 0;
    if (patches.length !== told)
      findings.patchSets.push(
        `customer ${customer.customerId}: ${patches.length} PATCHes, the event log tells of ${told}`,
      );
  }
};

/** The records (Managed ID records, additions) one sync line changed: one PATCH each. */
const changedRecordsOf = (entry: EventLogEntry): number => {
  const changes = (entry.details as { changes?: readonly { target?: unknown }[] } | undefined)?.changes ?? [];
  return new Set(changes.map((change) => String(change.target))).size;
};

/** Checks the run's records against its plan: nothing lost, nothing done twice. */
export const checkLoadRecords = (
  plan: LoadPlan,
  records: LoadRecords,
  seeded: ReadonlyMap<string, BillingCustomer>,
): LoadFindings => {
  const findings: LoadFindings = {
    lost: [],
    duplicatedOutcomes: [],
    failures: [],
    tickets: [],
    notes: [],
    dataSyncs: [],
    patchSets: [],
  };
  checkEvents(plan, records, findings);
  checkTickets(plan, records, findings);
  checkDataSyncs(plan, records, seeded, findings);
  return findings;
};
