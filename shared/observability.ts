import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { metricsNamespace, serviceName } from './resources.js';

/** The one logger, metrics and tracer of a function: configured here, used everywhere. */
export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ serviceName, namespace: metricsNamespace });
export const tracer = new Tracer({ serviceName });

/** Correlation keys appended to every log line of one record, then cleared. */
export interface CorrelationKeys {
  partnerId?: string;
  customerId?: string;
  accountId?: string;
  eventId?: string;
}

export const appendCorrelationKeys = (keys: CorrelationKeys): void => {
  logger.appendKeys({ ...keys });
};

export const clearCorrelationKeys = (): void => {
  logger.removeKeys(['partnerId', 'customerId', 'accountId', 'eventId']);
};
