import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type AdminAuthMode, adminAuthEnvVar } from '../../shared/admin/admin-auth.js';
import { dataSyncWindowEnvVar, defaultDataSyncWindowSeconds } from '../../shared/domain/sync-window.js';
import {
  billingQueue as billingQueueSpec,
  functionTimeoutSeconds,
  syncQueue as syncQueueSpec,
  type TableKey,
  tables as tableSpecs,
} from '../../shared/resources.js';
import { defaultDeferralPolicy, deferralPolicyEnvVars } from '../../shared/sync/failure-policy.js';
import { BridgeFunction } from '../constructs/bridge-function.js';
import { BridgeHttpApi, type RouteThrottle } from '../constructs/bridge-http-api.js';
import { BridgeMonitoring } from '../constructs/bridge-monitoring.js';

export interface StatelessStackProps extends StackProps {
  readonly tables: Readonly<Record<TableKey, ITable>>;
  readonly syncQueue: IQueue;
  readonly deadLetterQueue: IQueue;
  /** One message per customer of a billing sweep run, and its dead-letter queue. */
  readonly billingQueue: IQueue;
  readonly billingDeadLetterQueue: IQueue;
  readonly adminTokenSecret: ISecret;
  /** Delivery delay of the sync queue, passed to ingest so its 202 can say when the push happens. */
  readonly syncDelaySeconds: number;
  /**
   * Length of the data sync window, seconds: at most one ConnectWise data sync per customer per window.
   * @default 43200 (the seed's 12 hours)
   */
  readonly dataSyncWindowSeconds?: number;
  /** @default defaultEventsThrottle (50 rps, burst 100) */
  readonly eventsThrottle?: RouteThrottle;
  /** @default defaultAdminThrottle (10 rps, burst 20) */
  readonly adminThrottle?: RouteThrottle;
  /**
   * How the admin API authenticates: the bearer token, or IAM (SigV4) through API Gateway.
   * @default 'token'
   */
  readonly adminAuth?: AdminAuthMode;
  /**
   * Email address that receives alarms.
   * @default - no alarm topic
   */
  readonly alarmEmail?: string;
  /**
   * Most concurrent sync invocations, which bounds the request rate against ConnectWise.
   * @default 5
   */
  readonly syncMaxConcurrency?: number;
  /**
   * Minutes a partner's ConnectWise circuit may stay open before the outage alarm fires.
   * @default 30
   */
  readonly circuitOpenAlarmMinutes?: number;
  /**
   * Hours between billing sweeps.
   * @default 24
   */
  readonly billingSweepIntervalHours?: number;
  /**
   * Most concurrent billing-queue invocations (customers reconciled at once across partners).
   * @default 2
   */
  readonly billingMaxConcurrency?: number;
}

/** The billing sweep runs daily unless context `billingSweepIntervalHours` says otherwise. */
export const defaultBillingSweepIntervalHours = 24;

/** Functions, HTTP API, schedule and monitoring: safe to replace at any time. */
export class StatelessStack extends Stack {
  readonly ingest: BridgeFunction;
  readonly sync: BridgeFunction;
  readonly billingSweep: BridgeFunction;
  readonly admin: BridgeFunction;
  readonly api: BridgeHttpApi;
  readonly monitoring: BridgeMonitoring;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { tables, syncQueue, deadLetterQueue } = props;

    this.ingest = new BridgeFunction(this, 'Ingest', {
      name: 'ingest',
      description: 'Verifies, stores and enqueues one portal event',
      timeout: Duration.seconds(functionTimeoutSeconds.ingest),
      environment: { SYNC_DELAY_SECONDS: String(props.syncDelaySeconds) },
    })
      // Store the event and mark it queued: single items, nothing else of any table.
      .bindTable(tables.events, tableSpecs.events, 'items')
      .bindQueue(syncQueue, syncQueueSpec.envVar, 'send')
      // Internet-facing: the webhook secrets it verifies with, never a partner's ConnectWise keys.
      .bindPartnerSecrets(['webhookSecret'], 'read');

