import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BOARDS, DEMO_CUSTOMERS, DEMO_STATUSES } from '../../cw-simulator/demo-seed.js';
import type { LocalStack } from '../../local/local-stack.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import type { EventLogEntry } from '../../shared/ports/event-log.js';
import {
  getAdmin,
  pollUntil,
  postRawEvent,
  type SimRecord,
  simulatorRequests,
  simulatorState,
  startE2eLocalStack,
} from '../helpers/e2e-local-stack.js';
import { aPortalEvent } from '../helpers/portal-events.js';

const acme = DEMO_CUSTOMERS.find((customer) => customer.portalCustomerId === 19652);
let stack: LocalStack;

beforeAll(async () => {
  stack = await startE2eLocalStack({ syncDelaySeconds: 0 });
});

afterAll(async () => {
  await stack?.stop();
});

// One account for the whole file: the tests walk one problem from first report to recovery.
const accountId = `EFS${Date.now()}`;
const failure = aPortalEvent({
  customer: { id: '19652', name: 'Acme Dental Group' },
  account: { ...aPortalEvent().account, id: accountId },
});
/** The same problem again: new eventId and time, same partner, account and type. */
const again = (minutes: number): PortalEvent => ({
  ...failure,
  eventId: `${failure.eventId}-again-${minutes}`,
  occurredAt: new Date(Date.parse(failure.occurredAt) + minutes * 60_000).toISOString(),
  message: `still failing (${minutes})`,
});
const repeats = [again(5), again(10)];
const completed: PortalEvent = {
  ...again(60),
  eventId: `${failure.eventId}-completed`,
  type: 'backup.completed',
  severity: 'info',
  message: 'Backup completed',
};

const send = async (event: PortalEvent) => {
  const response = await postRawEvent(stack.apiUrl, JSON.stringify(event), {
    secret: stack.settings.demoWebhookSecret,
  });
  expect(response, `POST /v1/events for ${event.eventId}`).toMatchObject({
    status: 202,
    body: { status: 'queued' },
  });
};

const ticketsOfAccount = async (): Promise<SimRecord[]> =>
  ((await simulatorState(stack.simulatorUrl)).tickets ?? []).filter((ticket) =>
    String(ticket.externalXRef ?? '').includes(accountId),
  );

const repeatNotesOf = async (ticketId: number): Promise<SimRecord[]> =>
  ((await simulatorState(stack.simulatorUrl)).notes ?? []).filter(
    (note) => note.ticketId === ticketId && String(note.text).includes('occurred again'),
  );

const eventLog = async (): Promise<EventLogEntry[]> => {
  const response = await getAdmin<{ entries: EventLogEntry[] }>(
    stack.apiUrl,
    `/v1/admin/accounts/${accountId}/events`,
    stack.settings.adminToken,
  );
  expect(response.status, 'GET event log').toBe(200);
  return response.body.entries;
};

/** The demo partner syncs data on every event: its lines say `details.job: 'data-sync'`. */
const isDataSyncLine = (entry: EventLogEntry) => entry.details?.job === 'data-sync';
const ticketLinesOf = (entries: EventLogEntry[]) => entries.filter((entry) => !isDataSyncLine(entry));

/** Both jobs of every event have written their line. */
const logHas = (eventIds: readonly string[]) => (entries: EventLogEntry[]) =>
  eventIds.every(
    (eventId) =>
      entries.some((entry) => entry.eventId === eventId && !isDataSyncLine(entry)) &&
      entries.some((entry) => entry.eventId === eventId && isDataSyncLine(entry)),
  );

const ticketCreates = (since = 0) =>
  simulatorRequests(stack.simulatorUrl, since).then((requests) =>
    requests.filter((request) => request.method === 'POST' && request.path === '/service/tickets'),
  );

let ticketId = 0;

