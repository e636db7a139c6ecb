import { describe, expect, it } from 'vitest';
import {
  ConnectWiseRedirectError,
  ConnectWiseResponseTooLargeError,
} from '../../../shared/connectwise/index.js';
import { useCannedClients } from './canned-client.js';

const clientFor = useCannedClients();
const megabyte = 1024 * 1024;

describe('ConnectWise HTTP client limits', () => {
  describe('given a site that answers a redirect', () => {
    it.each([302, 307])(
      'never follows a %i, and names where it pointed in a permanent error',
      async (status) => {
        const { client, server } = await clientFor((request) =>
          request.url.startsWith('/internal')
            ? { status: 200, body: { stolen: true } }
            : { status, headers: { location: `${server.siteUrl}/internal/latest/meta-data` } },
        );

        const failure = await client.post('/service/tickets', { summary: 'x' }).catch((e: unknown) => e);

        expect(failure).toBeInstanceOf(ConnectWiseRedirectError);
        expect(failure).toMatchObject({ retryable: false });
        expect(String((failure as Error).message)).toContain(new URL(server.siteUrl).host);
        expect(server.requests.filter((r) => r.url.startsWith('/internal'))).toEqual([]);
        expect(server.apiRequests()).toHaveLength(1);
      },
    );
  });

  describe('given an answer larger than the cap', () => {
    it('stops reading a streamed 50 MB body at the cap with a permanent error', async () => {
      const { client } = await clientFor((_request, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(megabyte, 0x20);
        const write = (left: number): void => {
          if (left === 0 || res.destroyed) {
            res.end();
            return;
          }
          if (res.write(chunk)) write(left - 1);
          else res.once('drain', () => write(left - 1));
        };
        res.on('error', () => undefined);
        write(50);
        return 'hang';
      });

      const failure = await client.get('/system/info').catch((e: unknown) => e);

      expect(failure).toBeInstanceOf(ConnectWiseResponseTooLargeError);
      expect(failure).toMatchObject({ retryable: false });
    });

    it('does not start reading a body whose declared length passes the cap', async () => {
      const { client } = await clientFor(() => ({ status: 200, body: 'x'.repeat(2 * megabyte) }), {
        maxResponseBytes: megabyte,
      });

      const failure = await client.get('/system/info').catch((e: unknown) => e);

      expect(failure).toBeInstanceOf(ConnectWiseResponseTooLargeError);
    });
  });

  describe('given a list that keeps linking a next page', () => {
    it('stops after the page cap with a clear error instead of walking 10,000 pages', async () => {
      const { client, server } = await clientFor((request) => {
        const page = Number(new URL(request.url, 'http://x').searchParams.get('page') ?? '1');
        const next = `${server.siteUrl}/v4_6_release/apis/3.0/company/companies?page=${page + 1}&pageSize=1`;
        return { status: 200, body: [{ id: page }], headers: { link: `<${next}>; rel="next"` } };
      });

      const failure = await client.list('/company/companies', { pageSize: 1 }).catch((e: unknown) => e);

      expect(failure).toBeInstanceOf(ConnectWiseResponseTooLargeError);
      expect(String((failure as Error).message)).toContain('200 pages');
      expect(server.apiRequests()).toHaveLength(200);
    });
  });
});
