import Table from 'cli-table3';
import { DEMO_PRODUCTS } from '../../cw-simulator/demo-seed.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import type { EventLogEntry } from '../../shared/ports/event-log.js';
import { callApi } from './cw-simulator-client.js';
import type { UsageExpectation } from './fault-events.js';
import {
  deadLetteredEventIds,
  expectsTicket,
  type FaultTarget,
  fingerprintOf,
  readOutcomes,
} from './fault-outcomes.js';

/** One fault run's tally, a row of the summary table. */
export interface FaultRunReport {
  readonly scenario: string;
  readonly events: number;
  /** Events whose log holds exactly one outcome line, and the right one. */
  readonly correctOutcomes: number;
  readonly tickets: number;
  /** Tickets beyond the first of each problem. */
  readonly duplicateTickets: number;
  /** Customers whose ConnectWise quantities or counters differ from what their events imply. */
  readonly billingMismatches: number;
  readonly deadLettered: number;
  readonly cwRequests: number;
  readonly seconds: number;
  /** Everything that went wrong, in words: what a failing run's assertion shows. */
  readonly problems: readonly string[];
}

interface Tally {
  correct: number;
  problems: string[];
}

const linesText = (lines: readonly EventLogEntry[]): string =>
  lines.length === 0 ? 'none' : lines.map((line) => `${line.level} "${line.message}"`).join(', ');

const ticketIdOf = (line: EventLogEntry): number | undefined => {
  const id = /#(\d+)/.exec(line.message)?.[1];
  return id === undefined ? undefined : Number(id);
};

interface SimTicket {
  readonly id: number;
  readonly externalXRef?: string;
}

/** One ticket per problem, each event's line naming it, and one recurrence note per repeat. */
const checkTickets = async (
  target: FaultTarget,
  events: readonly PortalEvent[],
  outcomes: Map<string, EventLogEntry[]>,
  tally: Tally,
): Promise<{ tickets: number; duplicates: number }> => {
  const all = await callApi<SimTicket[]>(target.simulator, { path: '/service/tickets?pageSize=1000' });
  const problems = new Map<string, PortalEvent[]>();
  for (const event of events.filter(expectsTicket))
    problems.set(fingerprintOf(event), [...(problems.get(fingerprintOf(event)) ?? []), event]);
  let tickets = 0;
  let duplicates = 0;
  for (const [fingerprint, ofProblem] of problems) {
    const found = all.body.filter((ticket) => ticket.externalXRef === fingerprint);
    tickets += found.length;
    duplicates += Math.max(0, found.length - 1);
    if (found.length !== 1) tally.problems.push(`${fingerprint}: ${found.length} tickets`);
    const [ticket] = found;
    for (const event of ofProblem) {
      const lines = outcomes.get(event.eventId) ?? [];
      const [line] = lines;
      const right =
        lines.length === 1 && line !== undefined && line.level !== 'error' && ticketIdOf(line) === ticket?.id;
      if (right) tally.correct += 1;
      else tally.problems.push(`${event.eventId}: outcome lines ${linesText(lines)}`);
    }
    if (ticket && found.length === 1) {
      const notes = await callApi<{ text: string }[]>(target.simulator, {
        path: `/service/tickets/${ticket.id}/notes`,
      });
      const repeats = notes.body.filter((note) => note.text.includes('occurred again')).length;
      if (repeats !== ofProblem.length - 1)
        tally.problems.push(
          `ticket #${ticket.id}: ${repeats} recurrence notes for ${ofProblem.length - 1} repeats`,
        );
    }
  }
  return { tickets, duplicates };
};

interface Addition {
  readonly product: { id: number };
  readonly quantity?: number;
  readonly cancelledDate?: string;
}

interface SummaryReport {
  readonly deviceType: string;
  readonly totalServers?: number;
  readonly totalWorkstations?: number;
  readonly successfulBackupJobs?: number;
  readonly failedBackupJobs?: number;
}

