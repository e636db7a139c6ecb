import { DEMO_CUSTOMERS, type DemoCustomer } from '../../cw-simulator/demo-seed.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import { aPortalEvent } from './portal-events.js';

/** The events of the fault runs: bursts of new problems with repeats, and usage reports. */

const demoCustomer = (n: number): DemoCustomer => {
  const customer = DEMO_CUSTOMERS[n % DEMO_CUSTOMERS.length];
  if (!customer) throw new Error('the demo seed has no customers');
  return customer;
};

const asPortalCustomer = (customer: DemoCustomer) => ({
  id: String(customer.portalCustomerId),
  name: customer.name,
});

let burstSeq = 0;
const burstStamp = (): string => {
  burstSeq += 1;
  return `${Date.now().toString(36)}${burstSeq}`;
};

/**
 * `problems` new problems, each a failed backup of an account of its own (the demo's mapped
 * customers in turn), then the first `repeats` of them once more: one ticket per problem, and a
 * repeat is a note on its problem's ticket.
 */
export const aProblemBurst = (partnerId: string, problems: number, repeats = 0): PortalEvent[] => {
  const stamp = burstStamp();
  const firsts = Array.from({ length: problems }, (_, n) => {
    const base = aPortalEvent({
      partnerId,
      customer: asPortalCustomer(demoCustomer(n)),
      message: `Backup job failed: attempt ${n}`,
    });
    return { ...base, account: { ...base.account, id: `FLT${stamp}-${n}` } };
  });
  const again = firsts.slice(0, repeats).map((event) => ({
    ...event,
    eventId: `${event.eventId}-again`,
    occurredAt: '2026-11-28T10:05:00Z',
    message: `${event.message}, again`,
  }));
  return [...firsts, ...again];
};

/** The events without their stats: failures that report no usage, beside usage events whose figures are checked. */
export const withoutStats = (events: readonly PortalEvent[]): PortalEvent[] =>
  events.map(({ stats: _stats, ...event }) => event);

/** What ConnectWise must show for one customer after its usage report was synced once. */
export interface UsageExpectation {
  readonly customer: DemoCustomer;
  readonly eventId: string;
  /** The cloud storage addition: the account's GB, whole numbers so no rounding is involved. */
  readonly storageQuantity: number;
  readonly servers: number;
  readonly workstations: number;
  /** The month's job counters: this one event's, counted once. */
  readonly successfulJobs: number;
  readonly failedJobs: number;
}

/**
 * One completed backup with stats for each mapped demo customer, on an account of its own, as of
 * a minute ago (the month's counters are the current month's): each customer's data sync runs
 * once, so what ConnectWise must show follows from its one event alone.
 */
export const aUsageBurst = (partnerId: string): { events: PortalEvent[]; expected: UsageExpectation[] } => {
  const stamp = burstStamp();
  const occurredAt = new Date(Date.now() - 60_000).toISOString();
  const expected: UsageExpectation[] = [];
  const events = DEMO_CUSTOMERS.map((customer, n) => {
    const usage = { servers: 1 + n, workstations: 3 + n, successfulJobs: 4 + n, failedJobs: n };
    const event = aPortalEvent({
      partnerId,
      type: 'backup.completed',
      severity: 'info',
      message: 'Backup completed',
      occurredAt,
      customer: asPortalCustomer(customer),
      account: { id: `FLU${stamp}-${n}`, name: `Office server ${n}`, service: 'BDR', plan: 'Cloud' },
      stats: { ...usage, storageGb: 111 * (n + 1), localStorageGb: 40 },
    });
    expected.push({ customer, eventId: event.eventId, storageQuantity: 111 * (n + 1), ...usage });
    return event;
  });
  return { events, expected };
};
