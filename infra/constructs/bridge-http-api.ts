import { CfnOutput, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
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
   * Steady-state requests per second of the default stage.
   * @default 50
   */
  readonly rateLimit?: number;
  /**
   * Burst of the default stage.
   * @default 100
   */
  readonly burstLimit?: number;
}

/**
 * The public HTTP API: the portal's event webhook and the admin API. Both authenticate inside
 * their function (HMAC signature, bearer token), so the API itself only routes, throttles and
 * writes an access log.
 */
export class BridgeHttpApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogGroup: LogGroup;

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
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: accessLogFormat,
      },
    });
    this.httpApi.addRoutes({
      path: '/v1/events',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('IngestIntegration', props.ingest),
    });
    this.httpApi.addRoutes({
      path: '/v1/admin/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('AdminIntegration', props.admin),
    });
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
}
