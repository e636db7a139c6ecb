import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionTimeoutSeconds as localFunctionTimeoutSeconds } from '../../local/local-functions.js';
import { metricsNamespace, secrets, serviceName, syncQueue, tables } from '../../shared/resources.js';
import { type SynthesizedBridge, synthesizeBridge } from './bridge-app-fixture.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown };

const functionNames = ['ingest', 'sync', 'billingSweep', 'admin'] as const;

describe('CwBridgeStateless', () => {
  let bridge: SynthesizedBridge;
  const logicalId = (construct: { node: { defaultChild?: unknown } }): string =>
    bridge.stateless.getLogicalId(construct.node.defaultChild as never);
  const functionResource = (name: (typeof functionNames)[number]): Resource =>
    bridge.statelessTemplate.toJSON().Resources[logicalId(bridge.stateless[name])] as Resource;
  const environmentOf = (name: (typeof functionNames)[number]): Record<string, unknown> =>
    (functionResource(name).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
  const statementsOf = (name: (typeof functionNames)[number]): Statement[] => {
    const role = bridge.stateless[name].role;
    const policies = bridge.statelessTemplate.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: bridge.stateless.getLogicalId(role?.node.defaultChild as never) }] },
    });
    return Object.values(policies).flatMap(
      (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
  };
  /** Actions the function may perform on resources whose reference mentions `fragment`. */
  const actionsOn = (name: (typeof functionNames)[number], fragment: string): string[] =>
    statementsOf(name)
      .filter((statement) => JSON.stringify(statement.Resource).includes(fragment))
      .flatMap((statement) => [statement.Action].flat());
  const exportOf = (construct: { node: { defaultChild?: unknown } }): string =>
    bridge.stateful.getLogicalId(construct.node.defaultChild as never);

  beforeAll(() => {
    bridge = synthesizeBridge();
  });

  describe('functions', () => {
    it.each(functionNames)('%s runs Node.js 22 on ARM64 with active tracing', (name) => {
      expect(functionResource(name).Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
    });

    it.each(functionNames)('%s logs to its own log group kept for one month', (name) => {
      const { LoggingConfig } = functionResource(name).Properties as { LoggingConfig: { LogGroup: unknown } };
      const logGroupId = (LoggingConfig.LogGroup as { Ref: string }).Ref;
      const logGroup = bridge.statelessTemplate.toJSON().Resources[logGroupId] as Resource;
      expect(logGroup.Properties.RetentionInDays).toBe(30);
    });

    it.each(functionNames)('%s gets the Powertools service settings and source maps', (name) => {
      expect(environmentOf(name)).toMatchObject({
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
        NODE_OPTIONS: '--enable-source-maps',
      });
    });

    it.each(functionNames)('%s is bundled as an ES module with its source map', (name) => {
      const code = functionResource(name).Properties.Code as { S3Key: string };
      const assetDir = join(bridge.app.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
      expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
      expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
    });

    it.each(functionNames)('%s bundle starts with exactly the environment the stack gives it', (name) => {
      const code = functionResource(name).Properties.Code as { S3Key: string };
      const bundle = join(bridge.app.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
      // Deploy-time references (table names, queue URLs) become placeholders; what matters is that
      // every variable the handler requires at cold start is set by a bind call.
      const environment = Object.fromEntries(
        Object.entries(environmentOf(name)).map(([key, value]) => [
          key,
          typeof value === 'string' ? value : 'x',
        ]),
      );
      const started = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(bundle)}); console.log(typeof m.handler);`,
        ],
        {
          env: {
            PATH: process.env.PATH,
            AWS_REGION: 'us-east-1',
            POWERTOOLS_TRACE_ENABLED: 'false',
            ...environment,
          },
          encoding: 'utf8',
          timeout: 20_000,
        },
      );
      expect(started.stderr).not.toMatch(/ConfigurationError|Error \[/);
      expect(started.stdout.trim()).toBe('function');
    });

    it.each(functionNames)('%s times out after the budget the local stack gives its invocations', (name) => {
      expect(functionResource(name).Properties.Timeout).toBe(localFunctionTimeoutSeconds[name]);
    });

    it('sync has a longer timeout than the API functions but shorter than the queue visibility', () => {
      const timeout = functionResource('sync').Properties.Timeout as number;
      expect(timeout).toBeGreaterThan(functionResource('ingest').Properties.Timeout as number);
      expect(timeout).toBeLessThan(syncQueue.visibilityTimeoutSeconds);
    });
  });

  describe('environment set by the bind grants', () => {
    it('ingest learns the events table, the queue and the delivery delay, and nothing it does not use', () => {
      expect(Object.keys(environmentOf('ingest'))).toEqual(
        expect.arrayContaining([tables.events.envVar, syncQueue.envVar, 'SYNC_DELAY_SECONDS']),
      );
      expect(environmentOf('ingest').SYNC_DELAY_SECONDS).toBe('60');
      expect(environmentOf('ingest')).not.toHaveProperty(tables.eventLog.envVar);
      expect(environmentOf('ingest')).not.toHaveProperty(tables.partners.envVar);
    });

    it('sync learns every table it reads or writes and the queue it acknowledges on', () => {
      expect(Object.keys(environmentOf('sync'))).toEqual(
        expect.arrayContaining([
          tables.events.envVar,
          tables.partners.envVar,
          tables.state.envVar,
          tables.eventLog.envVar,
          tables.idempotency.envVar,
          syncQueue.envVar,
        ]),
      );
    });

    it('sync learns the 12-hour data sync window, or the one given as context dataSyncWindowSeconds', () => {
      expect(environmentOf('sync').DATA_SYNC_WINDOW_SECONDS).toBe('43200');
      const hourly = synthesizeBridge({ dataSyncWindowSeconds: '3600' }, { bundle: false });
      const sync = hourly.statelessTemplate.toJSON().Resources[
        hourly.stateless.getLogicalId(hourly.stateless.sync.node.defaultChild as never)
      ] as Resource;
      expect(sync.Properties.Environment).toMatchObject({ Variables: { DATA_SYNC_WINDOW_SECONDS: '3600' } });
    });

    it('admin learns the admin token secret name and the tables of the routes built so far', () => {
      expect(environmentOf('admin')).toMatchObject({ [secrets.adminToken.envVar]: secrets.adminToken.name });
      expect(Object.keys(environmentOf('admin'))).toEqual(
        expect.arrayContaining([tables.partners.envVar, tables.eventLog.envVar]),
      );
    });
  });

  describe('least privilege', () => {
    it('ingest cannot touch the event log, state or idempotency tables', () => {
      for (const table of [bridge.stateful.tables.eventLog, bridge.stateful.tables.state]) {
        expect(actionsOn('ingest', exportOf(table))).toEqual([]);
      }
      expect(actionsOn('ingest', exportOf(bridge.stateful.tables.idempotency))).toEqual([]);
    });

    it('ingest gets, puts and updates single events, and cannot scan, delete or touch partners', () => {
      expect(actionsOn('ingest', exportOf(bridge.stateful.tables.events)).sort()).toEqual([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]);
      expect(actionsOn('ingest', exportOf(bridge.stateful.tables.partners))).toEqual([]);
    });

    it('the sweep reads partners, works in the state table and the billing queue, and reads only ConnectWise keys', () => {
      expect(actionsOn('billingSweep', exportOf(bridge.stateful.tables.partners))).toContain('dynamodb:Scan');
      expect(actionsOn('billingSweep', exportOf(bridge.stateful.tables.partners))).not.toContain(
        'dynamodb:PutItem',
      );
      expect(actionsOn('billingSweep', exportOf(bridge.stateful.tables.state))).toContain('dynamodb:PutItem');
      for (const table of ['events', 'eventLog', 'idempotency'] as const) {
        expect(actionsOn('billingSweep', exportOf(bridge.stateful.tables[table]))).toEqual([]);
      }
      const queue = actionsOn('billingSweep', exportOf(bridge.stateful.billingQueue));
      expect(queue).toEqual(
        expect.arrayContaining(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility']),
      );
      expect(actionsOn('billingSweep', exportOf(bridge.stateful.syncQueue))).toEqual([]);
      const { webhookSecret, connectWiseKeys } = secrets.partnerSecretPatterns;
      expect(actionsOn('billingSweep', connectWiseKeys).sort()).toEqual([
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
      ]);
      expect(actionsOn('billingSweep', webhookSecret)).toEqual([]);
    });

    it('admin holds only the grants of the routes it serves', () => {
      // The billing preview reads usage and writes caches and the pace in the state table.
      expect(actionsOn('admin', exportOf(bridge.stateful.tables.state))).toContain('dynamodb:Query');
      expect(actionsOn('admin', exportOf(bridge.stateful.tables.idempotency))).toEqual([]);
      // GET /dlq reads why a dead-lettered event failed; nothing writes events.
      const events = actionsOn('admin', exportOf(bridge.stateful.tables.events));
      expect(events).toContain('dynamodb:GetItem');
      expect(events).not.toContain('dynamodb:PutItem');
      // A redrive sends records back to the sync queue, never consuming from it.
      const sync = actionsOn('admin', exportOf(bridge.stateful.syncQueue));
      expect(sync).toContain('sqs:SendMessage');
      expect(sync).not.toContain('sqs:ReceiveMessage');
      // …after receiving them from the dead-letter queue, to which it never sends.
      const deadLetters = actionsOn('admin', exportOf(bridge.stateful.deadLetterQueue));
      expect(deadLetters).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
      expect(deadLetters).not.toContain('sqs:SendMessage');
      // POST …/billing/sweep sends a run's customers; it never consumes them.
      const billing = actionsOn('admin', exportOf(bridge.stateful.billingQueue));
      expect(billing).toContain('sqs:SendMessage');
      expect(billing).not.toContain('sqs:ReceiveMessage');
      // A reprocess notes the operator's request in the account's event log.
      expect(actionsOn('admin', exportOf(bridge.stateful.tables.eventLog))).toContain('dynamodb:PutItem');
    });

    it('ingest may send to the sync queue but not receive from it', () => {
      const actions = actionsOn('ingest', exportOf(bridge.stateful.syncQueue));
      expect(actions).toContain('sqs:SendMessage');
      expect(actions).not.toContain('sqs:ReceiveMessage');
    });

    it('sync may change message visibility on the sync queue, and re-send a deferred record to it', () => {
      const actions = actionsOn('sync', exportOf(bridge.stateful.syncQueue));
      expect(actions).toContain('sqs:ChangeMessageVisibility');
      expect(actions).toContain('sqs:SendMessage');
      expect(actionsOn('sync', exportOf(bridge.stateful.deadLetterQueue))).toEqual([]);
    });

    it('ingest reads only webhook secrets and sync only ConnectWise keys; admin may write both', () => {
      const { webhookSecret, connectWiseKeys } = secrets.partnerSecretPatterns;
      const reading = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
      expect(actionsOn('ingest', `secret:${webhookSecret}`).sort()).toEqual(reading);
      expect(actionsOn('ingest', connectWiseKeys)).toEqual([]);
      expect(actionsOn('sync', `secret:${connectWiseKeys}`).sort()).toEqual(reading);
      expect(actionsOn('sync', webhookSecret)).toEqual([]);
      // No function may touch every secret under the partners prefix at once.
      for (const name of functionNames)
        expect(actionsOn(name, `${secrets.partnerSecretsPattern}"`)).toEqual([]);
      for (const pattern of [webhookSecret, connectWiseKeys]) {
        expect(actionsOn('admin', pattern)).toEqual(
          expect.arrayContaining(['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue']),
        );
      }
    });

    it('only admin may read the admin token', () => {
      const tokenSecret = exportOf(bridge.stateful.adminTokenSecret);
      expect(actionsOn('admin', tokenSecret)).toContain('secretsmanager:GetSecretValue');
      for (const name of ['ingest', 'sync', 'billingSweep'] as const) {
        expect(actionsOn(name, tokenSecret)).toEqual([]);
      }
    });

    it('no function role carries a managed policy', () => {
      for (const role of Object.values(bridge.statelessTemplate.findResources('AWS::IAM::Role'))) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });
  });

  describe('sync event source', () => {
    it('reads the sync queue in batches of 10 and reports batch item failures', () => {
      bridge.statelessTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalId(bridge.stateless.sync) },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 5 },
      });
    });

    it('takes its maximum concurrency from context syncMaxConcurrency', () => {
      const wider = synthesizeBridge({ syncMaxConcurrency: '20' }, { bundle: false });
      wider.statelessTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        ScalingConfig: { MaximumConcurrency: 20 },
      });
    });

    it("gives the sync function the outage tolerance: the DLQ's 14-day retention minus a day", () => {
      bridge.statelessTemplate.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({ SYNC_OUTAGE_TOLERANCE_SECONDS: String(13 * 86_400) }),
        },
      });
    });
  });

  describe('HTTP API', () => {
    it.each([
      ['POST /v1/events', 'ingest'],
      ['ANY /v1/admin/{proxy+}', 'admin'],
      ['GET /v1/openapi.json', 'admin'],
    ] as const)('routes %s to %s', (routeKey, name) => {
      const routes = bridge.statelessTemplate.findResources('AWS::ApiGatewayV2::Route', {
        Properties: { RouteKey: routeKey },
      });
      const route = Object.values(routes)[0] as Resource | undefined;
      const target = JSON.stringify(route?.Properties.Target);
      const integrationId = /"(\w+Integration\w*)"/.exec(target)?.[1] ?? '';
      const integration = bridge.statelessTemplate.toJSON().Resources[integrationId] as Resource;
      expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(
        logicalId(bridge.stateless[name]),
      );
    });

    it('throttles the events route and the admin API apart, so a flood of one cannot starve the other', () => {
      bridge.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        RouteSettings: {
          'POST /v1/events': { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
          'ANY /v1/admin/{proxy+}': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
          'GET /v1/openapi.json': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        },
      });
      const tuned = synthesizeBridge(
        { eventsRateLimit: '200', eventsBurstLimit: '400', adminRateLimit: '5', adminBurstLimit: '5' },
        { bundle: false },
      );
      tuned.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        RouteSettings: {
          'POST /v1/events': { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
          'ANY /v1/admin/{proxy+}': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 5 },
        },
      });
    });

    it('authenticates the admin API in the function by default (bearer token)', () => {
      const routes = Object.values(
        bridge.statelessTemplate.findResources('AWS::ApiGatewayV2::Route'),
      ) as unknown as Resource[];
      expect(routes.map((route) => route.Properties.AuthorizationType ?? 'NONE')).toEqual([
        'NONE',
        'NONE',
        'NONE',
      ]);
      expect(environmentOf('admin')).toMatchObject({ ADMIN_AUTH: 'token' });
      bridge.statelessTemplate.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    });

    it('puts only the admin API behind IAM authorization with adminAuth=iam, cdk-nag still clean', () => {
      const iam = synthesizeBridge({ adminAuth: 'iam' }, { bundle: false });
      const authorizationOf = (routeKey: string) =>
        (
          Object.values(
            iam.statelessTemplate.findResources('AWS::ApiGatewayV2::Route', {
              Properties: { RouteKey: routeKey },
            }),
          )[0] as Resource | undefined
        )?.Properties.AuthorizationType ?? 'NONE';
      expect(authorizationOf('ANY /v1/admin/{proxy+}')).toBe('AWS_IAM');
      // The portal signs with its webhook secret; it has no IAM identity. The API description is public.
      expect(authorizationOf('POST /v1/events')).toBe('NONE');
      expect(authorizationOf('GET /v1/openapi.json')).toBe('NONE');

      const admin = iam.statelessTemplate.toJSON().Resources[
        iam.stateless.getLogicalId(iam.stateless.admin.node.defaultChild as never)
      ] as Resource;
      const variables = (admin.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.ADMIN_AUTH).toBe('iam');
      expect(variables[secrets.adminToken.envVar]).toBeUndefined();
      const adminPolicies = JSON.stringify(
        iam.statelessTemplate.findResources('AWS::IAM::Policy', {
          Properties: {
            Roles: [
              { Ref: iam.stateless.getLogicalId(iam.stateless.admin.role?.node.defaultChild as never) },
            ],
          },
        }),
      );
      expect(adminPolicies).not.toContain(
        iam.stateful.getLogicalId(iam.stateful.adminTokenSecret.node.defaultChild as never),
      );

      const policies = Object.values(iam.statelessTemplate.findResources('AWS::IAM::ManagedPolicy'));
      expect(policies).toHaveLength(1);
      const statements =
        (policies[0]?.Properties.PolicyDocument as { Statement: Statement[] } | undefined)?.Statement ?? [];
      expect(statements.map((statement) => statement.Action)).toEqual(['execute-api:Invoke']);
      expect(JSON.stringify(statements[0]?.Resource)).toContain('/*/v1/admin/*');
      expect(
        Object.keys(iam.statelessTemplate.findOutputs('*')).some((id) => id.includes('AdminInvokePolicyArn')),
      ).toBe(true);
    });

    it('refuses an adminAuth it does not know, naming the key', () => {
      expect(() => synthesizeBridge({ adminAuth: 'cognito' }, { bundle: false })).toThrow(
        /context adminAuth must be one of token, iam/,
      );
    });

    it('creates the stage after the routes its settings name', () => {
      const [stage] = Object.values(bridge.statelessTemplate.findResources('AWS::ApiGatewayV2::Stage'));
      const routes = Object.keys(bridge.statelessTemplate.findResources('AWS::ApiGatewayV2::Route'));
      expect(stage?.DependsOn).toEqual(expect.arrayContaining(routes));
    });

    it('throttles the default stage and writes an access log', () => {
      bridge.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
        AccessLogSettings: {
          DestinationArn: Match.anyValue(),
          Format: Match.serializedJson(
            Match.objectLike({ requestId: '$context.requestId', status: '$context.status' }),
          ),
        },
      });
    });
  });

  describe('billing sweep schedule', () => {
    it('consumes the billing queue in small batches at a bounded concurrency, reporting item failures', () => {
      bridge.statelessTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalId(bridge.stateless.billingSweep) },
        BatchSize: 5,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 2 },
      });
    });

    it('takes its interval from context billingSweepIntervalHours', () => {
      const hourly = synthesizeBridge({ billingSweepIntervalHours: '6' }, { bundle: false });
      hourly.statelessTemplate.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(6 hours)',
      });
    });

    it('invokes the sweep daily by default', () => {
      bridge.statelessTemplate.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(1 day)',
        State: 'ENABLED',
        Targets: [
          Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(bridge.stateless.billingSweep), 'Arn'] } }),
        ],
      });
    });
  });

  describe('alarms', () => {
    it('alarms when a billing sweep run could not check a customer', () => {
      bridge.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'billingErrors',
        Namespace: metricsNamespace,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    });

    it('alarms as soon as one record is in the dead-letter queue', () => {
      bridge.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('SyncDeadLetterQueue') }),
          },
        ],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    });

    it.each(functionNames)('alarms when %s reports an error', (name) => {
      bridge.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'Errors',
        Namespace: 'AWS/Lambda',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(bridge.stateless[name]) } }],
        Threshold: 0,
      });
    });

    it('alarms when the HTTP API answers 5xx, which the handlers return instead of failing', () => {
      bridge.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: '5xx',
        Namespace: 'AWS/ApiGateway',
        Dimensions: [{ Name: 'ApiId', Value: { Ref: Match.stringLikeRegexp('HttpApi') } }],
        Statistic: 'Sum',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    });

    it('alarms when the oldest sync record waits well beyond the delivery delay', () => {
      bridge.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateAgeOfOldestMessage',
        Threshold: 60 + 15 * 60,
      });
    });

    it("alarms when a partner's ConnectWise circuit stays open longer than 30 minutes (context circuitOpenAlarmMinutes)", () => {
      bridge.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'circuitOpenSeconds',
        Statistic: 'Maximum',
        Period: 900,
        Threshold: 30 * 60,
      });
      const patient = synthesizeBridge({ circuitOpenAlarmMinutes: '120' }, { bundle: false });
      patient.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'circuitOpenSeconds',
        Threshold: 120 * 60,
      });
    });

    it('has no alarm topic unless an alarm email is configured', () => {
      bridge.statelessTemplate.resourceCountIs('AWS::SNS::Topic', 0);
    });

    it('emails every alarm through a TLS-only topic when alarmEmail is set', () => {
      const withEmail = synthesizeBridge({ alarmEmail: 'ops@example.com' }, { bundle: false });
      withEmail.statelessTemplate.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@example.com',
      });
      withEmail.statelessTemplate.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
      const alarms = Object.values(withEmail.statelessTemplate.findResources('AWS::CloudWatch::Alarm'));
      for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
    });
  });

  describe('dashboard', () => {
    it('charts the ingest business metrics, dead letters and function errors', () => {
      const dashboard = Object.values(
        bridge.statelessTemplate.findResources('AWS::CloudWatch::Dashboard'),
      )[0];
      const body = JSON.stringify(dashboard?.Properties.DashboardBody);
      for (const metric of ['eventsAccepted', 'eventsDuplicate', 'eventsRejected']) {
        expect(body).toContain(metric);
      }
      expect(body).toContain(metricsNamespace);
      expect(body).toContain('ApproximateNumberOfMessagesVisible');
      expect(body).toContain('Errors');
    });
  });
});
