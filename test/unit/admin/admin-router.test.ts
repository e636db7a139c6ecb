import { describe, expect, it } from 'vitest';
import {
  type AdminRequest,
  type AdminRoute,
  routeAdminRequest,
  toAdminRequest,
  unmatchedAdminError,
} from '../../../shared/admin/admin-router.js';
import { ValidationError } from '../../../shared/errors.js';
import { MethodNotAllowedError, PayloadTooLargeError } from '../../../shared/http/http-errors.js';
import { toProblemResponse } from '../../../shared/http/problem.js';
import { anHttpApiEvent } from '../../helpers/api-gateway-events.js';

const echoRoute: AdminRoute = {
  method: 'GET',
  path: '/v1/admin/partners/{partnerId}',
  run: async (params) => ({ status: 200, body: params }),
};

const aRequest = (path: string): AdminRequest => ({
  method: 'GET',
  path,
  query: {},
  json: () => undefined,
  remainingMs: () => 30_000,
});

describe('routeAdminRequest', () => {
  describe('given a percent-encoded path parameter', () => {
    it('hands the route the decoded value', async () => {
      const response = await routeAdminRequest([echoRoute], aRequest('/v1/admin/partners/acme%2Dmsp'));

      expect(response).toEqual({ status: 200, body: { partnerId: 'acme-msp' } });
    });
  });

  describe('given a broken percent-escape in the path', () => {
    it('rejects it as a 400 naming the parameter instead of failing with a 500', async () => {
      const routed = routeAdminRequest([echoRoute], aRequest('/v1/admin/partners/%E0'));

      await expect(routed).rejects.toBeInstanceOf(ValidationError);
      await expect(routed).rejects.toMatchObject({
        status: 400,
        fields: [{ field: 'partnerId', message: 'is not valid percent-encoding' }],
      });
    });
  });
});

describe('unmatchedAdminError', () => {
  const routes = [
    { method: 'PUT', path: '/v1/admin/partners/{partnerId}' },
    { method: 'GET', path: '/v1/admin/partners/{partnerId}' },
  ];

  it('is a 405 listing the methods of a known path, answered with Allow', () => {
    const error = unmatchedAdminError(routes, { method: 'DELETE', path: '/v1/admin/partners/demo' });
    expect(error).toBeInstanceOf(MethodNotAllowedError);
    const response = toProblemResponse(error, '/v1/admin/partners/demo');
    expect(response.statusCode).toBe(405);
    expect(response.headers).toMatchObject({ Allow: 'PUT, GET', 'Content-Type': 'application/problem+json' });
  });

  it('is a 404 for a path no route has', () => {
    const error = unmatchedAdminError(routes, { method: 'GET', path: '/v1/admin/nothing' });
    expect(toProblemResponse(error).statusCode).toBe(404);
  });
});

describe('toAdminRequest', () => {
  const aBodyRequest = (
    body: string,
    headers: Record<string, string> = { 'Content-Type': 'application/json' },
  ) => toAdminRequest(anHttpApiEvent({ method: 'PUT', path: '/v1/admin/partners/demo', headers, body }));

  describe('given a JSON body', () => {
    it('parses it, with lone surrogates replaced by U+FFFD', () => {
      const request = aBodyRequest(JSON.stringify({ ticketBoard: 'a\ud800b', '\udfff': 1 }));

      expect(request.json()).toEqual({ ticketBoard: 'a\ufffdb', '\ufffd': 1 });
    });
  });

  describe('given a JSON body sent without application/json', () => {
    // Operators send bodies with curl -d (form-urlencoded) or fetch (text/plain): the body is what counts.
    it.each<Record<string, string>>([
      {},
      { 'Content-Type': 'text/plain;charset=UTF-8' },
      { 'Content-Type': 'application/x-www-form-urlencoded' },
    ])('reads it as JSON all the same (%j)', (headers) => {
      expect(aBodyRequest('{"ticketBoard":"Alerts"}', headers).json()).toEqual({ ticketBoard: 'Alerts' });
    });
  });

  describe('given a body over 256 KB', () => {
    it('refuses it with a 413 before parsing it', () => {
      const body = JSON.stringify({ ticketBoard: 'x'.repeat(256 * 1024) });

      expect(() => aBodyRequest(body).json()).toThrow(PayloadTooLargeError);
    });
  });

  describe('given a body that is not JSON', () => {
    it('refuses it with a 400 naming body', () => {
      expect(() => aBodyRequest('{"a":').json()).toThrow(
        expect.objectContaining({ status: 400, fields: [{ field: 'body', message: 'is not JSON' }] }),
      );
    });
  });
});
