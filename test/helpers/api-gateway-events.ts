import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { signEvent } from '../../shared/signing.js';

export interface HttpEventOptions {
  readonly method?: string;
  readonly path?: string;
  /** Header names as given; API Gateway lowercases them, so this factory does too. */
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

/** An API Gateway HTTP API (payload format 2.0) event, as a Lambda integration receives it. */
export const anHttpApiEvent = (options: HttpEventOptions = {}): APIGatewayProxyEventV2 => {
  const method = options.method ?? 'POST';
  const path = options.path ?? '/v1/events';
  const headers = Object.fromEntries(
    Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'localhost:3000', 'user-agent': 'portal/1.0', ...headers },
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'portal/1.0' },
      requestId: randomUUID(),
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(options.body !== undefined && { body: options.body }),
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
};

/** A `POST /v1/events` event whose body is signed with `secret` (at `timestamp`, default now). */
export const aSignedEventRequest = (
  secret: string,
  body: string,
  options: { timestamp?: number; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 =>
  anHttpApiEvent({
    body,
    headers: { ...signEvent(secret, body, options.timestamp).headers, ...options.headers },
  });

/** A Lambda context good enough for the Powertools middlewares. */
export const aLambdaContext = (functionName = 'ingest'): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
  memoryLimitInMB: '256',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
