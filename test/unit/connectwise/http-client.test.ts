import { describe, expect, it, vi } from 'vitest';
import {
  ConnectWiseAmbiguousWriteError,
  ConnectWiseHttpClient,
  createConnectWiseClient,
} from '../../../shared/connectwise/index.js';
import { PartnerConfigurationError } from '../../../shared/errors.js';
import { keys, useCannedClients } from './canned-client.js';
import type { CannedHandler } from './canned-connectwise-server.js';

const clientFor = useCannedClients();

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

    it('asks companyinfo again after an hour, following the tenant to a new release', async () => {
      const { client, server } = await clientFor(() => ({ status: 200, body: {} }));
      const start = Date.now();
      const clock = vi.spyOn(Date, 'now').mockReturnValue(start);
      try {
        await client.get('/system/info');
        clock.mockReturnValue(start + 59 * 60_000);
        await client.get('/system/info');
        clock.mockReturnValue(start + 61 * 60_000);
        await client.get('/system/info');
      } finally {
        clock.mockRestore();
      }
      expect(server.requests.filter((r) => r.url.startsWith('/login/companyinfo/'))).toHaveLength(2);
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
        if (hasNext)
          headers.link = `<http://${request.headers.host}${next.pathname}${next.search}>; rel="next"`;
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

describe('ConnectWise client outside the local stack', () => {
  it('refuses a siteUrl whose public name resolves to a private address, before any request', async () => {
    const sent: string[] = [];
    const client = createConnectWiseClient(
      { ...keys, siteUrl: 'https://cw.attacker.example' },
      {
        fetch: async (input) => {
          sent.push(String(input));
          return new Response('{}', { status: 200 });
        },
        lookup: async () => [{ address: '127.0.0.1' }],
      },
    );
    await expect(client.get('/system/info')).rejects.toThrow(/resolves to a loopback address/);
    expect(sent).toEqual([]);
  });
});
