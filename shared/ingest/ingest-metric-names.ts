/**
 * The ingest function's metric names (stable: dashboards and alarms are built on them). Apart from
 * the code that emits them so the CDK app can read them without loading Powertools.
 */
export const ingestMetricNames = {
  accepted: 'eventsAccepted',
  duplicate: 'eventsDuplicate',
  /** Counted once in total and once with a `reason` dimension. */
  rejected: 'eventsRejected',
} as const;
