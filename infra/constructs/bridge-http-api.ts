import { type CfnElement, CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnRoute,
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * One JSON line per request with HTTP API context variables (the CDK default is the REST API's
 * CLF line, whose identity fields are empty here). No headers or bodies: signatures and bearer
 * tokens must not reach the access log.
 */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    path: '$context.path',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    userAgent: '$context.identity.userAgent',
  }),
);

export interface BridgeHttpApiProps {
  /** Handles `POST /v1/events`. */
  readonly ingest: IFunction;
  /** Handles every route under `/v1/admin/`. */
  readonly admin: IFunction;
  /**
   * Throttle of `POST /v1/events`, requests per second and burst.
   * @default {rateLimit: 50, burstLimit: 100}
   */
  readonly eventsThrottle?: RouteThrottle;
  /**
   * Throttle of the admin API, apart from the events route so a flood of junk events cannot
   * starve operators (nor the other way round).
   * @default {rateLimit: 10, burstLimit: 20}
   */
  readonly adminThrottle?: RouteThrottle;
  /**
   * Who may call the admin API: `token` (the function checks the admin bearer token) or `iam`
   * (API Gateway's IAM authorizer: SigV4-signed requests from principals that hold the
   * `adminInvokePolicy` or an equivalent `execute-api:Invoke` grant).
   * @default 'token'
   */
  readonly adminAuth?: 'token' | 'iam';
}

/** A route's steady requests per second and burst. */
export interface RouteThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export const defaultEventsThrottle: RouteThrottle = { rateLimit: 50, burstLimit: 100 };
export const defaultAdminThrottle: RouteThrottle = { rateLimit: 10, burstLimit: 20 };

// CfnStage passes `routeSettings` through as raw CloudFormation JSON: PascalCase keys.
const routeSetting = (throttle: RouteThrottle) => ({
  ThrottlingRateLimit: throttle.rateLimit,
  ThrottlingBurstLimit: throttle.burstLimit,
});

/**
 * The public HTTP API: the portal's event webhook and the admin API. Both authenticate inside
 * their function (HMAC signature, bearer token), so the API itself only routes, throttles and
 * writes an access log — unless the admin API is deployed behind IAM authorization (`adminAuth`).
 */
export class BridgeHttpApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogGroup: LogGroup;
  /** Under IAM authorization: the policy to attach to operators' roles. */
  readonly adminInvokePolicy: ManagedPolicy | undefined;

  constructor(scope: Construct, id: string, props: BridgeHttpApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'Api', {
      description: 'cwbridge: backup portal events and the admin API',
      createDefaultStage: false,
    });
    this.accessLogGroup = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      // The stage default covers any route added later; each route below has its own budget.
      throttle: props.eventsThrottle ?? defaultEventsThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: accessLogFormat,
      },
    });
    const routes = [
      ...this.httpApi.addRoutes({
        path: '/v1/events',
        methods: [HttpMethod.POST],
        integration: new HttpLambdaIntegration('IngestIntegration', props.ingest),
      }),
      ...this.httpApi.addRoutes({
        path: '/v1/admin/{proxy+}',
        methods: [HttpMethod.ANY],
        integration: new HttpLambdaIntegration('AdminIntegration', props.admin),
        ...(props.adminAuth === 'iam' && { authorizer: new HttpIamAuthorizer() }),
      }),
      // The API's own description: public, served by the admin function without its authorizer.
      ...this.httpApi.addRoutes({
        path: '/v1/openapi.json',
        methods: [HttpMethod.GET],
        integration: new HttpLambdaIntegration('OpenApiIntegration', props.admin),
      }),
    ];
    this.adminInvokePolicy = props.adminAuth === 'iam' ? this.createAdminInvokePolicy() : undefined;
    const stage = this.stage.node.defaultChild as CfnStage;
    stage.routeSettings = {
      'POST /v1/events': routeSetting(props.eventsThrottle ?? defaultEventsThrottle),
      'ANY /v1/admin/{proxy+}': routeSetting(props.adminThrottle ?? defaultAdminThrottle),
      'GET /v1/openapi.json': routeSetting(props.adminThrottle ?? defaultAdminThrottle),
    };
    // Route settings name routes by key: the stage must be created after them.
    for (const route of routes) stage.addDependency(route.node.defaultChild as CfnRoute);
    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Callers authenticate in the function: the portal signs each event with a per-partner HMAC ' +
        '(X-Bridge-Signature, verified before anything is stored) and the admin API checks a bearer token ' +
        'from Secrets Manager in constant time. Neither scheme is expressible as an API Gateway authorizer ' +
        'without a second Lambda per request.',
    });
    new CfnOutput(this, 'Url', { value: this.stage.url, description: 'Base URL of the bridge API' });
  }

  /** `execute-api:Invoke` on the admin routes only: the portal's webhook needs no IAM identity. */
  private createAdminInvokePolicy(): ManagedPolicy {
    const policy = new ManagedPolicy(this, 'AdminInvokePolicy', {
      description: 'Call the cwbridge admin API (attach to operator roles)',
      statements: [
        new PolicyStatement({
          actions: ['execute-api:Invoke'],
          resources: [this.httpApi.arnForExecuteApi('*', '/v1/admin/*', this.stage.stageName)],
        }),
      ],
    });
    const apiId = Stack.of(this).getLogicalId(this.httpApi.node.defaultChild as CfnElement);
    const resource = `arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${apiId}>/${this.stage.stageName}/*/v1/admin/*`;
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${resource}]`,
      reason:
        'The wildcards are the HTTP method and the admin path below /v1/admin/ of this one API and stage: ' +
        'every admin route, and nothing else of the API.',
    });
    new CfnOutput(this, 'AdminInvokePolicyArn', {
      value: policy.managedPolicyArn,
      description: 'Attach to the IAM roles that may call the admin API (SigV4-signed requests)',
    });
    return policy;
  }
}
