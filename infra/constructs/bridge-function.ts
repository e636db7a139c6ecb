import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { commonEnv, metricsNamespace, secrets, serviceName, type TableSpec } from '../../shared/resources.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** ESM bundles have no `require`; some dependencies still call it for Node built-ins. */
const esmRequireBanner =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

const tableReadActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const tableWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
/** Single items by key only: no Query, Scan, Delete or batches (what ingest's store-and-mark needs). */
const tableItemActions = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/** Which partner secrets a function may touch. */
export type PartnerSecretKind = keyof typeof secrets.partnerSecretPatterns;

export interface BridgeFunctionProps {
  /** Folder under `functions/` whose `handler.ts` exports `handler`. */
  readonly name: string;
  /** What the function does, shown in the console. */
  readonly description: string;
  /**
   * Memory in MB.
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Maximum run time of one invocation.
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * Extra environment variables (tables, queues and secrets are added by the `bind*` methods).
   * @default {}
   */
  readonly environment?: Record<string, string>;
}

/**
 * A bridge Lambda with our defaults: Node.js 22 on ARM64, active tracing, a log group kept one
 * month, an ESM bundle with source maps, and the Powertools service settings. It starts with a
 * role that may only write its own logs and traces; every other permission comes from a `bind*`
 * call, which also sets the environment variable the handler reads, so the two cannot drift.
 */
export class BridgeFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: BridgeFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}LogGroup`, { retention: RetentionDays.ONE_MONTH });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the cwbridge ${props.name} function`,
    });
    super(scope, id, {
      entry: join(repoRoot, 'functions', props.name, 'handler.ts'),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      logGroup,
      role,
      environment: {
        [commonEnv.serviceName]: serviceName,
        [commonEnv.metricsNamespace]: metricsNamespace,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: esmRequireBanner,
        sourceMap: true,
        // A stack trace needs the map's positions and names, not the sources' text: without it the
        // map is a third of the size, and Node reads all of it at start with --enable-source-maps.
        sourcesContent: false,
        minify: true,
        target: 'node22',
        forceDockerBundling: false,
        // Ship the SDK versions the tests ran against instead of whatever the runtime carries.
        externalModules: [],
      },
    });
    logGroup.grantWrite(role);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments and PutTelemetryRecords (added by active tracing) support no resource-level ' +
        'permissions; the wildcard covers only those two actions.',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x, the runtime the design card targets and the local stack and tests run on; ' +
        'moving to a newer runtime is a deliberate change, not a drift.',
    });
  }

  /**
   * Grants read or read-write on `table` and the indexes named in `spec` (by name, not `index/*`),
   * or `items` (get, put and update single items of the table itself), and sets `spec.envVar` to
   * the table name.
   */
  bindTable(table: ITable, spec: TableSpec, access: 'read' | 'readWrite' | 'items'): this {
    const actions = {
      read: tableReadActions,
      readWrite: [...tableReadActions, ...tableWriteActions],
      items: tableItemActions,
    }[access];
    const indexes = access === 'items' ? [] : spec.indexes;
    this.addToRolePolicy(
      new PolicyStatement({
        actions,
        resources: [table.tableArn, ...indexes.map((index) => `${table.tableArn}/index/${index.indexName}`)],
      }),
    );
    this.addEnvironment(spec.envVar, table.tableName);
    return this;
  }

  /**
   * Grants `send` (SendMessage), `consume` (Receive/Delete/ChangeMessageVisibility) or both on
   * `queue`, and sets `envVar` to its URL.
   */
  bindQueue(queue: IQueue, envVar: string, access: 'send' | 'consume' | 'sendAndConsume'): this {
    if (access !== 'consume') queue.grantSendMessages(this);
    if (access !== 'send') queue.grantConsumeMessages(this);
    this.addEnvironment(envVar, queue.queueUrl);
    return this;
  }

  /**
   * Grants access to every partner's secrets of the given kinds (`cwbridge/partners/<id>/<kind>-…`):
   * `read` fetches them, `readWrite` also creates them and stores new versions. Names are derived
   * from the partner id (shared/resources.ts), so there is no variable to set.
   */
  bindPartnerSecrets(kinds: readonly PartnerSecretKind[], access: 'read' | 'readWrite'): this {
    const actions = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
    if (access === 'readWrite') actions.push('secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue');
    const patterns = kinds.map((kind) => secrets.partnerSecretPatterns[kind]);
    this.addToRolePolicy(
      new PolicyStatement({
        actions,
        resources: patterns.map((pattern) =>
          Stack.of(this).formatArn({
            service: 'secretsmanager',
            resource: 'secret',
            resourceName: pattern,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ),
      }),
    );
    for (const pattern of patterns) {
      if (!this.role) break;
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${pattern}]`,
        reason:
          'Partners are added at run time through the admin API, so their secret names are known only by ' +
          'pattern; the wildcard is limited to one kind of cwbridge/partners/ secret and the listed actions.',
      });
    }
    return this;
  }

  /** Grants read on the admin token and sets `ADMIN_TOKEN_SECRET_NAME` to its name. */
  bindAdminToken(secret: ISecret): this {
    secret.grantRead(this);
    // The stateful stack names the secret from the spec; the literal name avoids the ARN-splitting
    // expression CloudFormation would need to recover it from an imported ARN.
    this.addEnvironment(secrets.adminToken.envVar, secrets.adminToken.name);
    return this;
  }
}
