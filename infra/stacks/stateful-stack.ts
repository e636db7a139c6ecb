import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  billingQueue,
  secrets,
  syncQueue,
  type TableKey,
  type TableSpec,
  tables,
} from '../../shared/resources.js';

export interface StatefulStackProps extends StackProps {
  /** SQS delivery delay of the sync queue, seconds. */
  readonly syncDelaySeconds: number;
  /** Receives before a record moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
}

/**
 * Everything that holds data: the tables, the sync queue with its dead-letter queue and the admin
 * token. Kept apart from the functions so a stateless redeploy can never replace or drop data.
 */
export class StatefulStack extends Stack {
  readonly tables: Readonly<Record<TableKey, Table>>;
  readonly syncQueue: Queue;
  readonly deadLetterQueue: Queue;
  /** One message per customer of a billing sweep, and its dead-letter queue. */
  readonly billingQueue: Queue;
  readonly billingDeadLetterQueue: Queue;
  readonly adminTokenSecret: Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.tables = buildTables(this);
    this.deadLetterQueue = new Queue(this, syncQueue.deadLetter.id, {
      retentionPeriod: Duration.days(syncQueue.deadLetter.retentionDays),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.syncQueue = new Queue(this, syncQueue.id, {
      deliveryDelay: Duration.seconds(props.syncDelaySeconds),
      visibilityTimeout: Duration.seconds(syncQueue.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(syncQueue.retentionDays),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.billingDeadLetterQueue = new Queue(this, billingQueue.deadLetter.id, {
      retentionPeriod: Duration.days(billingQueue.deadLetter.retentionDays),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.billingQueue = new Queue(this, billingQueue.id, {
      visibilityTimeout: Duration.seconds(billingQueue.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(billingQueue.retentionDays),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.billingDeadLetterQueue, maxReceiveCount: billingQueue.maxReceiveCount },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.adminTokenSecret = new Secret(this, secrets.adminToken.id, {
      secretName: secrets.adminToken.name,
      description: 'Bearer token of the cwbridge admin API',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    suppressStatefulFindings(this);
  }
}

const buildTables = (scope: Construct): Record<TableKey, Table> => {
  const entries = (Object.entries(tables) as [TableKey, TableSpec][]).map(([key, spec]) => {
    const table = new Table(scope, spec.id, {
      partitionKey: { name: spec.partitionKey.name, type: AttributeType.STRING },
      ...(spec.sortKey && { sortKey: { name: spec.sortKey.name, type: AttributeType.STRING } }),
      timeToLiveAttribute: spec.timeToLiveAttribute,
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of spec.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey.name, type: AttributeType.STRING },
        ...(index.sortKey && { sortKey: { name: index.sortKey.name, type: AttributeType.STRING } }),
      });
    }
    return [key, table] as const;
  });
  return Object.fromEntries(entries) as Record<TableKey, Table>;
};

const suppressStatefulFindings = (stack: StatefulStack): void => {
  Validations.of(stack.deadLetterQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is the dead-letter queue of the sync queue; a DLQ of a DLQ would only hide failures.',
  });
  Validations.of(stack.billingDeadLetterQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is the dead-letter queue of the billing queue; a DLQ of a DLQ would only hide failures.',
  });
  Validations.of(stack.adminTokenSecret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'The admin token is a static bearer token handed to operators; rotating it is an operator action ' +
      '(put-secret-value), and functions re-read it every 5 minutes, so no rotation Lambda is needed.',
  });
};
