import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { BridgeError, ValidationError } from '../errors.js';
import { UnauthorizedError } from '../http/http-errors.js';
import { appendCorrelationKeys, logger, metrics } from '../observability.js';
import type { IngestOutcome } from './ingest-event.js';
import { ingestMetricNames } from './ingest-metric-names.js';

/** A short camelCase reason for a rejected request, used as the `reason` metric dimension. */
export const rejectionReason = (error: BridgeError): string => {
  if (error instanceof UnauthorizedError) return error.reason;
  if (error instanceof ValidationError)
    return error.fields[0]?.field === '(body)' ? 'malformedJson' : 'invalidEvent';
  const name = error.name.replace(/Error$/, '');
  return name.charAt(0).toLowerCase() + name.slice(1);
};

/** Logs and counts an accepted or duplicate event, with its correlation keys. */
export const recordOutcome = ({ event, status }: IngestOutcome): void => {
  appendCorrelationKeys({
    partnerId: event.partnerId,
    customerId: event.customer.id,
    eventId: event.eventId,
  });
  metrics.addMetric(
    status === 'queued' ? ingestMetricNames.accepted : ingestMetricNames.duplicate,
    MetricUnit.Count,
    1,
  );
  logger.info(status === 'queued' ? 'event accepted' : 'duplicate event ignored', { status });
};

/**
 * Logs and counts a rejected request. The log says the real reason (the response deliberately
 * does not, for 401s) but never the signature, secret or body.
 */
export const recordRejection = (error: unknown): void => {
  if (!(error instanceof BridgeError) || error.status >= 500) return;
  const reason = rejectionReason(error);
  // Counted twice on purpose: the total (service dimension only, what alarms and dashboards
  // graph) and the breakdown by reason, which CloudWatch treats as a separate metric.
  metrics.addMetric(ingestMetricNames.rejected, MetricUnit.Count, 1);
  const single = metrics.singleMetric();
  single.addDimension('reason', reason);
  single.addMetric(ingestMetricNames.rejected, MetricUnit.Count, 1);
  const details = {
    reason,
    status: error.status,
    ...(error instanceof ValidationError && { fields: error.fields }),
  };
  if (error instanceof UnauthorizedError) logger.warn('event rejected', details);
  else logger.info('event rejected', details);
};
