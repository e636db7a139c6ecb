import type { NotificationRule, PartnerConfig } from '../domain/partner-config.js';
import type { PortalEvent } from '../domain/portal-event.js';
import type { ConnectWiseGateways } from '../ports/connectwise-gateways.js';
import type { EventLogEntry } from '../ports/event-log.js';

/** The jobs one queue record runs, in this order. */
export const jobNames = ['ticket', 'data-sync'] as const;
export type JobName = (typeof jobNames)[number];

/** What every job of one record sees: the event, its partner, and the partner's ConnectWise. */
export interface JobContext {
  readonly event: PortalEvent;
  readonly partner: PartnerConfig;
  readonly rules: readonly NotificationRule[];
  /** An operator's reprocess. */
  readonly force: boolean;
  /** ISO 8601: when the record's processing started. */
  readonly now: string;
  /** The partner's ConnectWise, built on first use. */
  readonly connect: () => Promise<ConnectWiseGateways>;
}

/** A job's result: JSON, because the once-only store keeps it and replays it. */
export interface JobOutcome {
  readonly kind: string;
}

/**
 * One unit of work of a queue record (a ticket, a data sync), with its own rule match inside
 * `run`, its own once-only record (`{partnerId, eventId, job}`), event-log entries and metrics.
 */
export interface SyncJob<O extends JobOutcome = JobOutcome> {
  readonly name: JobName;
  /**
   * Whether an operator's reprocess runs the job again although it completed. Only for a job
   * whose writes are safe to repeat (the data sync sets absolute values); the ticket job answers
   * a reprocess from its once-only record, so a reprocess never opens a second ticket.
   */
  readonly redoWhenForced: boolean;
  run(context: JobContext): Promise<O>;
  /** The account's event-log lines of an outcome (none when the job had nothing to say). */
  entriesOf(context: JobContext, outcome: O): EventLogEntry[];
  /** Metric name → count of an outcome. */
  metricsOf(outcome: O): Readonly<Record<string, number>>;
}

/** What became of one job of a record that did not need a retry. */
export type JobResult =
  | {
      readonly job: JobName;
      readonly kind: 'done';
      readonly outcome: JobOutcome;
      /** Answered from the once-only record: the job did nothing this time. */
      readonly replayed: boolean;
      readonly metrics: Readonly<Record<string, number>>;
    }
  | { readonly job: JobName; readonly kind: 'logged-failure'; readonly message: string };

/** The event-log line every job writes from, filled with the event's account and ids. */
export const entryFor = (
  event: PortalEvent,
  at: string,
  line: Pick<EventLogEntry, 'level' | 'message'> & { readonly details?: Record<string, unknown> },
): EventLogEntry => ({
  accountId: event.account.id,
  partnerId: event.partnerId,
  customerId: event.customer.id,
  eventId: event.eventId,
  at,
  level: line.level,
  message: line.message,
  details: { type: event.type, severity: event.severity, ...line.details },
});
