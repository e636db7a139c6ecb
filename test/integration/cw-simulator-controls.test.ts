import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../cw-simulator/journal.js';
import { type RunningSimulator, startConnectWiseSimulator } from '../../cw-simulator/server.js';
import { apiHeaders, callApi, callControl } from '../helpers/cw-simulator-client.js';
import { requestConformanceErrors } from '../helpers/cw-simulator-conformance.js';
import { createTicket } from '../helpers/cw-simulator-tickets.js';

let simulator: RunningSimulator;
const logFile = join(mkdtempSync(join(tmpdir(), 'cw-sim-')), 'requests.jsonl');

const addFaults = async (...faults: unknown[]) => {
  const result = await callControl(simulator, 'POST', '/__sim/faults', { faults });
  expect(result.status).toBe(201);
};

const requests = async (since?: number): Promise<JournalEntry[]> =>
  (
    await callControl<{ requests: JournalEntry[] }>(
      simulator,
      'GET',
      `/__sim/requests${since === undefined ? '' : `?since=${since}`}`,
    )
  ).body.requests;

const ticketsNamed = async (summary: string): Promise<number> =>
  (
    await callApi<unknown[]>(simulator, {
      path: `/service/tickets?conditions=${encodeURIComponent(`summary = "${summary}"`)}`,
    })
  ).body.length;

beforeAll(async () => {
  simulator = await startConnectWiseSimulator({ conformanceLog: logFile });
});

afterAll(async () => {
  await simulator.stop();
});

beforeEach(async () => {
  await callControl(simulator, 'DELETE', '/__sim/faults');
  await callControl(simulator, 'DELETE', '/__sim/requests');
  await callControl(simulator, 'POST', '/__sim/state/reset');
});

describe('ConnectWise simulator controls', () => {
  describe('status faults', () => {
    it('answers 429 with Retry-After for the next matching request only', async () => {
      await addFaults({ kind: 'status', status: 429, retryAfterSeconds: 2, count: 1 });
      const throttled = await callApi<{ code: string }>(simulator, { path: '/system/info' });
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('2');
      expect(throttled.body.code).toBe('TooManyRequests');
      expect((await callApi(simulator, { path: '/system/info' })).status).toBe(200);
    });

    it('answers 503 twice for POSTs matching the path, leaving other requests alone', async () => {
      await addFaults({
        kind: 'status',
        status: 503,
        count: 2,
        match: { method: 'POST', path: '^/service/tickets$' },
      });
      expect((await callApi(simulator, { path: '/service/tickets' })).status).toBe(200);
      const body = { summary: 'retry me', company: { id: 1 } };
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        statuses.push((await callApi(simulator, { method: 'POST', path: '/service/tickets', body })).status);
      }
      expect(statuses).toEqual([503, 503, 201]);
      expect(await ticketsNamed('retry me')).toBe(1);
    });

    it('lists the faults still waiting, with their remaining counts', async () => {
      await addFaults({ kind: 'status', status: 500, count: 3 });
      await callApi(simulator, { path: '/system/info' });
      const listed = await callControl<{ faults: { count: number }[] }>(simulator, 'GET', '/__sim/faults');
      expect(listed.body.faults).toEqual([expect.objectContaining({ status: 500, count: 2 })]);
    });

    it('rejects a malformed fault', async () => {
      const result = await callControl(simulator, 'POST', '/__sim/faults', {
        faults: [{ kind: 'status', count: 1 }],
      });
      expect(result.status).toBe(400);
    });
  });

  describe('latency', () => {
    it('delays the response by the given milliseconds', async () => {
      await addFaults({ kind: 'latency', ms: 400, count: 1 });
      const started = Date.now();
      const result = await callApi(simulator, { path: '/system/info' });
      expect(result.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    });
  });

  describe('dropped connections', () => {
    it('drops the connection without performing the write', async () => {
      await addFaults({ kind: 'drop', count: 1, match: { method: 'POST' } });
      await expect(createTicket(simulator, { summary: 'dropped' })).rejects.toThrow();
      expect(await ticketsNamed('dropped')).toBe(0);
    });

    it('commits the write, then drops the connection before the response', async () => {
      await addFaults({ kind: 'commit-then-drop', count: 1, match: { method: 'POST' } });
      await expect(createTicket(simulator, { summary: 'committed' })).rejects.toThrow();
      expect(await ticketsNamed('committed')).toBe(1);
      const journal = await requests();
      expect(journal[0]).toMatchObject({ method: 'POST', status: 201, fault: 'commit-then-drop' });
    });
  });

  describe('the request journal', () => {
    it('records method, path after apis/3.0, query, body and status, never the Authorization header', async () => {
      await fetch(`${simulator.url}/login/companyinfo/demo`);
      await createTicket(simulator, { summary: 'journaled' });
      await callApi(simulator, { path: '/service/tickets?pageSize=5' });
      const journal = await requests();
      expect(journal.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
        'GET /login/companyinfo/demo 200',
        'POST /service/tickets 201',
        'GET /service/tickets 200',
      ]);
      expect(journal[1]?.body).toMatchObject({ summary: 'journaled' });
      expect(journal[2]?.query).toEqual({ pageSize: '5' });
      expect(JSON.stringify(journal)).not.toContain(
        apiHeaders(simulator.credentials).Authorization ?? 'unset',
      );
      expect(simulator.journal()).toHaveLength(3);
    });

    it('returns only entries after ?since and empties on DELETE', async () => {
      await callApi(simulator, { path: '/system/info' });
      await callApi(simulator, { path: '/system/info' });
      const [first] = await requests();
      expect(await requests(first?.seq)).toHaveLength(1);
      await callControl(simulator, 'DELETE', '/__sim/requests');
      expect(await requests()).toEqual([]);
    });

    it('writes every API request to the conformance log, and each conforms to the subset', async () => {
      await createTicket(simulator, { summary: 'logged' });
      const lines = readFileSync(logFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const last = lines.at(-1);
      expect(last).toMatchObject({ method: 'POST', path: '/service/tickets', body: { summary: 'logged' } });
      expect(lines.flatMap((line) => requestConformanceErrors(line))).toEqual([]);
    });
  });

  describe('state', () => {
    it('dumps collections, resets to the seed and empties', async () => {
      await createTicket(simulator, { summary: 'temporary' });
      const dump = await callControl<Record<string, unknown[]>>(simulator, 'GET', '/__sim/state');
      expect(dump.body.tickets).toHaveLength(1);
      expect(dump.body.companies?.length).toBeGreaterThan(10);
      await callControl(simulator, 'POST', '/__sim/state/reset');
      expect(await ticketsNamed('temporary')).toBe(0);
      await callControl(simulator, 'DELETE', '/__sim/state');
      const empty = await callApi<unknown[]>(simulator, { path: '/company/companies' });
      expect(empty.body).toEqual([]);
    });
  });
});
