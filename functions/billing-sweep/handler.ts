import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { z } from 'zod';
import { documentClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbPartnerRepository } from '../../shared/adapters/aws/dynamodb-partner-repository.js';
import { type BillingSweepPlan, planBillingSweep } from '../../shared/billing/plan-billing-sweep.js';
import { loadConfig, requiredString } from '../../shared/config/env.js';
import { logger, metrics, tracer } from '../../shared/observability.js';
import { tables } from '../../shared/resources.js';

const config = loadConfig(z.object({ [tables.partners.envVar]: requiredString }));
const partners = new DynamoDbPartnerRepository(documentClient, config[tables.partners.envVar]);

/** Result of one scheduled run, returned so the schedule's invocation record shows what happened. */
export interface BillingSweepResult {
  readonly partnerCount: number;
  readonly reconciledCount: number;
}

/** Handles one EventBridge "Scheduled Event": counts the partners a reconciliation must cover. */
export const sweepBilling = async (event: ScheduledEvent): Promise<BillingSweepResult> => {
  const plan: BillingSweepPlan = await planBillingSweep(partners);
  metrics.addMetric('billingSweepPartners', MetricUnit.Count, plan.partnerIds.length);
  logger.warn('billing sweep listed partners; reconciliation is not implemented yet, nothing was changed', {
    scheduledAt: event.time,
    partnerCount: plan.partnerIds.length,
    partnerIds: plan.partnerIds,
  });
  return { partnerCount: plan.partnerIds.length, reconciledCount: plan.reconciledCount };
};

export const handler = middy<ScheduledEvent, BillingSweepResult>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics))
  .handler(sweepBilling);
