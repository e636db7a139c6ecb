import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startConnectWiseSimulator } from '../../cw-simulator/server.js';
import { apiHeaders, callApi } from '../helpers/cw-simulator-client.js';

interface Company {
  id: number;
  identifier: string;
  name: string;
}

const RECORDS = 2_500;
let simulator: RunningSimulator;

/** `rel` → URL of a `Link` header. */
const links = (header: string | null): Record<string, string> =>
  Object.fromEntries(
    [...(header ?? '').matchAll(/<([^>]+)>;\s*rel="(\w+)"/g)].map((match) => [
      match[2] ?? '',
      match[1] ?? '',
    ]),
  );

/** GETs an absolute URL from a Link header, checked against the subset like every other call. */
const follow = (url: string, headers?: Record<string, string>) => {
  const target = new URL(url);
  return callApi<Company[]>(simulator, {
    path: `${target.pathname.replace('/v4_6_release/apis/3.0', '')}${target.search}`,
    ...(headers === undefined ? {} : { headers: { ...apiHeaders(simulator.credentials), ...headers } }),
  });
};

beforeAll(async () => {
  simulator = await startConnectWiseSimulator({ seed: 'empty' });
  for (let start = 0; start < RECORDS; start += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, RECORDS - start) }, (_, offset) => {
        const n = start + offset + 1;
        return callApi(simulator, {
          method: 'POST',
          path: '/company/companies',
          body: { identifier: `Company${String(n).padStart(4, '0')}`, name: `Company ${n % 7}` },
        });
      }),
    );
  }
}, 120_000);

afterAll(async () => {
  await simulator.stop();
});

describe('ConnectWise simulator paging', () => {
  describe('navigable paging over 2,500 records', () => {
    it('serves 3 pages of up to 1,000 by following Link rel="next"', async () => {
      const sizes: number[] = [];
      let result = await callApi<Company[]>(simulator, { path: '/company/companies?pageSize=1000' });
      sizes.push(result.body.length);
      expect(links(result.headers.get('link')).last).toContain('page=3');
      while (links(result.headers.get('link')).next !== undefined) {
        result = await follow(links(result.headers.get('link')).next ?? '');
        sizes.push(result.body.length);
      }
      expect(sizes).toEqual([1000, 1000, 500]);
      expect(links(result.headers.get('link'))).toMatchObject({ first: expect.stringContaining('page=1') });
    });

    it('links first and prev from a middle page', async () => {
      const result = await callApi<Company[]>(simulator, { path: '/company/companies?page=2&pageSize=1000' });
      expect(Object.keys(links(result.headers.get('link'))).sort()).toEqual([
        'first',
        'last',
        'next',
        'prev',
      ]);
      expect(result.body[0]?.id).toBe(1001);
    });

    it('defaults to 25 records a page', async () => {
      const result = await callApi<Company[]>(simulator, { path: '/company/companies' });
      expect(result.body).toHaveLength(25);
      expect(links(result.headers.get('link')).last).toContain('page=100');
    });

    it('clamps pageSize above 1,000 to 1,000', async () => {
      const result = await callApi<Company[]>(simulator, { path: '/company/companies?pageSize=5000' });
      expect(result.body).toHaveLength(1000);
    });

    it('rejects a page that is not a positive integer', async () => {
      const result = await callApi(simulator, { path: '/company/companies?page=0' });
      expect(result.status).toBe(400);
    });
  });

  describe('forward-only paging', () => {
    it('walks every record once by pageId, linking only next', async () => {
      const headers = { 'pagination-type': 'forward-only' };
      let result = await callApi<Company[]>(simulator, {
        path: '/company/companies?pageSize=1000',
        headers: { ...apiHeaders(simulator.credentials), ...headers },
      });
      const ids = result.body.map((company) => company.id);
      expect(Object.keys(links(result.headers.get('link')))).toEqual(['next']);
      expect(links(result.headers.get('link')).next).toContain('pageId=1000');
      while (links(result.headers.get('link')).next !== undefined) {
        result = await follow(links(result.headers.get('link')).next ?? '', headers);
        ids.push(...result.body.map((company) => company.id));
      }
      expect(ids).toHaveLength(RECORDS);
      expect(new Set(ids).size).toBe(RECORDS);
    });
  });

  describe('conditions, orderBy and fields on a list', () => {
    it('filters, orders descending and projects the requested fields', async () => {
      const conditions = encodeURIComponent('name = "Company 3" and identifier like "Company00%"');
      const result = await callApi<Partial<Company>[]>(simulator, {
        path: `/company/companies?conditions=${conditions}&orderBy=${encodeURIComponent('identifier desc')}&fields=id,identifier`,
      });
      expect(result.body.map((company) => company.identifier)).toEqual([
        'Company0094',
        'Company0087',
        'Company0080',
        'Company0073',
        'Company0066',
        'Company0059',
        'Company0052',
        'Company0045',
        'Company0038',
        'Company0031',
        'Company0024',
        'Company0017',
        'Company0010',
        'Company0003',
      ]);
      expect(Object.keys(result.body[0] ?? {})).toEqual(['id', 'identifier']);
    });

    it('counts matching records', async () => {
      const conditions = encodeURIComponent('name = "Company 0"');
      const result = await callApi<{ count: number }>(simulator, {
        path: `/company/companies/count?conditions=${conditions}`,
      });
      expect(result.body.count).toBe(Math.floor(RECORDS / 7));
    });

    it.each([
      ['conditions', 'name = ', 'conditions is invalid'],
      ['conditions', 'colour = "red"', 'colour is not a field of Company'],
      ['orderBy', 'name sideways', 'cannot order by'],
    ])('rejects a bad %s (%s) with 400 and a message', async (parameter, value, message) => {
      const result = await callApi<{ code: string; message: string }>(simulator, {
        path: `/company/companies?${parameter}=${encodeURIComponent(value)}`,
      });
      expect(result.status).toBe(400);
      expect(result.body.code).toBe('InvalidObject');
      expect(result.body.message).toContain(message);
    });
  });
});
