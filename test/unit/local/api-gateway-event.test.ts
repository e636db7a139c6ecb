import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  fromApiGatewayResult,
  type GatewayRequest,
  toApiGatewayEvent,
} from '../../../local/api-gateway-event.js';
import { matchRoute } from '../../../local/http-gateway.js';

const aRequest = (overrides: Partial<GatewayRequest> = {}): GatewayRequest => ({
  method: 'post',
  url: '/v1/events',
  headers: { 'content-type': 'application/json', 'x-bridge-timestamp': '1700000000', host: '127.0.0.1:3000' },
  body: Buffer.from('{"eventId":"e1"}'),
  sourceIp: '127.0.0.1',
  host: '127.0.0.1:3000',
  ...overrides,
});

describe('toApiGatewayEvent', () => {
  describe('given a signed JSON POST', () => {
    it('produces a payload 2.0 event whose body and headers the ingest handler can verify byte for byte', () => {
      const now = new Date('2026-11-28T18:48:13.123Z');
      const event: APIGatewayProxyEventV2 = toApiGatewayEvent(
        aRequest(),
        { routeKey: 'POST /v1/events' },
        now,
      );
      expect(event.version).toBe('2.0');
      expect(event.routeKey).toBe('POST /v1/events');
      expect(event.rawPath).toBe('/v1/events');
      expect(event.rawQueryString).toBe('');
      expect(event.body).toBe('{"eventId":"e1"}');
      expect(event.isBase64Encoded).toBe(false);
      expect(event.headers['x-bridge-timestamp']).toBe('1700000000');
      expect(event.requestContext.http).toMatchObject({
        method: 'POST',
        path: '/v1/events',
        sourceIp: '127.0.0.1',
      });
      expect(event.requestContext.stage).toBe('$default');
      expect(event.requestContext.timeEpoch).toBe(now.getTime());
      expect(event.requestContext.time).toBe('28/Nov/2026:18:48:13 +0000');
      expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('given a request with a query string, cookies and mixed-case headers', () => {
    it('splits cookies out, joins repeated query values and lowercases header names', () => {
      const event = toApiGatewayEvent(
        aRequest({
          method: 'GET',
          url: '/v1/admin/accounts/A1/events?limit=5&tag=a&tag=b',
          headers: { 'X-Custom': 'Yes', cookie: 'a=1; b=2', host: 'h' },
          body: Buffer.alloc(0),
        }),
        { routeKey: 'ANY /v1/admin/{proxy+}', pathParameters: { proxy: 'accounts/A1/events' } },
      );
      expect(event.rawQueryString).toBe('limit=5&tag=a&tag=b');
      expect(event.queryStringParameters).toEqual({ limit: '5', tag: 'a,b' });
      expect(event.cookies).toEqual(['a=1', 'b=2']);
      expect(event.headers).toEqual({ 'x-custom': 'Yes', host: 'h' });
      expect(event.pathParameters).toEqual({ proxy: 'accounts/A1/events' });
      expect(event.body).toBeUndefined();
      expect(event.isBase64Encoded).toBe(false);
    });
  });

  describe('given a binary body', () => {
    it('base64-encodes it like API Gateway does for non-text media types', () => {
      const bytes = Buffer.from([0, 255, 1, 2]);
      const event = toApiGatewayEvent(
        aRequest({ headers: { 'content-type': 'application/octet-stream' }, body: bytes }),
        { routeKey: 'POST /v1/events' },
      );
      expect(event.isBase64Encoded).toBe(true);
      expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
    });
  });
});

describe('fromApiGatewayResult', () => {
  it('decodes base64 bodies and keeps cookies and headers', () => {
    const response = fromApiGatewayResult({
      statusCode: 202,
      headers: { 'Content-Type': 'application/json' },
      cookies: ['session=1; HttpOnly'],
      body: Buffer.from('{"status":"queued"}').toString('base64'),
      isBase64Encoded: true,
    });
    expect(response.statusCode).toBe(202);
    expect(response.headers).toEqual({ 'content-type': 'application/json' });
    expect(response.cookies).toEqual(['session=1; HttpOnly']);
    expect(response.body.toString()).toBe('{"status":"queued"}');
  });

  it('treats a result without statusCode as a 200 JSON body, as payload format 2.0 does', () => {
    const response = fromApiGatewayResult({ ok: true } as never);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ ok: true });
  });
});

describe('matchRoute', () => {
  const invoke = async () => ({ statusCode: 200 });
  const routes = [
    { method: 'POST', path: '/v1/events', invoke },
    { method: 'ANY', path: '/v1/admin/{proxy+}', invoke },
  ];

  it('routes POST /v1/events and nothing else on that path', () => {
    expect(matchRoute(routes, 'POST', '/v1/events')?.match.routeKey).toBe('POST /v1/events');
    expect(matchRoute(routes, 'GET', '/v1/events')).toBeUndefined();
  });

  it('routes any method under /v1/admin/ with the greedy proxy parameter', () => {
    const found = matchRoute(routes, 'PUT', '/v1/admin/partners/demo/notifications');
    expect(found?.match).toEqual({
      routeKey: 'ANY /v1/admin/{proxy+}',
      pathParameters: { proxy: 'partners/demo/notifications' },
    });
    expect(matchRoute(routes, 'GET', '/v1/admin/')).toBeUndefined();
  });
});
