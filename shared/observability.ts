import { AsyncLocalStorage } from 'node:async_hooks';
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { metricsNamespace, serviceName } from './resources.js';

/** Correlation keys appended to every log line of one record, then cleared. */
export interface CorrelationKeys {
  partnerId?: string;
  customerId?: string;
  accountId?: string;
  eventId?: string;
}

// One record's keys while records of different partners are processed at the same time.
const correlation = new AsyncLocalStorage<CorrelationKeys>();

/** Powertools' JSON log shape, plus the correlation keys of the record whose code is logging. */
class CorrelatedLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: attributes.lambdaContext?.coldStart,
        function_arn: attributes.lambdaContext?.invokedFunctionArn,
        function_memory_size: attributes.lambdaContext?.memoryLimitInMB,
        function_name: attributes.lambdaContext?.functionName,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
        ...correlation.getStore(),
      },
    }).addAttributes(additional);
  }
}

/** The one logger, metrics and tracer of a function: configured here, used everywhere. */
export const logger = new Logger({ serviceName, logFormatter: new CorrelatedLogFormatter() });
export const metrics = new Metrics({ serviceName, namespace: metricsNamespace });
export const tracer = new Tracer({ serviceName });

/** Runs `work` with correlation keys of its own, so concurrent records do not share theirs. */
export const withCorrelationScope = <T>(work: () => Promise<T>): Promise<T> => correlation.run({}, work);

export const appendCorrelationKeys = (keys: CorrelationKeys): void => {
  const scope = correlation.getStore();
  if (scope) Object.assign(scope, keys);
  else logger.appendKeys({ ...keys });
};

export const clearCorrelationKeys = (): void => {
  const scope = correlation.getStore();
  if (scope) for (const key of Object.keys(scope)) delete scope[key as keyof CorrelationKeys];
  else logger.removeKeys(['partnerId', 'customerId', 'accountId', 'eventId']);
};
