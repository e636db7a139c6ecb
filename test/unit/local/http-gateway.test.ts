import { request as httpRequest } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpGateway, maxRequestBytes, startHttpGateway } from '../../../local/http-gateway.js';

const received: APIGatewayProxyEventV2[] = [];
let gateway: HttpGateway;

beforeAll(async () => {
  gateway = await startHttpGateway({
    port: 0,
    routes: [
      {
        method: 'POST',
        path: '/v1/events',
        invoke: async (event) => {
          received.push(event);
          return {
            statusCode: 202,
            headers: { 'Content-Type': 'application/json' },
            cookies: ['a=1', 'b=2'],
            body: JSON.stringify({ status: 'queued' }),
          };
        },
      },
      {
        method: 'ANY',
        path: '/v1/admin/{proxy+}',
        invoke: async () => {
          throw new Error('handler crashed');
        },
      },
    ],
  });
});

afterAll(async () => {
  await gateway.stop();
});

describe('startHttpGateway', () => {
  it('hands a routed request to its handler as a payload 2.0 event and writes the result back', async () => {
    const response = await fetch(`${gateway.url}/v1/events?x=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Bridge-Timestamp': '1' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'queued' });
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(received.at(-1)).toMatchObject({
      routeKey: 'POST /v1/events',
      rawQueryString: 'x=1',
      body: '{"a":1}',
      headers: { 'x-bridge-timestamp': '1' },
    });
  });

  it('joins a repeated request header with a comma, as API Gateway does', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpRequest(`${gateway.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-multi': ['a', 'b'] },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      request.on('error', reject);
      request.end('{}');
    });
    expect(status).toBe(202);
    expect(received.at(-1)?.headers['x-multi']).toBe('a,b');
  });

  it('answers an unknown route with a 404 problem without invoking anything', async () => {
    const before = received.length;
    const response = await fetch(`${gateway.url}/v1/nothing`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(received).toHaveLength(before);
  });

  it('answers 500 like API Gateway when the handler throws', async () => {
    const response = await fetch(`${gateway.url}/v1/admin/partners/demo`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('refuses a body above the process cap with 413 before reaching the handler', async () => {
    const before = received.length;
    const response = await fetch(`${gateway.url}/v1/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: 'x'.repeat(maxRequestBytes + 1),
    });
    expect(response.status).toBe(413);
    expect(received).toHaveLength(before);
  });
});