    this.sync = new BridgeFunction(this, 'Sync', {
      name: 'sync',
      description: 'Pushes queued events to ConnectWise',
      timeout: Duration.seconds(functionTimeoutSeconds.sync),
      environment: {
        [dataSyncWindowEnvVar]: String(props.dataSyncWindowSeconds ?? defaultDataSyncWindowSeconds),
        // Tied to the DLQ's retention: a record given up on still has a day there to be redriven.
        [deferralPolicyEnvVars.toleranceSeconds]: String(defaultDeferralPolicy.toleranceSeconds),
      },
    })
      .bindTable(tables.events, tableSpecs.events, 'read')
      .bindTable(tables.partners, tableSpecs.partners, 'read')
      .bindTable(tables.state, tableSpecs.state, 'readWrite')
      .bindTable(tables.eventLog, tableSpecs.eventLog, 'readWrite')
      .bindTable(tables.idempotency, tableSpecs.idempotency, 'readWrite')
      // Consume includes ChangeMessageVisibility (a retried record's backoff); send re-sends a
      // record with a delay, so waiting out ConnectWise spends none of its receives.
      .bindQueue(syncQueue, syncQueueSpec.envVar, 'sendAndConsume')
      .bindPartnerSecrets(['connectWiseKeys'], 'read');
    this.sync.addEventSource(
      new SqsEventSource(syncQueue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: props.syncMaxConcurrency ?? 5,
      }),
    );

    this.billingSweep = new BridgeFunction(this, 'BillingSweep', {
      name: 'billing-sweep',
      description: 'Reconciles every partner’s agreement additions with usage',
      timeout: Duration.seconds(functionTimeoutSeconds.billingSweep),
      environment: { BILLING_MAX_RECEIVE_COUNT: String(billingQueueSpec.maxReceiveCount) },
    })
      // Plans a run per partner (partners, the customer registry, the report header, the queue),
      // then reconciles each customer (usage, caches, pace, reports, ConnectWise keys).
      .bindTable(tables.partners, tableSpecs.partners, 'read')
      .bindTable(tables.state, tableSpecs.state, 'readWrite')
      .bindQueue(props.billingQueue, billingQueueSpec.envVar, 'sendAndConsume')
      .bindPartnerSecrets(['connectWiseKeys'], 'read');
    this.billingSweep.addEventSource(
      new SqsEventSource(props.billingQueue, {
        batchSize: 5,
        reportBatchItemFailures: true,
        // How many customers are reconciled at once, across partners: the sweep's share of paces.
        maxConcurrency: props.billingMaxConcurrency ?? 2,
      }),
    );
    new Rule(this, 'BillingSweepSchedule', {
      description: 'Runs the billing reconciliation sweep',
      schedule: Schedule.rate(
        Duration.hours(props.billingSweepIntervalHours ?? defaultBillingSweepIntervalHours),
      ),
      targets: [new LambdaFunction(this.billingSweep, { retryAttempts: 2 })],
    });

    this.admin = this.createAdmin(props);
    this.api = new BridgeHttpApi(this, 'HttpApi', {
      ingest: this.ingest,
      admin: this.admin,
      ...(props.eventsThrottle && { eventsThrottle: props.eventsThrottle }),
      ...(props.adminThrottle && { adminThrottle: props.adminThrottle }),
      ...(props.adminAuth && { adminAuth: props.adminAuth }),
    });
    this.monitoring = new BridgeMonitoring(this, 'Monitoring', {
      functions: { Ingest: this.ingest, Sync: this.sync, BillingSweep: this.billingSweep, Admin: this.admin },
      httpApi: this.api.httpApi,
      syncQueue,
      deadLetterQueue,
      billingDeadLetterQueue: props.billingDeadLetterQueue,
      syncDelaySeconds: props.syncDelaySeconds,
      ...(props.alarmEmail && { alarmEmail: props.alarmEmail }),
      ...(props.circuitOpenAlarmMinutes !== undefined && {
        circuitOpenAlarmMinutes: props.circuitOpenAlarmMinutes,
      }),
    });
  }

  private createAdmin(props: StatelessStackProps): BridgeFunction {
    const { tables } = props;
    const adminAuth = props.adminAuth ?? 'token';
    const admin = new BridgeFunction(this, 'Admin', {
      name: 'admin',
      description: 'Admin API: partner setup, event log, reprocess, dead letters',
      timeout: Duration.seconds(functionTimeoutSeconds.admin),
      environment: { [adminAuthEnvVar]: adminAuth },
    })
      // What the routes built so far use: partners and their secrets, the event log to read, and
      // for the billing preview the usage state, caches and the partners' ConnectWise pace.
      // The doctor answers 501 and gets its grants with its code.
      .bindTable(tables.partners, tableSpecs.partners, 'readWrite')
      // A reprocess notes the operator's request in the account's event log.
      .bindTable(tables.eventLog, tableSpecs.eventLog, 'readWrite')
      .bindTable(tables.state, tableSpecs.state, 'readWrite')
      // POST …/billing/sweep starts a run: one billing-queue message per customer.
      .bindQueue(props.billingQueue, billingQueueSpec.envVar, 'send')
      // GET /dlq looks at dead letters (receive, then visible again) and reads why their events
      // failed; POST /dlq/redrive sends them back to the sync queue and deletes them; a reprocess
      // finds the stored event by id and sends it again.
      .bindQueue(props.deadLetterQueue, syncQueueSpec.deadLetter.envVar, 'consume')
      .bindQueue(props.syncQueue, syncQueueSpec.envVar, 'send')
      .bindTable(tables.events, tableSpecs.events, 'read')
      .bindPartnerSecrets(['webhookSecret', 'connectWiseKeys'], 'readWrite');
    // Under IAM authorization the token is never checked, so the function cannot read it.
    return adminAuth === 'token' ? admin.bindAdminToken(props.adminTokenSecret) : admin;
  }
}
