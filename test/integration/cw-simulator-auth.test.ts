import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startConnectWiseSimulator } from '../../cw-simulator/server.js';
import { apiHeaders, basicAuth, callApi } from '../helpers/cw-simulator-client.js';

let simulator: RunningSimulator;

beforeAll(async () => {
  // Some requests here go to paths outside the subset on purpose; they stay out of the run's conformance log.
  simulator = await startConnectWiseSimulator({
    conformanceLog: null,
    credentials: { companyId: 'demo', publicKey: 'pubKEY', privateKey: 'privKEY', clientId: 'client-guid' },
  });
});

afterAll(async () => {
  await simulator.stop();
});

describe('ConnectWise simulator authentication', () => {
  describe('with the right keys and clientId', () => {
    it('answers and carries the api-current-version header', async () => {
      const result = await callApi<{ version: string }>(simulator, { path: '/system/info' });
      expect(result.status).toBe(200);
      expect(result.body.version).toMatch(/^v2025\.1/);
      expect(result.headers.get('api-current-version')).toBe('2025.1');
    });

    it('accepts the company id in any case, as ConnectWise does', async () => {
      const headers = apiHeaders({ ...simulator.credentials, companyId: 'DEMO' });
      expect((await callApi(simulator, { path: '/system/info', headers })).status).toBe(200);
    });
  });

  describe('with wrong or missing credentials', () => {
    it.each([
      ['a wrong private key', { privateKey: 'wrong' }],
      ['a wrong public key', { publicKey: 'wrong' }],
      ['another company', { companyId: 'other' }],
    ])('rejects %s with 401 Unauthorized', async (_label, override) => {
      const credentials = { ...simulator.credentials, ...override };
      const result = await callApi<{ code: string; message: string }>(simulator, {
        path: '/system/info',
        headers: apiHeaders(credentials),
      });
      expect(result.status).toBe(401);
      expect(result.body.code).toBe('Unauthorized');
    });

    it('rejects a request without Authorization', async () => {
      const result = await callApi(simulator, { path: '/system/info', headers: { clientId: 'client-guid' } });
      expect(result.status).toBe(401);
    });

    it('rejects a missing clientId with a message naming clientId', async () => {
      const result = await callApi<{ message: string }>(simulator, {
        path: '/system/info',
        headers: { Authorization: basicAuth(simulator.credentials) },
      });
      expect(result.status).toBe(401);
      expect(result.body.message).toContain('clientId');
    });

    it('rejects an unknown clientId', async () => {
      const result = await callApi(simulator, {
        path: '/system/info',
        headers: { ...apiHeaders(simulator.credentials), clientId: 'someone-else' },
      });
      expect(result.status).toBe(401);
    });
  });

  describe('codebase discovery', () => {
    it('answers companyinfo without auth with the codebase and version', async () => {
      const response = await fetch(`${simulator.url}/login/companyinfo/demo`);
      const body = (await response.json()) as Record<string, unknown>;
      expect(response.status).toBe(200);
      expect(body).toMatchObject({
        Codebase: 'v4_6_release/',
        VersionCode: 'v2025.1',
        CompanyID: 'demo',
        IsCloud: false,
        SiteUrl: `127.0.0.1:${simulator.port}`,
      });
    });

    it('answers 404 for a company it does not host', async () => {
      const response = await fetch(`${simulator.url}/login/companyinfo/nobody`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { code: string }).code).toBe('NotFound');
    });
  });

  describe('paths outside the subset', () => {
    it('answers a ConnectWise-shaped 404 for an unknown API path', async () => {
      const response = await fetch(`${simulator.url}/v4_6_release/apis/3.0/sales/opportunities`, {
        headers: apiHeaders(simulator.credentials),
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'NotFound' });
    });

    it('answers 404 for a method the subset does not declare on a known path', async () => {
      const response = await fetch(`${simulator.url}/v4_6_release/apis/3.0/system/members/1`, {
        method: 'DELETE',
        headers: apiHeaders(simulator.credentials),
      });
      expect(response.status).toBe(404);
    });
  });
});
