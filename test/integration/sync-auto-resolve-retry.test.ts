import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_STATUSES } from '../../cw-simulator/demo-seed.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import { callApi, callControl } from '../helpers/cw-simulator-client.js';
import { aPortalEvent } from '../helpers/portal-events.js';
import { type SyncEnvironment, startSyncEnvironment } from '../helpers/sync-environment.js';
import { anSqsEvent, aSyncRecord, storeEvent, takeDeferredCopies } from '../helpers/sync-events.js';

const partnerId = 'sync-auto-resolve-retry';
const acme = DEMO_CUSTOMERS[0];
let world: SyncEnvironment;

interface SimTicket {
  id: number;
  closedFlag: boolean;
  status: { id: number };
  externalXRef?: string;
}
interface SimNote {
  text: string;
  resolutionFlag?: boolean;
}

beforeAll(async () => {
  world = await startSyncEnvironment({ partnerId, autoResolveTickets: true });
});
afterEach(async () => {
  // A test that failed half-way must not leave ConnectWise down for the next one.
  await callControl(world.simulator, 'DELETE', '/__sim/faults');
});
afterAll(async () => {
  await world?.stop();
});

const aFailureOfAFreshAccount = (): PortalEvent => {
  const base = aPortalEvent({
    partnerId,
    customer: { id: String(acme?.portalCustomerId), name: 'Acme Dental Group' },
  });
  return { ...base, account: { ...base.account, id: `EFS${Date.now()}` } };
};

const ticketOf = async (accountId: string): Promise<SimTicket | undefined> => {
  const all = await callApi<SimTicket[]>(world.simulator, { path: '/service/tickets?pageSize=1000' });
  return all.body.find((ticket) => ticket.externalXRef?.includes(accountId));
};

const resolutionNotesOf = async (ticketId: number): Promise<SimNote[]> =>
  (await callApi<SimNote[]>(world.simulator, { path: `/service/tickets/${ticketId}/notes` })).body.filter(
    (note) => note.resolutionFlag === true,
  );

const failedIds = (response: SQSBatchResponse) => response.batchItemFailures.map((f) => f.itemIdentifier);

describe('sync handler: auto-resolve retried after the status change failed', () => {
  it('adds the resolution note once and closes the ticket on the retry', async () => {
    const failure = await storeEvent(world.eventStore, aFailureOfAFreshAccount());
    expect(failedIds(await world.invoke(anSqsEvent(aSyncRecord(failure))))).toEqual([]);
    const ticket = await ticketOf(failure.account.id);
    if (!ticket) throw new Error('the failure opened no ticket');
    const completed = await storeEvent(world.eventStore, {
      ...failure,
      eventId: `${failure.eventId}-completed`,
      occurredAt: new Date(Date.parse(failure.occurredAt) + 3_600_000).toISOString(),
      type: 'backup.completed',
      severity: 'info',
      message: 'Backup completed',
    });
    // More 503s than the client tries in one invocation: the PATCH fails after the note was added.
    const patchDown = { method: 'PATCH', path: `^/service/tickets/${ticket.id}$` };
    const faults = [{ kind: 'status', status: 503, count: 1000, match: patchDown }];
    expect((await callControl(world.simulator, 'POST', '/__sim/faults', { faults })).status).toBe(201);
    const record = aSyncRecord(completed);

    const beforeFirst = world.journalMark();
    const first = await world.invoke(anSqsEvent(record));
    await callControl(world.simulator, 'DELETE', '/__sim/faults');
    // A first attempt adds its note without looking for one; only the retry looks.
    const looks = (since: number) =>
      world.requestsSince(since).filter((entry) => entry.method === 'GET' && /\/notes$/.test(entry.path));
    expect(looks(beforeFirst)).toEqual([]);

    // Deferred: re-sent with a delay rather than failed, so it spends no receive.
    expect(failedIds(first)).toEqual([]);
    expect(await ticketOf(failure.account.id)).toMatchObject({ closedFlag: false });
    expect(await resolutionNotesOf(ticket.id)).toHaveLength(1);

    const [copy] = await takeDeferredCopies(world.queueUrl, completed.eventId);
    const beforeRetry = world.journalMark();
    const retry = await world.invoke(anSqsEvent(copy as SQSRecord));
    expect(looks(beforeRetry)).toHaveLength(1);

    expect(failedIds(retry)).toEqual([]);
    expect(await ticketOf(failure.account.id)).toMatchObject({
      closedFlag: true,
      status: { id: DEMO_STATUSES.backupAlertsResolved.id },
    });
    const notes = await resolutionNotesOf(ticket.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.text).toContain(`Portal event: ${completed.eventId} (backup.completed)`);
    const [latest] = (await world.eventLog.list(failure.account.id, { limit: 10 })).entries;
    expect(latest?.message).toBe(`ticket #${ticket.id} resolved`);
  }, 30_000);
});
