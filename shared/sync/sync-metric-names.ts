/**
 * The sync function's metric names (stable: dashboards and alarms are built on them). Apart from
 * the code that emits them so the CDK app can read them without loading Powertools.
 */
export const syncMetricNames = {
  ticketsCreated: 'ticketsCreated',
  ticketNotesAdded: 'ticketNotesAdded',
  ticketsResolved: 'ticketsResolved',
  eventsWithoutTicketRule: 'eventsWithoutTicketRule',
  /** Redeliveries and reprocesses answered from the idempotency store. */
  syncReplays: 'syncReplays',
  /** Permanent failures written to the event log. */
  syncFailures: 'syncFailures',
  /** Records handed back to the queue for a retry. */
  syncRetries: 'syncRetries',
} as const;
