import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startConnectWiseSimulator } from '../../cw-simulator/server.js';
import { clearCodebaseCache } from '../../shared/connectwise/codebase-discovery.js';
import {
  type Company,
  ConnectWiseAmbiguousWriteError,
  ConnectWiseAuthError,
  type ConnectWiseClientOptions,
  ConnectWiseValidationError,
  cond,
  createConnectWiseClient,
} from '../../shared/connectwise/index.js';

interface JournalEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

let sim: RunningSimulator;

const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`simulator control ${method} ${path} answered ${response.status}`);
  return response.status === 204 ? undefined : response.json();
};

/** ConnectWise requests the simulator saw since the journal was last cleared. */
const journal = async (): Promise<JournalEntry[]> =>
  ((await control('GET', '/__sim/requests')) as { requests: JournalEntry[] }).requests;

const clientFor = (options: ConnectWiseClientOptions = {}) =>
  createConnectWiseClient(
    { ...sim.credentials, siteUrl: sim.url },
    { allowPrivateSiteUrl: true, ...options },
  );

/** Creates companies through the client, a few at a time. */
const createCompanies = async (companies: { identifier: string; name: string }[]): Promise<void> => {
  const client = clientFor();
  for (let start = 0; start < companies.length; start += 50) {
    await Promise.all(
      companies.slice(start, start + 50).map((company) => client.post('/company/companies', company)),
    );
  }
};

beforeAll(async () => {
  sim = await startConnectWiseSimulator({ port: 0, seed: 'demo' });
});

afterAll(async () => {
  await sim.stop();
});

beforeEach(async () => {
  await control('DELETE', '/__sim/faults');
  await control('DELETE', '/__sim/requests');
});

