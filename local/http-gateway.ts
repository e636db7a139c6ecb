import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import {
  fromApiGatewayResult,
  type GatewayResponse,
  type RouteMatch,
  toApiGatewayEvent,
} from './api-gateway-event.js';

/** A Lambda handler behind an HTTP API route. */
export type HttpLambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

/** One HTTP API route, written the way the CDK stack declares it. */
export interface GatewayRoute {
  readonly method: string;
  /** `/v1/events` or a greedy `/v1/admin/{proxy+}`. */
  readonly path: string;
  readonly invoke: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;
}

export interface HttpGateway {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Requests above this are refused before reaching a handler: the handler owns the 256 KB rule. */
export const maxRequestBytes = 6 * 1024 * 1024;

const problem = (statusCode: number, title: string): GatewayResponse => ({
  statusCode,
  headers: { 'content-type': 'application/problem+json' },
  cookies: [],
  body: Buffer.from(JSON.stringify({ type: 'about:blank', title, status: statusCode })),
});

/** Finds the route for a method and path, with `proxy` filled in for greedy routes. */
export const matchRoute = (routes: readonly GatewayRoute[], method: string, path: string) => {
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== method.toUpperCase()) continue;
    const routeKey: string = `${route.method} ${route.path}`;
    if (route.path.endsWith('/{proxy+}')) {
      const prefix = route.path.slice(0, -'{proxy+}'.length);
      if (path.startsWith(prefix) && path.length > prefix.length) {
        const match: RouteMatch = { routeKey, pathParameters: { proxy: path.slice(prefix.length) } };
        return { route, match };
      }
    } else if (path === route.path) {
      return { route, match: { routeKey } satisfies RouteMatch };
    }
  }
  return undefined;
};

// What API Gateway itself answers when the integration fails (the function threw or timed out).
const invocationFailed: GatewayResponse = {
  statusCode: 500,
  headers: { 'content-type': 'application/json' },
  cookies: [],
  body: Buffer.from('{"message":"Internal Server Error"}'),
};

class RequestTooLargeError extends Error {
  override readonly name = 'RequestTooLargeError';
}

const readBody = async (request: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxRequestBytes) throw new RequestTooLargeError(`request body over ${maxRequestBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

const writeResponse = (response: ServerResponse, result: GatewayResponse): void => {
  const headers: Record<string, string | string[]> = { ...result.headers };
  if (result.cookies.length > 0) headers['set-cookie'] = [...result.cookies];
  headers['content-length'] = String(result.body.length);
  response.writeHead(result.statusCode, headers);
  response.end(result.body);
};

const handleRequest = async (
  routes: readonly GatewayRoute[],
  request: IncomingMessage,
): Promise<GatewayResponse> => {
  const url = request.url ?? '/';
  const path = url.split('?')[0] ?? '/';
  const found = matchRoute(routes, request.method ?? 'GET', path);
  if (!found) return problem(404, 'Not Found');
  let body: Buffer;
  try {
    body = await readBody(request);
  } catch (error) {
    if (error instanceof RequestTooLargeError) return problem(413, 'Request Entity Too Large');
    throw error;
  }
  const event = toApiGatewayEvent(
    {
      method: request.method ?? 'GET',
      url,
      // Distinct values, so repeated headers are joined with ',' as API Gateway does (Node would use ', ').
      headers: request.headersDistinct,
      body,
      sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      host: request.headers.host ?? 'localhost',
    },
    found.match,
  );
  try {
    return fromApiGatewayResult(await found.route.invoke(event));
  } catch (error) {
    // The caller sees API Gateway's generic body; the cause goes to the log.
    console.error(
      JSON.stringify({
        level: 'ERROR',
        message: 'handler failed',
        routeKey: event.routeKey,
        error: String(error),
      }),
    );
    return invocationFailed;
  }
};

/** Serves `routes` on `host:port` (0 picks a free port) the way an HTTP API with Lambda integrations does. */
export const startHttpGateway = async (options: {
  routes: readonly GatewayRoute[];
  port: number;
  host?: string;
}): Promise<HttpGateway> => {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((request, response) => {
    handleRequest(options.routes, request).then(
      (result) => writeResponse(response, result),
      () => writeResponse(response, invocationFailed),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
