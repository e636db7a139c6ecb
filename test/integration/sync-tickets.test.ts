import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BOARDS, DEMO_CUSTOMERS, DEMO_STATUSES } from '../../cw-simulator/demo-seed.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import { callApi, callControl } from '../helpers/cw-simulator-client.js';
import { aPortalEvent } from '../helpers/portal-events.js';
import {
  aPartnerConfig,
  type SyncEnvironment,
  startSyncEnvironment,
  writesAmong,
} from '../helpers/sync-environment.js';
import { anSqsEvent, aSyncRecord, storeEvent } from '../helpers/sync-events.js';

const partnerId = 'sync-tickets';
const acme = DEMO_CUSTOMERS[0];
let world: SyncEnvironment;

interface SimTicket {
  id: number;
  summary: string;
  board: { id: number };
  company: { id: number };
  status: { id: number };
  closedFlag: boolean;
  externalXRef?: string;
}

beforeAll(async () => {
  world = await startSyncEnvironment({ partnerId });
});
afterAll(async () => {
  await world?.stop();
});

let accountSeq = 0;
/** A failure event of a fresh account of the Acme demo customer. */
const anAccountProblem = (overrides: Partial<PortalEvent> = {}): PortalEvent => {
  accountSeq += 1;
  const base = aPortalEvent({
    partnerId,
    customer: { id: String(acme?.portalCustomerId), name: 'Acme Dental Group' },
  });
  return { ...base, account: { ...base.account, id: `EFS${Date.now()}${accountSeq}` }, ...overrides };
};

/** The same problem again: a new event id and time, same partner, account and type. */
const again = (event: PortalEvent, minutes: number): PortalEvent => ({
  ...event,
  eventId: `${event.eventId}-again-${minutes}`,
  occurredAt: new Date(Date.parse(event.occurredAt) + minutes * 60_000).toISOString(),
  message: `still failing (${minutes})`,
});

const sync = async (event: PortalEvent) => {
  await storeEvent(world.eventStore, event);
  return world.invoke(anSqsEvent(aSyncRecord(event)));
};

const ticketsOfAccount = async (accountId: string): Promise<SimTicket[]> => {
  const all = await callApi<SimTicket[]>(world.simulator, { path: '/service/tickets?pageSize=1000' });
  return all.body.filter((ticket) => ticket.externalXRef?.includes(accountId));
};

const notesOf = async (ticketId: number) =>
  (
    await callApi<{ text: string; resolutionFlag?: boolean }[]>(world.simulator, {
      path: `/service/tickets/${ticketId}/notes`,
    })
  ).body;

const logOf = async (accountId: string) => (await world.eventLog.list(accountId, { limit: 100 })).entries;

