/**
 * The sync function's metric names (stable: dashboards and alarms are built on them). Apart from
 * the code that emits them so the CDK app can read them without loading Powertools.
 */
export const syncMetricNames = {
  ticketsCreated: 'ticketsCreated',
  ticketNotesAdded: 'ticketNotesAdded',
  ticketsResolved: 'ticketsResolved',
  eventsWithoutTicketRule: 'eventsWithoutTicketRule',
  /** Data syncs that reached ConnectWise (with or without a change). */
  dataSyncsCompleted: 'dataSyncsCompleted',
  /** Data syncs skipped because the customer's 12-hour window was closed. */
  dataSyncsSkipped: 'dataSyncsSkipped',
  /** Data syncs with nothing to do (settings off, no usage reported yet). */
  dataSyncsNotNeeded: 'dataSyncsNotNeeded',
  /** Fields changed in ConnectWise by data syncs (Managed ID counters, quantities, descriptions). */
  dataSyncChanges: 'dataSyncChanges',
  /** Setup problems a data sync found (missing Managed ID record or addition, wrong order). */
  dataSyncProblems: 'dataSyncProblems',
  eventsWithoutSyncRule: 'eventsWithoutSyncRule',
  /** Redeliveries and reprocesses answered from the idempotency store. */
  syncReplays: 'syncReplays',
  /** Permanent failures written to the event log. */
  syncFailures: 'syncFailures',
  /** Records handed back to the queue for a retry. */
  syncRetries: 'syncRetries',
} as const;
