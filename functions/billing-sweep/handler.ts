import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { documentClient, sqsClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbBillingReports } from '../../shared/adapters/aws/dynamodb-billing-reports.js';
import { DynamoDbPartnerRepository } from '../../shared/adapters/aws/dynamodb-partner-repository.js';
import { SqsBillingUnitQueue } from '../../shared/adapters/aws/sqs-billing-units.js';
import { SqsMessageVisibility } from '../../shared/adapters/aws/sqs-message-visibility.js';
import { connectWiseAccessEnvSchema } from '../../shared/adapters/connectwise/connectwise-access.js';
import { createReconcileDeps } from '../../shared/adapters/reconcile-deps.js';
import { billingMetricNames } from '../../shared/billing/billing-metric-names.js';
import {
  defaultPlanPageSize,
  type FinishedRun,
  type PlannedRun,
  planSweep,
} from '../../shared/billing/billing-sweep.js';
import { consumeBillingUnits } from '../../shared/billing/consume-billing-units.js';
import { integerWithDefault, loadConfig, requiredString } from '../../shared/config/env.js';
import { driftClasses } from '../../shared/domain/billing-drift.js';
import { logger, metrics, tracer } from '../../shared/observability.js';
import { billingQueue, tables } from '../../shared/resources.js';

const config = loadConfig(
  connectWiseAccessEnvSchema.extend({
    [tables.partners.envVar]: requiredString,
    [tables.state.envVar]: requiredString,
    [billingQueue.envVar]: requiredString,
    /** The billing queue's maxReceiveCount: on the last receive a failing customer is reported. */
    BILLING_MAX_RECEIVE_COUNT: integerWithDefault(billingQueue.maxReceiveCount, 1, 1000),
    [billingQueue.planPageSizeEnvVar]: integerWithDefault(defaultPlanPageSize, 1, 1000),
  }),
);

const invocation = new AsyncLocalStorage<Context>();
const remainingMs = (): number => invocation.getStore()?.getRemainingTimeInMillis() ?? 60_000;

const stateTable = config[tables.state.envVar];
const partners = new DynamoDbPartnerRepository(documentClient, config[tables.partners.envVar]);
const reports = new DynamoDbBillingReports(documentClient, stateTable);

/** One summary line and one metric per figure and drift class for every finished run. */
const onRunFinished = (run: FinishedRun): void => {
  const { changes: _changes, needsAttention: _needsAttention, ...figures } = run.summary;
  logger.info('billing sweep run finished', {
    partnerId: run.partnerId,
    runId: run.runId,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    planned: run.planned,
    ...figures,
  });
  metrics.addMetric(billingMetricNames.runsFinished, MetricUnit.Count, 1);
  metrics.addMetric(billingMetricNames.customersChecked, MetricUnit.Count, run.summary.customersChecked);
  metrics.addMetric(billingMetricNames.customersChanged, MetricUnit.Count, run.summary.customersChanged);
  metrics.addMetric(billingMetricNames.customersDrifted, MetricUnit.Count, run.summary.customersDrifted);
  metrics.addMetric(billingMetricNames.errors, MetricUnit.Count, run.summary.errors);
  for (const driftClass of driftClasses) {
    metrics.addMetric(
      billingMetricNames.drift(driftClass),
      MetricUnit.Count,
      run.summary.driftByClass[driftClass],
    );
  }
};

const reconcileDeps = createReconcileDeps({ env: config, stateTableName: stateTable, remainingMs });
const queue = new SqsBillingUnitQueue(sqsClient, config[billingQueue.envVar]);
const planPageSize = config[billingQueue.planPageSizeEnvVar];
const unitDeps = { ...reconcileDeps, partners, reports, onRunFinished, queue, planPageSize };

export const planDeps = {
  partners,
  usage: reconcileDeps.usage,
  reports,
  queue,
  planPageSize,
  now: () => new Date(),
  newRunId: () => randomUUID(),
  onRunFinished,
};

/** The schedule's answer: the runs it started. */
export interface BillingSweepResult {
  readonly runs: readonly PlannedRun[];
}

/** The EventBridge schedule: starts a run for every partner, its first page of customers queued. */
export const sweepBilling = async (event: ScheduledEvent): Promise<BillingSweepResult> => {
  const runs = await planSweep(planDeps, 'schedule');
  logger.info('billing sweep planned', {
    scheduledAt: event.time,
    partnerCount: runs.length,
    customersQueued: runs.reduce((total, run) => total + run.queued, 0),
    partnersStillPlanning: runs.filter((run) => run.planned === undefined).length,
  });
  return { runs };
};

/** The billing queue: reconciles each customer of a run and records its result, and plans runs' next pages. */
export const reconcileBatch = (event: SQSEvent): Promise<SQSBatchResponse> =>
  consumeBillingUnits(
    {
      ...unitDeps,
      visibility: new SqsMessageVisibility(sqsClient, config[billingQueue.envVar]),
      maxReceiveCount: config.BILLING_MAX_RECEIVE_COUNT,
      random: Math.random,
    },
    event.Records,
  );

const isQueueBatch = (event: SQSEvent | ScheduledEvent): event is SQSEvent => 'Records' in event;

export const handler = middy<SQSEvent | ScheduledEvent, SQSBatchResponse | BillingSweepResult>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics))
  .handler((event, context) =>
    invocation.run(context, () => (isQueueBatch(event) ? reconcileBatch(event) : sweepBilling(event))),
  );
