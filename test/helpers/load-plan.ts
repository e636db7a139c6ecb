import type { PortalEvent } from '../../shared/domain/portal-event.js';
import { ticketFingerprintOf } from '../../shared/domain/ticket-fields.js';

/** The partners of the load run: the seeded demo partner and two added through the admin API. */
export const loadPartnerIds = ['demo', 'load-b', 'load-c'] as const;

/** One portal customer of the load run and the partner it belongs to. */
export interface LoadCustomer {
  readonly partnerId: string;
  readonly customerId: string;
  readonly name: string;
  /** Billed per GB of cloud storage. */
  readonly bdrAccountId: string;
  /** Billed per protected device. */
  readonly workstationAccountId: string;
}

/** The events of a load run in the order they are sent, and what they should lead to. */
export interface LoadPlan {
  readonly customers: readonly LoadCustomer[];
  readonly events: readonly PortalEvent[];
  /** Ticket fingerprint → the events of that problem (the first opens the ticket, the rest note it). */
  readonly problems: ReadonlyMap<string, readonly PortalEvent[]>;
  /** Event ids sent a second time once the first copy was accepted: each must be answered as a duplicate. */
  readonly resent: ReadonlySet<string>;
}

/** Every this-many-th event is sent twice. */
const resendEvery = 50;

/** A small seeded generator (mulberry32), so every run sends the same order. */
const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

const shuffled = <T>(items: readonly T[], random: () => number): T[] => {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
};

const customersOf = (count: number, firstId: number): LoadCustomer[] =>
  Array.from({ length: count }, (_, index) => {
    const customerId = String(firstId + index);
    return {
      partnerId: loadPartnerIds[index % loadPartnerIds.length] as string,
      customerId,
      name: `Load customer ${customerId}`,
      bdrAccountId: `EFS${customerId}01`,
      workstationAccountId: `EFS${customerId}02`,
    };
  });

/**
 * The customer's `nth` event: of every five, a failed BDR backup (error), a missed workstation
 * backup (warning) and three completed backups. Every event reports its account's statistics.
 */
const nthEventOf = (
  customer: LoadCustomer,
  nth: number,
  eventId: string,
  occurredAt: string,
): PortalEvent => {
  const kind = nth % 5;
  const bdr = kind === 0 || kind === 2 || kind === 4;
  const type = kind === 0 ? 'backup.failed' : kind === 1 ? 'backup.missed' : 'backup.completed';
  return {
    eventId,
    partnerId: customer.partnerId,
    type,
    severity: kind === 0 ? 'error' : kind === 1 ? 'warning' : 'info',
    occurredAt,
    customer: { id: customer.customerId, name: customer.name },
    account: bdr
      ? { id: customer.bdrAccountId, name: 'Head office server', service: 'BDR', plan: 'Cloud 1TB' }
      : {
          id: customer.workstationAccountId,
          name: 'Workstations',
          service: 'Workstation Backup',
          plan: 'Default',
        },
    // The run number makes each occurrence's note text its own, so a note added twice shows.
    message: `${type === 'backup.completed' ? 'Backup completed' : 'Backup job failed: snapshot error'} (run ${nth})`,
    stats: {
      servers: bdr ? 2 : 0,
      workstations: bdr ? 0 : 6,
      successfulJobs: 30 + nth,
      failedJobs: kind < 2 ? 1 : 0,
      storageGb: bdr ? 250.5 : 40,
      localStorageGb: bdr ? 120 : 0,
      lastBackupAt: occurredAt,
    },
  };
};

/**
 * `eventCount` events over `customerCount` customers (ids from `firstId`), split round robin over
 * the three partners. Each customer's events are spread over the run: round by round, every
 * customer sends its next event, the customers in a shuffled order each round.
 */
export const planLoad = (options: {
  eventCount: number;
  customerCount: number;
  firstId: number;
  /** When the run starts (ms): events occurred before it, one millisecond apart. */
  startMs: number;
}): LoadPlan => {
  const customers = customersOf(options.customerCount, options.firstId);
  const random = seededRandom(options.firstId);
  const rounds = Math.ceil(options.eventCount / options.customerCount);
  const events: PortalEvent[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const customer of shuffled(customers, random)) {
      if (events.length === options.eventCount) break;
      const index = events.length;
      const occurredAt = new Date(options.startMs - options.eventCount + index).toISOString();
      events.push(nthEventOf(customer, round, `load-${customer.partnerId}-${index}`, occurredAt));
    }
  }
  const problems = new Map<string, PortalEvent[]>();
  for (const event of events.filter((candidate) => candidate.severity !== 'info')) {
    const fingerprint = ticketFingerprintOf(event.partnerId, event.account.id, event.type);
    problems.set(fingerprint, [...(problems.get(fingerprint) ?? []), event]);
  }
  const resent = new Set(
    events.filter((_, index) => index % resendEvery === resendEvery - 1).map((event) => event.eventId),
  );
  return { customers, events, problems, resent };
};
