import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectWiseAmbiguousWriteError,
  ConnectWiseAuthError,
  type ConnectWiseClientOptions,
  ConnectWiseHttpClient,
  ConnectWiseNotFoundError,
  ConnectWiseRateLimitError,
  ConnectWiseUnavailableError,
  ConnectWiseValidationError,
  createConnectWiseClient,
} from '../../../shared/connectwise/index.js';
import { PartnerConfigurationError } from '../../../shared/errors.js';
import { type CannedHandler, type CannedServer, startCannedServer } from './canned-connectwise-server.js';

const keys = {
  companyId: 'acme',
  publicKey: 'pub',
  privateKey: 'priv',
  clientId: 'c0ffee00-0000-4000-8000-000000000001',
};

let server: CannedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A client against a canned server; sleeps are recorded, not waited. */
const clientFor = async (handler: CannedHandler, options: ConnectWiseClientOptions = {}) => {
  server = await startCannedServer(handler);
  const sleeps: number[] = [];
  const client = new ConnectWiseHttpClient(
    { ...keys, siteUrl: server.siteUrl },
    {
      allowPrivateSiteUrl: true,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...options,
    },
  );
  return { client, sleeps, server };
};

describe('ConnectWise HTTP client', () => {
  describe('headers', () => {
    it('sends Basic companyId+publicKey:privateKey, clientId, the 2025.1 Accept and JSON content type', async () => {
      const { client, server } = await clientFor(() => ({ status: 200, body: { version: 'v2025.1' } }));
      await client.get('/system/info');
      const [request] = server.apiRequests();
      expect(request?.headers.authorization).toBe('Basic YWNtZStwdWI6cHJpdg==');
      expect(Buffer.from('YWNtZStwdWI6cHJpdg==', 'base64').toString()).toBe('acme+pub:priv');
      expect(request?.headers.clientid).toBe(keys.clientId);
      expect(request?.headers.accept).toBe('application/vnd.connectwise.com+json; version=2025.1');
      expect(request?.headers['content-type']).toBe('application/json');
      expect(request?.url).toBe('/v4_6_release/apis/3.0/system/info');
    });

    it('asks companyinfo without credentials', async () => {
      const { client, server } = await clientFor(() => ({ status: 200, body: {} }));
      await client.get('/system/info');
      const discovery = server.requests.find((r) => r.url === '/login/companyinfo/acme');
      expect(discovery).toBeDefined();
      expect(discovery?.headers.authorization).toBeUndefined();
    });
  });

  describe('codebase discovery', () => {
    it('asks companyinfo once for many requests and many clients of the same tenant', async () => {
      const { client, server } = await clientFor(() => ({ status: 200, body: {} }));
      await client.get('/system/info');
      await client.get('/system/info');
      const warmClient = new ConnectWiseHttpClient(
        { ...keys, siteUrl: server.siteUrl },
        { allowPrivateSiteUrl: true },
      );
      await warmClient.get('/system/info');
      expect(server.requests.filter((r) => r.url.startsWith('/login/companyinfo/'))).toHaveLength(1);
      expect(server.apiRequests()).toHaveLength(3);
    });
  });

  describe('paging', () => {
    const pagedHandler =
      (total: number): CannedHandler =>
      (request) => {
        const url = new URL(request.url, 'http://x');
        const page = Number(url.searchParams.get('page'));
        const size = Number(url.searchParams.get('pageSize'));
        const ids = Array.from({ length: total }, (_, i) => ({ id: i + 1 })).slice(
          (page - 1) * size,
          page * size,
        );
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        const hasNext = page * size < total;
        const headers: Record<string, string> = {};
        if (hasNext) headers.link = `<${server?.siteUrl}${next.pathname}${next.search}>; rel="next"`;
        return {
          status: 200,
          body: ids,
          headers,
        };
      };

    it('follows Link rel="next" at pageSize 1000 until the last page', async () => {
      const { client, server } = await clientFor(pagedHandler(2500));
      const records = await client.list<{ id: number }>('/service/tickets', { conditions: 'board/id = 3' });
      expect(records).toHaveLength(2500);
      expect(records.at(-1)).toEqual({ id: 2500 });
      const pages = server.apiRequests().map((r) => new URL(r.url, 'http://x').searchParams);
      expect(pages.map((p) => [p.get('page'), p.get('pageSize'), p.get('conditions')])).toEqual([
        ['1', '1000', 'board/id = 3'],
        ['2', '1000', 'board/id = 3'],
        ['3', '1000', 'board/id = 3'],
      ]);
    });

    it('stops at the limit without fetching further pages', async () => {
      const { client, server } = await clientFor(pagedHandler(2500));
      const records = await client.list('/service/tickets', { limit: 5 });
      expect(records).toHaveLength(5);
      expect(server.apiRequests()).toHaveLength(1);
      expect(server.apiRequests()[0]?.url).toContain('pageSize=5');
    });

    it('sends pagination-type: forward-only when configured', async () => {
      const { client, server } = await clientFor(() => ({ status: 200, body: [] }), {
        forwardOnlyPaging: true,
      });
      await client.list('/service/tickets');
      expect(server.apiRequests()[0]?.headers['pagination-type']).toBe('forward-only');
      expect(server.apiRequests()[0]?.url).not.toContain('page=');
    });

    it('refuses a next link that leaves the tenant API, so keys are not sent elsewhere', async () => {
      const { client } = await clientFor(() => ({
        status: 200,
        body: [{ id: 1 }],
        headers: { link: '<https://evil.example.com/steal>; rel="next"' },
      }));
      await expect(client.list('/service/tickets')).rejects.toBeInstanceOf(PartnerConfigurationError);
    });
  });

  describe('writes', () => {
    it('sends PATCH as a list of {op, path, value}', async () => {
      const { client, server } = await clientFor(() => ({ status: 200, body: { id: 7 } }));
      await client.patch('/service/tickets/7', [
        { op: 'replace', path: 'status', value: { id: 4 } },
        { op: 'remove', path: 'budgetHours' },
      ]);
      const [request] = server.apiRequests();
      expect(request?.method).toBe('PATCH');
      expect(JSON.parse(request?.body ?? '')).toEqual([
        { op: 'replace', path: 'status', value: { id: 4 } },
        { op: 'remove', path: 'budgetHours' },
      ]);
    });

    it('does not re-send a POST whose connection dropped, and says it may have been created', async () => {
      const { client, server } = await clientFor(() => 'drop');
      const error = await client.post('/service/tickets', { summary: 'x' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectWiseAmbiguousWriteError);
      expect(error).toMatchObject({ retryable: true });
      expect(server.apiRequests()).toHaveLength(1);
    });

    it('re-sends a POST answered with 503, since ConnectWise answered without committing', async () => {
      let calls = 0;
      const { client, server } = await clientFor(() =>
        ++calls === 1
          ? { status: 503, body: { code: 'Unavailable', message: 'busy' } }
          : { status: 201, body: { id: 9 } },
      );
      await expect(client.post('/service/tickets', { summary: 'x' })).resolves.toEqual({ id: 9 });
      expect(server.apiRequests()).toHaveLength(2);
    });

    it('retries a GET whose connection dropped', async () => {
      let calls = 0;
      const { client, server } = await clientFor(() =>
        ++calls === 1 ? 'drop' : { status: 200, body: { id: 1 } },
      );
      await expect(client.get('/service/tickets/1')).resolves.toEqual({ id: 1 });
      expect(server.apiRequests()).toHaveLength(2);
    });
  });

  describe('errors', () => {
    it('turns 400 into a permanent validation error with the field errors, sent once', async () => {
      const { client, server } = await clientFor(() => ({
        status: 400,
        body: {
          code: 'InvalidObject',
          message: 'ticket object is invalid',
          errors: [
            { code: 'NullOrEmpty', message: 'Summary is required', resource: 'ticket', field: 'summary' },
          ],
        },
      }));
      const error = await client.post('/service/tickets', {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectWiseValidationError);
      expect(error).toMatchObject({
        retryable: false,
        fieldErrors: [{ field: 'summary', message: 'Summary is required', code: 'NullOrEmpty' }],
        request: { method: 'POST', path: '/service/tickets', httpStatus: 400, code: 'InvalidObject' },
      });
      expect(server.apiRequests()).toHaveLength(1);
    });

    it('turns 401 into a permanent auth error that never mentions the keys', async () => {
      const { client } = await clientFor(() => ({
        status: 401,
        body: { code: 'Unauthorized', message: 'bad' },
      }));
      const error = await client.get('/system/info').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectWiseAuthError);
      expect(error).toMatchObject({ retryable: false });
      const text = `${String(error)} ${JSON.stringify(error)}`;
      for (const secret of ['priv', 'YWNtZStwdWI6cHJpdg==', 'Basic']) expect(text).not.toContain(secret);
    });

    it('turns 404 into a permanent not-found error', async () => {
      const { client } = await clientFor(() => ({
        status: 404,
        body: { code: 'NotFound', message: 'no ticket' },
      }));
      await expect(client.get('/service/tickets/99')).rejects.toBeInstanceOf(ConnectWiseNotFoundError);
    });

    it('waits Retry-After: 2 seconds after a 429, then succeeds', async () => {
      let calls = 0;
      const { client, sleeps } = await clientFor(() =>
        ++calls === 1
          ? { status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '2' } }
          : { status: 200, body: {} },
      );
      await client.get('/system/info');
      expect(sleeps).toEqual([2000]);
    });

    it('keeps 503s bounded by the attempts and hands the queue a retryAfterSeconds', async () => {
      const { client, server, sleeps } = await clientFor(() => ({ status: 503 }), {
        maxAttempts: 3,
        random: () => 0.75,
      });
      const error = await client.get('/system/info').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectWiseUnavailableError);
      expect(error).toMatchObject({ retryable: true, retryAfterSeconds: 1 });
      expect(server.apiRequests()).toHaveLength(3);
      expect(sleeps).toEqual([150, 300]);
    });

    it('surfaces a throttled request as retryable when the Lambda has no time to wait', async () => {
      const { client, sleeps } = await clientFor(() => ({ status: 429, headers: { 'retry-after': '60' } }), {
        remainingTimeMs: () => 15_000,
      });
      const error = await client.get('/system/info').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectWiseRateLimitError);
      expect(error).toMatchObject({ retryAfterSeconds: 60 });
      expect(sleeps).toEqual([]);
    });

    it('times out a GET that does not answer and retries it', async () => {
      const { client, server } = await clientFor(() => 'hang', { timeoutMs: 100, maxAttempts: 2 });
      const error = await client.get('/system/info').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectWiseUnavailableError);
      expect(String(error)).toContain('timed out');
      expect(server.apiRequests()).toHaveLength(2);
    });

    it('times out a POST that does not answer without re-sending it', async () => {
      const { client, server } = await clientFor(() => 'hang', { timeoutMs: 100, maxAttempts: 3 });
      const error = await client.post('/service/tickets', { summary: 'x' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectWiseAmbiguousWriteError);
      expect(server.apiRequests()).toHaveLength(1);
    });
  });

  describe('construction', () => {
    it('refuses a private siteUrl outside the local stack', () => {
      expect(() => createConnectWiseClient({ ...keys, siteUrl: 'http://10.0.0.1' })).toThrow(
        PartnerConfigurationError,
      );
      expect(() => createConnectWiseClient({ ...keys, siteUrl: 'https://localhost' })).toThrow(
        PartnerConfigurationError,
      );
    });
  });
});