describe('a backup failure posted to the local stack over HTTP', () => {
  it('opens one ticket on Backup Alerts, for the customer’s company, in the board’s NotResponded status', async () => {
    await send(failure);

    const [ticket, ...others] = await pollUntil(
      'a ticket for the account',
      ticketsOfAccount,
      (t) => t.length > 0,
    );

    expect(others).toEqual([]);
    expect(ticket).toMatchObject({
      board: { id: DEMO_BOARDS.backupAlerts.id, name: 'Backup Alerts' },
      company: { id: acme?.companyId, identifier: acme?.identifier },
      status: { id: DEMO_STATUSES.backupAlertsNew.id, name: 'New' },
      closedFlag: false,
    });
    expect(ticket?.externalXRef).toEqual(expect.stringContaining(accountId));
    expect(String(ticket?.externalXRef).length).toBeLessThanOrEqual(100);
    ticketId = ticket?.id ?? 0;
  });

  it('notes the same problem twice more on that ticket instead of opening another', async () => {
    expect(ticketId, 'the first test opened a ticket').toBeGreaterThan(0);
    const journalMark = (await simulatorRequests(stack.simulatorUrl)).at(-1)?.seq ?? 0;

    await Promise.all(repeats.map(send));

    const notes = await pollUntil(
      'two repeat notes',
      () => repeatNotesOf(ticketId),
      (n) => n.length >= 2,
    );
    await pollUntil('both repeats logged', eventLog, logHas(repeats.map((event) => event.eventId)));
    expect(notes.map((note) => note.text).sort()).toEqual(
      repeats.map((event) => `Backup failed occurred again at ${event.occurredAt}: ${event.message}`).sort(),
    );
    expect((await ticketsOfAccount()).map((ticket) => ticket.id)).toEqual([ticketId]);
    // The journal shows the repeats never even tried to create a ticket.
    expect(await ticketCreates(journalMark)).toEqual([]);
    expect(await ticketCreates()).toHaveLength(1);
  });

  it('logs a completed backup (no rule matches info) and opens no ticket', async () => {
    const journalMark = (await simulatorRequests(stack.simulatorUrl)).at(-1)?.seq ?? 0;

    await send(completed);

    const entries = await pollUntil('the completed backup logged', eventLog, logHas([completed.eventId]));
    expect(ticketLinesOf(entries).find((entry) => entry.eventId === completed.eventId)).toMatchObject({
      level: 'info',
      message: 'no rule matched',
      details: { type: 'backup.completed', severity: 'info' },
    });
    expect(await ticketCreates(journalMark)).toEqual([]);
    expect((await ticketsOfAccount()).map((ticket) => ticket.id)).toEqual([ticketId]);
  });

  it('lists the account’s history over the admin API, newest first', async () => {
    const all = await eventLog();
    const entries = ticketLinesOf(all);

    expect(entries.map((entry) => entry.message)).toEqual([
      'no rule matched',
      `note added to ticket #${ticketId}`,
      `note added to ticket #${ticketId}`,
      `ticket #${ticketId} created`,
    ]);
    expect(entries[0]?.eventId).toBe(completed.eventId);
    expect(
      entries
        .slice(1, 3)
        .map((entry) => entry.eventId)
        .sort(),
    ).toEqual(repeats.map((event) => event.eventId).sort());
    expect(entries[3]).toMatchObject({ eventId: failure.eventId, level: 'success', partnerId: 'demo' });
    const times = all.map((entry) => entry.at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('synced the customer’s data once and skipped it for the rest', async () => {
    const dataSync = (await eventLog()).filter(isDataSyncLine);

    // Five consumers take the events at once: whichever claims the window first syncs.
    const messages = [failure, ...repeats, completed].map(
      (event) => dataSync.find((entry) => entry.eventId === event.eventId)?.message,
    );
    expect(messages.filter((message) => /^ConnectWise synchronized: /.test(message ?? ''))).toHaveLength(1);
    expect(
      messages.filter(
        (message) => message === 'Skipping ConnectWise synchronization (only updating every 12 hours)',
      ),
    ).toHaveLength(messages.length - 1);
  });
});