describe('sync handler: tickets', () => {
  describe('given an error event matching the ticket rule', () => {
    it('opens one ticket on the board, company and NotResponded status, and logs it', async () => {
      const event = anAccountProblem();
      const response = await sync(event);

      expect(response.batchItemFailures).toEqual([]);
      const [ticket, ...others] = await ticketsOfAccount(event.account.id);
      expect(others).toEqual([]);
      expect(ticket).toMatchObject({
        board: { id: DEMO_BOARDS.backupAlerts.id },
        company: { id: acme?.companyId },
        status: { id: DEMO_STATUSES.backupAlertsNew.id },
        closedFlag: false,
        externalXRef: `cwb:${partnerId}:${event.account.id}:backup.failed`,
      });
      expect(ticket?.summary).toContain('Backup failed');
      const [entry] = await logOf(event.account.id);
      expect(entry).toMatchObject({
        level: 'success',
        message: `ticket #${ticket?.id} created`,
        details: { ruleIndex: 0, board: DEMO_BOARDS.backupAlerts.name, companyId: acme?.companyId },
      });
    });

    it('opens a new ticket at once when a technician closed the last one right after it was created', async () => {
      const failure = anAccountProblem();
      await sync(failure);
      const [first] = await ticketsOfAccount(failure.account.id);
      const closing = await callApi(world.simulator, {
        method: 'PATCH',
        path: `/service/tickets/${first?.id}`,
        body: [{ op: 'replace', path: 'status/id', value: DEMO_STATUSES.backupAlertsResolved.id }],
      });
      expect(closing.status).toBe(200);

      // The first create answered: its intent holds the new problem back for no settle time.
      expect((await sync(again(failure, 1))).batchItemFailures).toEqual([]);

      const tickets = await ticketsOfAccount(failure.account.id);
      expect(tickets.map((ticket) => ticket.closedFlag)).toEqual([true, false]);
      expect((await logOf(failure.account.id))[0]?.message).toBe(`ticket #${tickets[1]?.id} created`);
    });

    it('costs a new problem one lookup and one create once the company and board are known', async () => {
      await sync(anAccountProblem());
      const event = anAccountProblem();
      const mark = world.journalMark();

      await sync(event);

      const calls = world
        .requestsSince(mark)
        .filter((entry) => !entry.path.startsWith('/login/'))
        .map((entry) => `${entry.method} ${entry.path}`);
      expect(calls).toEqual(['GET /service/tickets', 'POST /service/tickets']);
    });

    it('adds a note per repeat instead of a second ticket: 5 repeats, one ticket, 5 notes', async () => {
      const first = anAccountProblem();
      await sync(first);
      for (const minutes of [5, 10, 15, 20, 25]) {
        expect((await sync(again(first, minutes))).batchItemFailures).toEqual([]);
      }

      const tickets = await ticketsOfAccount(first.account.id);
      expect(tickets).toHaveLength(1);
      const notes = (await notesOf(tickets[0]?.id ?? 0)).filter((note) =>
        note.text.includes('occurred again'),
      );
      expect(notes).toHaveLength(5);
      expect(notes.map((note) => note.text)).toContain(
        `Backup failed occurred again at ${again(first, 25).occurredAt}: still failing (25)`,
      );
      const log = await logOf(first.account.id);
      expect(log.filter((e) => e.message === `note added to ticket #${tickets[0]?.id}`)).toHaveLength(5);
    });

    it('still adds a note after a technician moved the ticket to another board', async () => {
      const first = anAccountProblem();
      await sync(first);
      const [ticket] = await ticketsOfAccount(first.account.id);
      await callApi(world.simulator, {
        method: 'PATCH',
        path: `/service/tickets/${ticket?.id}`,
        body: [{ op: 'replace', path: 'board', value: { id: DEMO_BOARDS.escalations.id } }],
      });

      await sync(again(first, 30));

      const tickets = await ticketsOfAccount(first.account.id);
      expect(tickets).toHaveLength(1);
      expect(tickets[0]?.board.id).toBe(DEMO_BOARDS.escalations.id);
      expect((await logOf(first.account.id))[0]?.message).toBe(`note added to ticket #${ticket?.id}`);
    });
  });

  describe('given an info event no ticket rule matches', () => {
    it('logs "no rule matched" and sends ConnectWise nothing', async () => {
      const event = anAccountProblem({
        type: 'backup.completed',
        severity: 'info',
        message: 'Backup completed',
      });
      const mark = world.journalMark();

      const response = await sync(event);

      expect(response.batchItemFailures).toEqual([]);
      expect(writesAmong(world.requestsSince(mark))).toEqual([]);
      expect((await logOf(event.account.id))[0]).toMatchObject({ level: 'info', message: 'no rule matched' });
    });
  });

  describe('given a site that redirects the ticket create to an internal address', () => {
    it('never fetches the internal URL, logs a configuration error and does not retry', async () => {
      const internalHits: string[] = [];
      const internal = createServer((req, res) => {
        internalHits.push(`${req.method} ${req.url}`);
        res.end('{}');
      });
      await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
      const { port } = internal.address() as AddressInfo;
      await callControl(world.simulator, 'POST', '/__sim/faults', {
        faults: [
          {
            kind: 'redirect',
            status: 307,
            location: `http://127.0.0.1:${port}/latest/meta-data/`,
            count: 5,
            match: { method: 'POST', path: '^/service/tickets$' },
          },
        ],
      });
      const event = anAccountProblem();

      try {
        const response = await sync(event);

        expect(response.batchItemFailures).toEqual([]);
        expect(internalHits).toEqual([]);
        const [entry] = await logOf(event.account.id);
        expect(entry).toMatchObject({ level: 'error', details: { error: 'ConnectWiseRedirectError' } });
        expect(entry?.message).toContain(`a redirect to 127.0.0.1:${port}`);
      } finally {
        await callControl(world.simulator, 'DELETE', '/__sim/faults');
        await new Promise((resolve) => internal.close(resolve));
      }
    });
  });

  describe('given a customer no ConnectWise company holds', () => {
    it('logs an error naming the Managed ID to add, without failing the record', async () => {
      const event = anAccountProblem({ customer: { id: '55555', name: 'Nobody Ltd' } });

      const response = await sync(event);

      expect(response.batchItemFailures).toEqual([]);
      const [entry] = await logOf(event.account.id);
      expect(entry?.level).toBe('error');
      expect(entry?.message).toMatch(/add Managed ID EFS-55555/);
      expect(await ticketsOfAccount(event.account.id)).toEqual([]);
    });

    it('does not rescan ConnectWise for the same customer within the hour', async () => {
      await sync(anAccountProblem({ customer: { id: '66666', name: 'Nobody Either' } }));
      const mark = world.journalMark();

      await sync(anAccountProblem({ customer: { id: '66666', name: 'Nobody Either' } }));

      const companyRequests = world.requestsSince(mark).filter((r) => r.path.startsWith('/company/'));
      expect(companyRequests).toEqual([]);
    });
  });

  describe('given a partner whose ticket board does not exist', () => {
    it('logs an error naming the board', async () => {
      const config = aPartnerConfig(partnerId, world.simulator);
      await world.partners.putConfig({
        ...config,
        settings: { ...config.settings, ticketBoard: 'No Such Board' },
      });
      const event = anAccountProblem();

      const response = await sync(event);
      await world.partners.putConfig(config);

      expect(response.batchItemFailures).toEqual([]);
      expect((await logOf(event.account.id))[0]).toMatchObject({
        level: 'error',
        message: expect.stringContaining('"No Such Board"'),
      });
    });
  });

  describe('given auto-resolve is on', () => {
    it('closes the open failure ticket with a resolution note when a backup completes', async () => {
      const config = aPartnerConfig(partnerId, world.simulator);
      await world.partners.putConfig({
        ...config,
        settings: { ...config.settings, autoResolveTickets: true },
      });
      const failure = anAccountProblem();
      await sync(failure);
      const [ticket] = await ticketsOfAccount(failure.account.id);

      const completed = {
        ...again(failure, 60),
        type: 'backup.completed' as const,
        severity: 'info' as const,
      };
      expect((await sync(completed)).batchItemFailures).toEqual([]);

      const [closed] = await ticketsOfAccount(failure.account.id);
      expect(closed).toMatchObject({
        closedFlag: true,
        status: { id: DEMO_STATUSES.backupAlertsResolved.id },
      });
      expect((await notesOf(ticket?.id ?? 0)).some((note) => note.resolutionFlag === true)).toBe(true);
      expect((await logOf(failure.account.id))[0]?.message).toBe(`ticket #${ticket?.id} resolved`);
      await world.partners.putConfig(config);
    });
  });
});
