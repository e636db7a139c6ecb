import { describe, expect, it } from 'vitest';
import { type AdminRequest, type AdminRoute, routeAdminRequest } from '../../../shared/admin/admin-router.js';
import { ValidationError } from '../../../shared/errors.js';

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