describe('ConnectWise client against the simulator', () => {
  describe('codebase discovery', () => {
    it('asks companyinfo once for two requests, then uses the discovered codebase', async () => {
      clearCodebaseCache();
      const client = clientFor();
      await client.get('/system/info');
      await client.get('/system/info');
      const entries = await journal();
      expect(entries.filter((e) => e.path.startsWith('/login/companyinfo/'))).toHaveLength(1);
      expect(entries.filter((e) => e.path === '/system/info').map((e) => e.status)).toEqual([200, 200]);
    });
  });

  describe('paging', () => {
    it('reads 2,500 records in exactly 3 requests of 1,000', async () => {
      const companies = Array.from({ length: 2500 }, (_, i) => ({
        identifier: `Paging${String(i).padStart(4, '0')}`,
        name: `Paging customer ${i}`,
      }));
      await createCompanies(companies);
      await control('DELETE', '/__sim/requests');

      const records = await clientFor().list<Company>('/company/companies', {
        conditions: cond.like('identifier', 'Paging%').toString(),
      });

      expect(records).toHaveLength(2500);
      expect(new Set(records.map((r) => r.identifier)).size).toBe(2500);
      const lists = (await journal()).filter((e) => e.method === 'GET' && e.path === '/company/companies');
      expect(lists.map((e) => [e.query.page, e.query.pageSize])).toEqual([
        ['1', '1000'],
        ['2', '1000'],
        ['3', '1000'],
      ]);

      // The same walk in forward-only mode: each next link continues after the last id seen.
      await control('DELETE', '/__sim/requests');
      const forward = await clientFor({ forwardOnlyPaging: true }).list<Company>('/company/companies', {
        conditions: cond.like('identifier', 'Paging%').toString(),
      });
      expect(forward.map((r) => r.id)).toEqual(records.map((r) => r.id));
      const forwardLists = (await journal()).filter((e) => e.path === '/company/companies');
      expect(forwardLists.map((e) => e.query.pageId === undefined)).toEqual([true, false, false]);
    }, 120_000);
  });

  describe('conditions', () => {
    it(`finds exactly the company named O'Brien "IT" & Sons, not its look-alikes`, async () => {
      // The demo seed holds `OBrienIT` with this name; the look-alikes must not match.
      const target = `O'Brien "IT" & Sons`;
      await createCompanies([
        { identifier: 'OBrienPlain', name: `O'Brien IT & Sons` },
        { identifier: 'OBrienSingle', name: `O'Brien 'IT' & Sons` },
        { identifier: 'OBrienSlashed', name: String.raw`O'Brien \"IT\" & Sons` },
      ]);

      const found = await clientFor().list<Company>('/company/companies', {
        conditions: cond.eq('name', target).toString(),
      });

      expect(found.map((c) => [c.identifier, c.name])).toEqual([['OBrienIT', target]]);
      const slashed = await clientFor().list<Company>('/company/companies', {
        conditions: cond.eq('name', String.raw`O'Brien \"IT\" & Sons`).toString(),
      });
      expect(slashed.map((c) => c.identifier)).toEqual(['OBrienSlashed']);
    });

    it('treats a name that tries to widen the filter as one literal and finds nothing', async () => {
      const found = await clientFor().list<Company>('/company/companies', {
        conditions: cond.eq('name', '" or id>0 or name="').toString(),
      });
      expect(found).toEqual([]);
    });
  });

  describe('faults', () => {
    it('waits out a 429 with Retry-After: 2 and then succeeds', async () => {
      await control('POST', '/__sim/faults', {
        faults: [
          { kind: 'status', status: 429, retryAfterSeconds: 2, count: 1, match: { path: '^/system/info$' } },
        ],
      });
      const started = Date.now();
      await expect(clientFor().get('/system/info')).resolves.toMatchObject({ version: expect.any(String) });
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      const calls = (await journal()).filter((e) => e.path === '/system/info');
      expect(calls.map((e) => e.status)).toEqual([429, 200]);
    });

    it('retries a 503 and succeeds', async () => {
      await control('POST', '/__sim/faults', {
        faults: [{ kind: 'status', status: 503, count: 2, match: { path: '^/system/info$' } }],
      });
      await expect(clientFor().get('/system/info')).resolves.toBeDefined();
      expect((await journal()).filter((e) => e.path === '/system/info').map((e) => e.status)).toEqual([
        503, 503, 200,
      ]);
    });

    it('sends a rejected create once and reports the missing fields', async () => {
      // The body is invalid on purpose: a tenant of its own keeps it out of the run-wide conformance log.
      const rejecting = await startConnectWiseSimulator({ port: 0, seed: 'empty', conformanceLog: null });
      try {
        const error = await createConnectWiseClient(
          { ...rejecting.credentials, siteUrl: rejecting.url },
          { allowPrivateSiteUrl: true },
        )
          .post('/company/companies', { name: 'No identifier' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConnectWiseValidationError);
        expect((error as ConnectWiseValidationError).fieldErrors.map((f) => f.field)).toContain('identifier');
        expect(rejecting.journal().filter((e) => e.method === 'POST')).toHaveLength(1);
      } finally {
        await rejecting.stop();
      }
    });

    it('reports a create whose response was lost as ambiguous, without creating it twice', async () => {
      await control('POST', '/__sim/faults', {
        faults: [
          { kind: 'commit-then-drop', count: 1, match: { method: 'POST', path: '^/company/companies$' } },
        ],
      });
      const error = await clientFor()
        .post('/company/companies', { identifier: 'LostReply', name: 'Lost reply' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectWiseAmbiguousWriteError);
      expect(error).toMatchObject({ retryable: true });
      const created = await clientFor().list<Company>('/company/companies', {
        conditions: cond.eq('identifier', 'LostReply').toString(),
      });
      expect(created).toHaveLength(1);
      expect((await journal()).filter((e) => e.method === 'POST')).toHaveLength(1);
    });

    it('refuses wrong keys with a permanent auth error that does not leak them', async () => {
      const client = createConnectWiseClient(
        { ...sim.credentials, privateKey: 'wrongPrivateKey', siteUrl: sim.url },
        { allowPrivateSiteUrl: true },
      );
      const error = await client.get('/system/info').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectWiseAuthError);
      expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain('wrongPrivateKey');
      expect((await journal()).filter((e) => e.path === '/system/info')).toHaveLength(1);
    });
  });

  describe('updates', () => {
    it('patches a field with [{op, path, value}]', async () => {
      await createCompanies([{ identifier: 'PatchMe', name: 'Before' }]);
      const client = clientFor();
      const [company] = await client.list<Company>('/company/companies', {
        conditions: cond.eq('identifier', 'PatchMe').toString(),
      });
      await client.patch(`/company/companies/${company?.id}`, [
        { op: 'replace', path: 'name', value: 'After' },
      ]);
      await expect(client.get<Company>(`/company/companies/${company?.id}`)).resolves.toMatchObject({
        name: 'After',
      });
    });
  });
});
