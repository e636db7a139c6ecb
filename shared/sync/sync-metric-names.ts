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
  /** Records re-sent with a delay to wait out ConnectWise (outage, circuit, pace, 429). */
  syncDeferrals: 'syncDeferrals',
  /** A partner's circuit opened (consecutive 5xx, timeouts or connection failures). */
  circuitOpened: 'circuitOpened',
  /** A partner's circuit closed again (a probe succeeded). */
  circuitClosed: 'circuitClosed',
  /**
   * How long a partner's circuit has been open, emitted at each probe and each request it
   * turned away: the alarm on an outage an operator should know about watches its maximum.
   */
  circuitOpenSeconds: 'circuitOpenSeconds',
  /** Probes sent to a partner's ConnectWise while its circuit was open. */
  circuitProbes: 'circuitProbes',
  /** Requests not sent (circuit open, 429 pause, no slot of the pace soon enough). */
  requestsDeferred: 'requestsDeferred',
  /** Milliseconds requests waited in process for their slot of the partner's pace. */
  paceWaitMs: 'paceWaitMs',
  /** 429 answers that paused a partner. */
  partnerPauses: 'partnerPauses',
} as const;
