import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** What the local runtime knows about a function it invokes. */
export interface LocalFunctionSettings {
  /** Same name the CDK stack gives the function, e.g. `sync`. */
  readonly functionName: string;
  /** Mirrors the function's Lambda timeout so `getRemainingTimeInMillis` behaves like AWS. */
  readonly timeoutSeconds: number;
  /** @default 512 */
  readonly memoryLimitInMB?: number;
  /** @default us-east-1 */
  readonly region?: string;
}

/** The fake account moto answers with; also used in ARNs the local runtime invents. */
export const localAccountId = '123456789012';

/**
 * Builds a fresh Lambda `Context` for one invocation: a new request id and a deadline that starts
 * now, so handlers that budget their time (e.g. waiting out a Retry-After) see a real clock.
 */
export const createLambdaContext = (settings: LocalFunctionSettings): Context => {
  const region = settings.region ?? 'us-east-1';
  const deadline = Date.now() + settings.timeoutSeconds * 1000;
  const awsRequestId = randomUUID();
  const today = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: settings.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${localAccountId}:function:${settings.functionName}`,
    memoryLimitInMB: String(settings.memoryLimitInMB ?? 512),
    awsRequestId,
    logGroupName: `/aws/lambda/${settings.functionName}`,
    logStreamName: `${today}/[$LATEST]${awsRequestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    // Deprecated callback-style completion: Lambda still provides them, async handlers never call them.
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
