import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { localAccountId } from './lambda-context.js';

/** One HTTP request as the local gateway received it, before translation. */
export interface GatewayRequest {
  readonly method: string;
  /** Path plus optional query string, exactly as sent (`/v1/events?x=1`). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly host: string;
}

/** A matched route: its API Gateway route key and path parameters. */
export interface RouteMatch {
  readonly routeKey: string;
  readonly pathParameters?: Record<string, string>;
}

/** A response ready to be written to the socket. */
export interface GatewayResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly cookies: readonly string[];
  readonly body: Buffer;
}

// HTTP APIs pass these media types as text; every other body arrives base64-encoded.
const textMediaType =
  /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|application\/[\w.+-]+\+(json|xml))/i;

const isTextBody = (contentType: string | undefined): boolean =>
  contentType !== undefined && textMediaType.test(contentType.trim());

const lowercaseHeaders = (headers: IncomingHttpHeaders): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.toLowerCase() === 'cookie') continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return result;
};

const parseCookies = (header: string | string[] | undefined): string[] | undefined => {
  const joined = Array.isArray(header) ? header.join('; ') : header;
  const cookies = joined
    ?.split(';')
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie.length > 0);
  return cookies && cookies.length > 0 ? cookies : undefined;
};

// API Gateway joins repeated query parameters with commas.
const parseQuery = (rawQueryString: string): Record<string, string> | undefined => {
  if (rawQueryString === '') return undefined;
  const result: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    result[name] = result[name] === undefined ? value : `${result[name]},${value}`;
  }
  return result;
};

const formatRequestTime = (date: Date): string => {
  // "Sat, 28 Nov 2026 18:48:13 GMT" → "28/Nov/2026:18:48:13 +0000", API Gateway's requestContext.time.
  const [, day, month, year, time] = date.toUTCString().replace(',', '').split(' ');
  return `${day}/${month}/${year}:${time} +0000`;
};

/**
 * Translates a raw HTTP request into the API Gateway HTTP API payload format 2.0 event a Lambda
 * integration receives: lowercased headers, cookies split out, repeated query values joined,
 * and a base64 body for media types API Gateway does not treat as text.
 */
export const toApiGatewayEvent = (
  request: GatewayRequest,
  route: RouteMatch,
  now = new Date(),
): APIGatewayProxyEventV2 => {
  const [rawPath = '/', rawQueryString = ''] = request.url.split(/\?(.*)/s);
  const headers = lowercaseHeaders(request.headers);
  const text = isTextBody(headers['content-type']);
  const method = request.method.toUpperCase();
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    cookies: parseCookies(request.headers.cookie),
    headers,
    queryStringParameters: parseQuery(rawQueryString),
    pathParameters: route.pathParameters,
    requestContext: {
      accountId: localAccountId,
      apiId: 'local',
      domainName: request.host,
      domainPrefix: request.host.split('.')[0] ?? request.host,
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    body: request.body.length === 0 ? undefined : request.body.toString(text ? 'utf8' : 'base64'),
    isBase64Encoded: request.body.length > 0 && !text,
  };
};

/**
 * Maps what a handler returned to the HTTP response API Gateway would send, including the
 * payload 2.0 shorthand: a result without `statusCode` is a 200 JSON body.
 */
export const fromApiGatewayResult = (result: APIGatewayProxyResultV2): GatewayResponse => {
  if (
    typeof result === 'string' ||
    typeof result !== 'object' ||
    result === null ||
    !('statusCode' in result)
  ) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: Buffer.from(body),
    };
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  const raw = result.body ?? '';
  return {
    statusCode: result.statusCode ?? 200,
    headers,
    cookies: result.cookies ?? [],
    body: Buffer.from(raw, result.isBase64Encoded ? 'base64' : 'utf8'),
  };
};