/** What ConnectWise shows for one customer, next to what its one usage event implies. */
const usageDifferences = async (target: FaultTarget, expected: UsageExpectation): Promise<string[]> => {
  const { customer } = expected;
  const additions = await callApi<Addition[]>(target.simulator, {
    path: `/finance/agreements/${customer.agreementId}/additions`,
  });
  const reports = await callApi<SummaryReport[]>(target.simulator, {
    path: `/company/companies/${customer.companyId}/managementSummaryReports`,
  });
  const storage = additions.body.find(
    (addition) => addition.product.id === DEMO_PRODUCTS.cloudStorage.id && !addition.cancelledDate,
  );
  const machines = reports.body.find((report) => report.deviceType === 'WorkstationsAndServers');
  const jobs = reports.body.find((report) => report.deviceType === 'BackupStats');
  const shown = {
    storageQuantity: storage?.quantity,
    servers: machines?.totalServers,
    workstations: machines?.totalWorkstations,
    successfulJobs: jobs?.successfulBackupJobs,
    failedJobs: jobs?.failedBackupJobs,
  };
  return Object.entries(shown)
    .filter(([field, value]) => value !== expected[field as keyof typeof shown])
    .map(
      ([field, value]) =>
        `${customer.identifier} ${field}: ${value} instead of ${expected[field as keyof typeof shown]}`,
    );
};

/** One data sync per usage event, and ConnectWise's figures as the events imply, counted once. */
const checkUsage = async (
  target: FaultTarget,
  expectations: readonly UsageExpectation[],
  outcomes: Map<string, EventLogEntry[]>,
  tally: Tally,
): Promise<number> => {
  let mismatches = 0;
  for (const expected of expectations) {
    const lines = outcomes.get(expected.eventId) ?? [];
    const synced = lines.length === 1 && lines[0]?.message.startsWith('ConnectWise synchronized');
    if (synced) tally.correct += 1;
    else tally.problems.push(`${expected.eventId}: outcome lines ${linesText(lines)}`);
    const differences = await usageDifferences(target, expected);
    if (differences.length > 0) mismatches += 1;
    tally.problems.push(...differences);
  }
  return mismatches;
};

/** Tallies a finished fault run: outcomes, tickets, billing, dead letters, ConnectWise requests. */
export const reportFaultRun = async (
  target: FaultTarget,
  run: {
    readonly scenario: string;
    readonly events: readonly PortalEvent[];
    readonly usage?: readonly UsageExpectation[];
    readonly startedAt: number;
  },
): Promise<FaultRunReport> => {
  const seconds = (Date.now() - run.startedAt) / 1000;
  const outcomes = await readOutcomes(target, run.events);
  const tally: Tally = { correct: 0, problems: [] };
  const { tickets, duplicates } = await checkTickets(target, run.events, outcomes, tally);
  const billingMismatches = await checkUsage(target, run.usage ?? [], outcomes, tally);
  const deadLetters = await deadLetteredEventIds(target.deadLetterUrl);
  const deadLettered = run.events.filter((event) => deadLetters.has(event.eventId)).length;
  if (deadLettered > 0) tally.problems.push(`${deadLettered} events dead-lettered`);
  return {
    scenario: run.scenario,
    events: run.events.length,
    correctOutcomes: tally.correct,
    tickets,
    duplicateTickets: duplicates,
    billingMismatches,
    deadLettered,
    cwRequests: target.simulator.journal().length,
    seconds,
    problems: tally.problems,
  };
};

/** The summary table of the fault runs, one row each, in plain text. */
export const faultSummaryTable = (reports: readonly FaultRunReport[]): string => {
  const table = new Table({
    head: [
      'scenario',
      'events',
      'correct',
      'tickets',
      'duplicates',
      'billing off',
      'DLQ',
      'CW requests',
      'seconds',
    ],
    style: { head: [], border: [] },
  });
  for (const report of reports) {
    table.push([
      report.scenario,
      report.events,
      report.correctOutcomes,
      report.tickets,
      report.duplicateTickets,
      report.billingMismatches,
      report.deadLettered,
      report.cwRequests,
      report.seconds.toFixed(1),
    ]);
  }
  return table.toString();
};
