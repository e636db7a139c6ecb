import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_BOARDS, DEMO_CUSTOMERS, DEMO_STATUSES } from '../../cw-simulator/demo-seed.js';
import { type RunningSimulator, startConnectWiseSimulator } from '../../cw-simulator/server.js';
import { callApi } from '../helpers/cw-simulator-client.js';
import { createTicket, type SimTicket } from '../helpers/cw-simulator-tickets.js';

interface ErrorBody {
  code: string;
  message: string;
  errors?: { code: string; field: string; message: string }[];
}

let simulator: RunningSimulator;

beforeAll(async () => {
  // Some requests here break the subset on purpose; they stay out of the run's conformance log.
  simulator = await startConnectWiseSimulator({ conformanceLog: null });
});

afterAll(async () => {
  await simulator.stop();
});

beforeEach(() => {
  simulator.reset();
});

const patchTicket = (id: number, operations: unknown[], violatesSubset = false) =>
  callApi<SimTicket & ErrorBody>(simulator, {
    method: 'PATCH',
    path: `/service/tickets/${id}`,
    body: operations,
    violatesSubset,
  });

describe('ConnectWise simulator tickets', () => {
  describe('creating a ticket with only summary and company', () => {
    it('defaults board and NotResponded status and expands references like ConnectWise', async () => {
      const ticket = await createTicket(simulator, { id: 999, _info: { lastUpdated: 'x' } });
      expect(ticket.id).not.toBe(999);
      expect(ticket.board).toMatchObject({ id: DEMO_BOARDS.backupAlerts.id, name: 'Backup Alerts' });
      expect(ticket.status).toMatchObject({ id: DEMO_STATUSES.backupAlertsNew.id, name: 'New' });
      expect(ticket.company).toMatchObject({ id: 1, identifier: DEMO_CUSTOMERS[0]?.identifier });
      expect(ticket.company).toHaveProperty('_info.company_href');
      expect(ticket.closedFlag).toBe(false);
      expect(ticket._info?.dateEntered).toBeDefined();
    });

    it('turns initialDescription into the first note instead of returning it', async () => {
      const ticket = await createTicket(simulator, { initialDescription: 'Job failed 3 times' });
      expect(ticket).not.toHaveProperty('initialDescription');
      const notes = await callApi<{ text: string; detailDescriptionFlag: boolean }[]>(simulator, {
        path: `/service/tickets/${ticket.id}/notes`,
      });
      expect(notes.body).toMatchObject([{ text: 'Job failed 3 times', detailDescriptionFlag: true }]);
    });

    it('accepts a company by identifier', async () => {
      const ticket = await createTicket(simulator, { company: { identifier: 'RiversideLaw' } });
      expect(ticket.company.id).toBe(DEMO_CUSTOMERS[2]?.companyId);
    });

    it('derives closedFlag from a closing status', async () => {
      const ticket = await createTicket(simulator, { status: { id: DEMO_STATUSES.backupAlertsResolved.id } });
      expect(ticket.closedFlag).toBe(true);
      expect(ticket.closedDate).toBeDefined();
    });
  });

  describe('rejecting an invalid ticket body', () => {
    const rejected = async (body: Record<string, unknown>): Promise<ErrorBody> => {
      const result = await callApi<ErrorBody>(simulator, {
        method: 'POST',
        path: '/service/tickets',
        body,
        violatesSubset: true,
      });
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({ code: 'InvalidObject', message: 'Ticket object is invalid' });
      return result.body;
    };

    it('names summary when it is longer than 100 characters', async () => {
      const body = await rejected({ summary: 'x'.repeat(101), company: { id: 1 } });
      expect(body.errors).toEqual([
        expect.objectContaining({ field: 'summary', message: expect.stringContaining('100') }),
      ]);
    });

    it('names company when it is missing', async () => {
      const body = await rejected({ summary: 'no company' });
      expect(body.errors).toEqual([expect.objectContaining({ field: 'company', code: 'NullOrEmpty' })]);
    });

    it('names an unknown field', async () => {
      const body = await rejected({ summary: 's', company: { id: 1 }, colour: 'red' });
      expect(body.errors?.map((error) => error.field)).toEqual(['colour']);
    });

    it('names a value outside an enum', async () => {
      const body = await rejected({ summary: 's', company: { id: 1 }, severity: 'Catastrophic' });
      expect(body.errors?.[0]?.field).toBe('severity');
    });

    it('rejects a reference to a company that does not exist', async () => {
      const result = await callApi<ErrorBody>(simulator, {
        method: 'POST',
        path: '/service/tickets',
        body: { summary: 's', company: { id: 99_999 } },
      });
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0]?.field).toBe('company');
    });
  });

  describe('PATCH', () => {
    it('replaces, adds and removes fields and returns the updated ticket', async () => {
      const ticket = await createTicket(simulator, { externalXRef: 'evt-1' });
      const replaced = await patchTicket(ticket.id, [{ op: 'replace', path: 'summary', value: 'Now fixed' }]);
      expect(replaced.body.summary).toBe('Now fixed');
      const added = await patchTicket(ticket.id, [{ op: 'add', path: '/poNumber', value: 'PO-7' }]);
      expect(added.body).toMatchObject({ poNumber: 'PO-7', summary: 'Now fixed' });
      const removed = await patchTicket(ticket.id, [{ op: 'remove', path: 'externalXRef' }]);
      expect(removed.body).not.toHaveProperty('externalXRef');
    });

    it('moves a ticket to another board with its NotResponded status and keeps it findable by externalXRef', async () => {
      const ticket = await createTicket(simulator, { externalXRef: 'EFS-19652:job-42' });
      const moved = await patchTicket(ticket.id, [
        { op: 'replace', path: 'board/id', value: DEMO_BOARDS.escalations.id },
      ]);
      expect(moved.status).toBe(200);
      expect(moved.body.board).toMatchObject({ id: DEMO_BOARDS.escalations.id, name: 'Escalations' });
      expect(moved.body.status.id).toBe(DEMO_STATUSES.escalationsNew.id);
      const found = await callApi<SimTicket[]>(simulator, {
        path: `/service/tickets?conditions=${encodeURIComponent('externalXRef = "EFS-19652:job-42"')}`,
      });
      expect(found.body.map((t) => t.board.name)).toEqual(['Escalations']);
    });

    it('accepts a whole reference as the value of a board replace', async () => {
      const ticket = await createTicket(simulator);
      const moved = await patchTicket(ticket.id, [
        { op: 'replace', path: 'board', value: { id: DEMO_BOARDS.escalations.id } },
      ]);
      expect(moved.body.board.name).toBe('Escalations');
    });

    it('closes a ticket when its status becomes a closing status', async () => {
      const ticket = await createTicket(simulator);
      const closed = await patchTicket(ticket.id, [
        { op: 'replace', path: 'status/id', value: DEMO_STATUSES.backupAlertsResolved.id },
      ]);
      expect(closed.body.closedFlag).toBe(true);
    });

    it('makes a child ticket that stays findable and marks the parent', async () => {
      const parent = await createTicket(simulator, { summary: 'parent' });
      const child = await createTicket(simulator, { externalXRef: 'child-xref' });
      await patchTicket(child.id, [{ op: 'replace', path: 'parentTicketId', value: parent.id }]);
      const found = await callApi<SimTicket[]>(simulator, {
        path: `/service/tickets?conditions=${encodeURIComponent(`externalXRef = "child-xref" and parentTicketId = ${parent.id}`)}`,
      });
      expect(found.body.map((t) => t.id)).toEqual([child.id]);
      const reread = await callApi<SimTicket>(simulator, { path: `/service/tickets/${parent.id}` });
      expect(reread.body.hasChildTicket).toBe(true);
    });

    it.each([
      [[{ op: 'move', path: 'summary', value: 'x' }], 'op must be one of'],
      [[{ op: 'replace', path: 'noSuchField', value: 'x' }], 'noSuchField'],
      [[{ op: 'replace', path: 'summary' }], 'value is required'],
      [{ op: 'replace', path: 'summary', value: 'x' }, 'non-empty array'],
    ])('rejects %j with 400', async (body, message) => {
      const ticket = await createTicket(simulator);
      const result = await callApi<ErrorBody>(simulator, {
        method: 'PATCH',
        path: `/service/tickets/${ticket.id}`,
        body,
        violatesSubset: !Array.isArray(body),
      });
      expect(result.status).toBe(400);
      expect(JSON.stringify(result.body.errors)).toContain(message);
    });

    it('re-validates the patched ticket', async () => {
      const ticket = await createTicket(simulator);
      const result = await patchTicket(ticket.id, [
        { op: 'replace', path: 'summary', value: 'y'.repeat(101) },
      ]);
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0]?.field).toBe('summary');
    });

    it('rejects a status that belongs to another board', async () => {
      const ticket = await createTicket(simulator);
      const result = await patchTicket(ticket.id, [
        { op: 'replace', path: 'status/id', value: DEMO_STATUSES.escalationsNew.id },
      ]);
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0]?.field).toBe('status');
    });
  });

  describe('PUT, GET and DELETE by id', () => {
    it('replaces the whole ticket with PUT, then deletes it', async () => {
      const ticket = await createTicket(simulator, { poNumber: 'PO-1' });
      const put = await callApi<SimTicket>(simulator, {
        method: 'PUT',
        path: `/service/tickets/${ticket.id}`,
        body: { summary: 'Replaced', company: { id: 2 } },
      });
      expect(put.body).toMatchObject({ id: ticket.id, summary: 'Replaced', company: { id: 2 } });
      expect(put.body).not.toHaveProperty('poNumber');
      const deleted = await callApi(simulator, { method: 'DELETE', path: `/service/tickets/${ticket.id}` });
      expect(deleted.status).toBe(204);
      const gone = await callApi(simulator, { path: `/service/tickets/${ticket.id}` });
      expect(gone.status).toBe(404);
    });
  });

  describe('search', () => {
    it('filters and orders through POST /service/tickets/search', async () => {
      await createTicket(simulator, { summary: 'b', externalXRef: 'keep' });
      await createTicket(simulator, { summary: 'a', externalXRef: 'keep' });
      await createTicket(simulator, { summary: 'c', externalXRef: 'drop' });
      const result = await callApi<{ summary: string }[]>(simulator, {
        method: 'POST',
        path: '/service/tickets/search',
        body: { conditions: 'externalXRef = "keep" and closedFlag = false', orderBy: 'summary asc' },
      });
      expect(result.status).toBe(201);
      expect(result.body.map((ticket) => ticket.summary)).toEqual(['a', 'b']);
    });
  });
});
