import type { Context } from 'aws-lambda';
import type { GatewayRoute, HttpLambdaHandler } from './http-gateway.js';
import { createLambdaContext } from './lambda-context.js';
import { functionTimeoutSeconds } from './local-functions.js';

/** The functions behind the HTTP API. */
export interface ApiHandlers {
  readonly ingest: HttpLambdaHandler;
  readonly admin: HttpLambdaHandler;
}

const bind =
  (handler: HttpLambdaHandler, functionName: string, timeoutSeconds: number): GatewayRoute['invoke'] =>
  (event) => {
    const context: Context = createLambdaContext({ functionName, timeoutSeconds });
    return handler(event, context);
  };

/**
 * The HTTP API's routes, as infra/constructs/bridge-http-api.ts declares them; timeouts are the
 * functions' CDK defaults. Anything else is a 404, as on API Gateway.
 */
export const buildApiRoutes = (handlers: ApiHandlers): GatewayRoute[] => [
  {
    method: 'POST',
    path: '/v1/events',
    invoke: bind(handlers.ingest, 'ingest', functionTimeoutSeconds.ingest),
  },
  {
    method: 'ANY',
    path: '/v1/admin/{proxy+}',
    invoke: bind(handlers.admin, 'admin', functionTimeoutSeconds.admin),
  },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    invoke: bind(handlers.admin, 'admin', functionTimeoutSeconds.admin),
  },
];
