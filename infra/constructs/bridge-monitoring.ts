import { Duration, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IAlarmAction,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { billingMetricNames } from '../../shared/billing/billing-metric-names.js';
import { driftClasses } from '../../shared/domain/billing-drift.js';
import { ingestMetricNames } from '../../shared/ingest/ingest-metric-names.js';
import { metricsNamespace, serviceName } from '../../shared/resources.js';
import { syncMetricNames } from '../../shared/sync/sync-metric-names.js';

export interface BridgeMonitoringProps {
  /** Functions whose errors raise an alarm, by display name. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /**
   * The HTTP API. Its 5xx count gets an alarm: the API functions answer their own failures as
   * 500/503 problems, so those never show as Lambda errors.
   */
  readonly httpApi: IHttpApi;
  readonly syncQueue: IQueue;
  readonly deadLetterQueue: IQueue;
  /** The billing queue's dead-letter queue (unreadable sweep units). */
  readonly billingDeadLetterQueue: IQueue;
  /** The queue's delivery delay: the oldest-message alarm fires only well beyond it. */
  readonly syncDelaySeconds: number;
  /**
   * Email address that receives every alarm.
   * @default - alarms have no action
   */
  readonly alarmEmail?: string;
  /**
   * Minutes a partner's ConnectWise circuit may stay open before an alarm says so: an outage an
   * operator should know about (records wait it out; they are not dead-lettered).
   * @default 30
   */
  readonly circuitOpenAlarmMinutes?: number;
}

/** What became of the sync records that were done with. */
export const syncOutcomeMetricNames = [
  syncMetricNames.ticketsCreated,
  syncMetricNames.ticketNotesAdded,
  syncMetricNames.ticketsResolved,
  syncMetricNames.eventsWithoutTicketRule,
  syncMetricNames.syncReplays,
] as const;

/** What the data sync jobs did: synced, skipped by the window, nothing to do, fields changed, setup problems. */
export const dataSyncMetricNames = [
  syncMetricNames.dataSyncsCompleted,
  syncMetricNames.dataSyncsSkipped,
  syncMetricNames.dataSyncsNotNeeded,
  syncMetricNames.eventsWithoutSyncRule,
  syncMetricNames.dataSyncChanges,
  syncMetricNames.dataSyncProblems,
] as const;

/** How records wait out ConnectWise: circuit changes, probes, deferrals, 429 pauses. */
export const deliveryMetricNames = [
  syncMetricNames.circuitOpened,
  syncMetricNames.circuitClosed,
  syncMetricNames.circuitProbes,
  syncMetricNames.requestsDeferred,
  syncMetricNames.syncDeferrals,
  syncMetricNames.partnerPauses,
] as const;

/**
 * Alarms on what needs an operator (dead letters, errors, a stuck queue, permanent sync failures,
 * a partner's ConnectWise down for long)
 * and one dashboard.
 */
export class BridgeMonitoring extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
  readonly alarmTopic: Topic | undefined;

  constructor(scope: Construct, id: string, props: BridgeMonitoringProps) {
    super(scope, id);
    this.alarmTopic = props.alarmEmail ? this.createAlarmTopic(props.alarmEmail) : undefined;
    const action = this.alarmTopic && new SnsAction(this.alarmTopic);

    const { deadLetters, oldest } = this.alarmOnQueues(props, action);
    const errorMetrics = this.alarmOnFunctionErrors(props.functions, action);
    const apiServerErrors = props.httpApi.metricServerError({
      period: Duration.minutes(5),
      statistic: 'Sum',
    });
    this.addAlarm('ApiServerErrors', action, {
      metric: apiServerErrors,
      threshold: 0,
      description:
        'The HTTP API answered 5xx: ingest could not store or queue events (or admin failed). The handlers ' +
        'turn these failures into problem responses, so the function error alarms do not see them.',
    });
    const syncFailures = this.alarmOnSyncFailures(action);
    const circuitOpen = this.alarmOnOpenCircuit(action, props.circuitOpenAlarmMinutes ?? 30);
    const billingErrors = this.alarmOnBilling(props, action);
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: 'cwbridge' });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Events',
        left: Object.values(ingestMetricNames).map(businessMetric),
        width: 12,
      }),
      new GraphWidget({
        title: 'Function errors',
        left: [...errorMetrics, apiServerErrors.with({ label: 'API 5xx' })],
        width: 12,
      }),
      new GraphWidget({ title: 'Ticket sync', left: syncOutcomeMetricNames.map(businessMetric), width: 12 }),
      new GraphWidget({ title: 'Data sync', left: dataSyncMetricNames.map(businessMetric), width: 12 }),
      new GraphWidget({
        title: 'Sync failures (event log) and retries',
        left: [syncFailures, businessMetric(syncMetricNames.syncRetries)],
        width: 12,
      }),
      new GraphWidget({
        title: 'ConnectWise delivery: circuit, deferrals, pace',
        left: deliveryMetricNames.map(businessMetric),
        right: [
          circuitOpen.with({ label: 'longest open circuit (s)' }),
          businessMetric(syncMetricNames.paceWaitMs).with({
            statistic: 'Maximum',
            label: 'longest pace wait (ms)',
          }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Billing sweep: customers and drift by class',
        left: [
          billingMetricNames.customersChecked,
          billingMetricNames.customersChanged,
          billingMetricNames.customersDrifted,
          ...driftClasses.map(billingMetricNames.drift),
        ].map(businessMetric),
        right: [billingErrors.with({ label: 'customers not checked' })],
        width: 12,
      }),
      new GraphWidget({ title: 'Dead-letter queue depth', left: [deadLetters], width: 12 }),
      new GraphWidget({ title: 'Sync queue: age of oldest record', left: [oldest], width: 12 }),
    );
  }

  private alarmOnQueues(props: BridgeMonitoringProps, action: IAlarmAction | undefined) {
    const deadLetters = props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: 'Maximum',
    });
    this.addAlarm('DeadLetterQueueNotEmpty', action, {
      metric: deadLetters,
      threshold: 0,
      description: 'Sync records reached the dead-letter queue: inspect and redrive them (admin /dlq).',
    });
    const oldest = props.syncQueue.metricApproximateAgeOfOldestMessage({
      period: Duration.minutes(5),
      statistic: 'Maximum',
    });
    this.addAlarm('SyncQueueBacklog', action, {
      metric: oldest,
      threshold: props.syncDelaySeconds + 15 * 60,
      evaluationPeriods: 2,
      description: 'The oldest sync record waits 15 minutes beyond the delivery delay: sync is stuck.',
    });
    return { deadLetters, oldest };
  }

  private alarmOnFunctionErrors(
    functions: BridgeMonitoringProps['functions'],
    action: IAlarmAction | undefined,
  ): Metric[] {
    return Object.entries(functions).map(([name, fn]) => {
      const errors = fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' });
      this.addAlarm(`${name}Errors`, action, {
        metric: errors,
        threshold: 0,
        description: `The ${name} function failed an invocation.`,
      });
      return errors.with({ label: name });
    });
  }

  /** Permanent failures are not retried and reach no DLQ: this alarm is the only one that sees them. */
  private alarmOnSyncFailures(action: IAlarmAction | undefined): Metric {
    const syncFailures = businessMetric(syncMetricNames.syncFailures);
    this.addAlarm('SyncFailures', action, {
      metric: syncFailures,
      threshold: 0,
      description:
        'The sync wrote a permanent failure (configuration or ConnectWise rejection) to an account’s ' +
        'event log: read it there (admin API) and fix the partner’s setup; the record is not retried.',
    });
    return syncFailures;
  }

  /**
   * Each request an open circuit turns away, and each probe, reports how long the circuit has been
   * open; its maximum over 15 minutes (probes are at most five minutes apart) crosses the threshold
   * when some partner's ConnectWise has been down that long. The log line names the partner.
   */
  private alarmOnOpenCircuit(action: IAlarmAction | undefined, minutes: number): Metric {
    const openFor = businessMetric(syncMetricNames.circuitOpenSeconds).with({
      statistic: 'Maximum',
      period: Duration.minutes(15),
    });
    this.addAlarm('ConnectWiseCircuitOpen', action, {
      metric: openFor,
      threshold: minutes * 60,
      description:
        `A partner's ConnectWise has answered 5xx or timed out for more than ${minutes} minutes: its ` +
        'records are waiting (not dead-lettered). Find the partner in the sync log ("ConnectWise circuit opened").',
    });
    return openFor;
  }

  /** A customer the sweep could not check is reported, not retried forever: this alarm sees it. */
  private alarmOnBilling(props: BridgeMonitoringProps, action: IAlarmAction | undefined): Metric {
    const errors = businessMetric(billingMetricNames.errors).with({ period: Duration.hours(1) });
    this.addAlarm('BillingCustomersNotChecked', action, {
      metric: errors,
      threshold: 0,
      description:
        'A billing sweep run could not check some customers (ConnectWise refused or stayed down): read the ' +
        'latest report (admin GET /partners/{id}/billing/reports) for who and why.',
    });
    this.addAlarm('BillingDeadLetterQueueNotEmpty', action, {
      metric: props.billingDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 0,
      description:
        'A billing queue message could not be read and was dead-lettered: inspect the billing DLQ.',
    });
    return errors;
  }

  private addAlarm(
    id: string,
    action: IAlarmAction | undefined,
    props: { metric: Metric; threshold: number; description: string; evaluationPeriods?: number },
  ): void {
    const alarm = new Alarm(this, id, {
      metric: props.metric,
      threshold: props.threshold,
      evaluationPeriods: props.evaluationPeriods ?? 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: props.description,
    });
    if (action) alarm.addAlarmAction(action);
    this.alarms.push(alarm);
  }

  private createAlarmTopic(email: string): Topic {
    const topic = new Topic(this, 'AlarmTopic', { displayName: 'cwbridge alarms', enforceSSL: true });
    topic.addSubscription(new EmailSubscription(email));
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry only alarm names and states, no customer data; CloudWatch cannot ' +
        'publish to a topic encrypted with the AWS-managed SNS key, and a dedicated CMK is not worth its cost here.',
    });
    return topic;
  }
}

const businessMetric = (metricName: string): Metric =>
  new Metric({
    namespace: metricsNamespace,
    metricName,
    dimensionsMap: { service: serviceName },
    statistic: 'Sum',
    period: Duration.minutes(5),
  });
