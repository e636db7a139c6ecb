import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS } from '../../cw-simulator/demo-seed.js';
import type { Fault } from '../../cw-simulator/faults.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import { callApi, callControl } from '../helpers/cw-simulator-client.js';
import { aPortalEvent } from '../helpers/portal-events.js';
import { type SyncEnvironment, startSyncEnvironment } from '../helpers/sync-environment.js';
import {
  anSqsEvent,
  aSyncRecord,
  receiveSyncRecords,
  sendSyncMessage,
  storeEvent,
  takeDeferredCopies,
  takeQueuedCopies,
} from '../helpers/sync-events.js';

const partnerId = 'sync-reliability';
const acme = DEMO_CUSTOMERS[0];
let world: SyncEnvironment;

beforeAll(async () => {
  world = await startSyncEnvironment({
    partnerId,
    visibilityTimeoutSeconds: 30,
    // Room for 20 records of one problem at once: these tests are about the ticket lock, not the pace.
    configure: (config) => ({
      ...config,
      settings: { ...config.settings, connectWiseRequestsPerSecond: 50 },
    }),
  });
});
afterEach(async () => {
  // A test that failed half-way must not leave its faults to the next one.
  await callControl(world.simulator, 'DELETE', '/__sim/faults');
});
afterAll(async () => {
  await world?.stop();
});

let accountSeq = 0;
const anAccountProblem = (): PortalEvent => {
  accountSeq += 1;
  const base = aPortalEvent({
    partnerId,
    customer: { id: String(acme?.portalCustomerId), name: 'Acme Dental Group' },
  });
  return { ...base, account: { ...base.account, id: `EFS${Date.now()}${accountSeq}` } };
};

const sameProblem = (event: PortalEvent, n: number): PortalEvent => ({
  ...event,
  eventId: `${event.eventId}-${n}`,
  message: `failure ${n}`,
});

const ticketsOf = async (accountId: string) => {
  const all = await callApi<{ id: number; externalXRef?: string }[]>(world.simulator, {
    path: '/service/tickets?pageSize=1000',
  });
  return all.body.filter((ticket) => ticket.externalXRef?.includes(accountId));
};

const notesOf = async (ticketId: number) =>
  (await callApi<{ text: string }[]>(world.simulator, { path: `/service/tickets/${ticketId}/notes` })).body;

const logOf = async (accountId: string) => (await world.eventLog.list(accountId, { limit: 100 })).entries;

const injectFaults = async (faults: Fault[]) => {
  expect((await callControl(world.simulator, 'POST', '/__sim/faults', { faults })).status).toBeLessThan(300);
};

const failedIds = (response: SQSBatchResponse) => response.batchItemFailures.map((f) => f.itemIdentifier);

/**
 * Invokes the handler once per record, all at once, and redelivers failed records — and the
 * copies it deferred to the queue (the partner's places were taken) — until none are left.
 */
const deliverUntilDone = async (records: SQSRecord[], maxRounds = 40): Promise<number> => {
  const eventIds = records.map((record) => (JSON.parse(record.body) as { eventId: string }).eventId);
  let pending = records;
  let rounds = 0;
  while (pending.length > 0 && rounds < maxRounds) {
    rounds += 1;
    const responses = await Promise.all(pending.map((record) => world.invoke(anSqsEvent(record))));
    const failed = new Set(responses.flatMap(failedIds));
    pending = pending
      .filter((record) => failed.has(record.messageId))
      .map((record) => ({
        ...record,
        attributes: { ...record.attributes, ApproximateReceiveCount: String(rounds + 1) },
      }));
    pending.push(...(await takeQueuedCopies(world.queueUrl, eventIds, 1)));
    // A record waiting on another's ticket lock is deferred: its copy may still be delayed.
    if (pending.length === 0) pending.push(...(await takeQueuedCopies(world.queueUrl, eventIds, 10)));
  }
  expect(pending).toEqual([]);
  return rounds;
};

describe('sync handler: reliability', () => {
  describe('given the same SQS message delivered three times', () => {
    it('opens one ticket and acts only on the first delivery', async () => {
      const event = await storeEvent(world.eventStore, anAccountProblem());
      await sendSyncMessage(world.queueUrl, event);
      const [record] = await receiveSyncRecords(world.queueUrl);
      if (!record) throw new Error('no message received');

      const responses = [await world.invoke(anSqsEvent(record))];
      const afterFirst = world.journalMark();
      for (let delivery = 1; delivery < 3; delivery += 1)
        responses.push(await world.invoke(anSqsEvent(record)));

      expect(world.requestsSince(afterFirst)).toEqual([]);
      expect(responses.map(failedIds)).toEqual([[], [], []]);
      expect(await ticketsOf(event.account.id)).toHaveLength(1);
      const log = await logOf(event.account.id);
      expect(log.map((entry) => entry.message)).toEqual([expect.stringMatching(/^ticket #\d+ created$/)]);
    });

    it('opens one ticket when the three deliveries run at the same time', async () => {
      const event = await storeEvent(world.eventStore, anAccountProblem());
      const record = aSyncRecord(event);

      await deliverUntilDone([record, { ...record }, { ...record }]);

      const [ticket, ...others] = await ticketsOf(event.account.id);
      expect(others).toEqual([]);
      expect((await notesOf(ticket?.id ?? 0)).filter((n) => n.text.includes('occurred again'))).toEqual([]);
    });
  });

  describe('given 20 concurrent events of the same problem', () => {
    it('opens one ticket and notes the other 19 occurrences', async () => {
      const first = anAccountProblem();
      const events = Array.from({ length: 20 }, (_, n) => sameProblem(first, n));
      await Promise.all(events.map((event) => storeEvent(world.eventStore, event)));

      await deliverUntilDone(events.map((event) => aSyncRecord(event)));

      const [ticket, ...others] = await ticketsOf(first.account.id);
      expect(others).toEqual([]);
      const notes = (await notesOf(ticket?.id ?? 0)).filter((n) => n.text.includes('occurred again'));
      expect(notes).toHaveLength(19);
    }, 60_000);
  });

  describe('given ConnectWise commits the create but the response is lost', () => {
    it('fails the record, and the retry finds the committed ticket instead of opening another', async () => {
      const event = await storeEvent(world.eventStore, anAccountProblem());
      await injectFaults([
        { kind: 'commit-then-drop', count: 1, match: { method: 'POST', path: '^/service/tickets$' } },
      ]);
      const record = aSyncRecord(event);

      const first = await world.invoke(anSqsEvent(record));
      expect(failedIds(first)).toEqual([]);
      expect(await ticketsOf(event.account.id)).toHaveLength(1);

      const [copy] = await takeDeferredCopies(world.queueUrl, event.eventId);
      const retry = await world.invoke(anSqsEvent(copy as SQSRecord));

      expect(failedIds(retry)).toEqual([]);
      const [ticket, ...others] = await ticketsOf(event.account.id);
      expect(others).toEqual([]);
      expect(await notesOf(ticket?.id ?? 0)).not.toContainEqual(
        expect.objectContaining({ text: expect.stringContaining('occurred again') }),
      );
      expect((await logOf(event.account.id))[0]?.message).toBe(`ticket #${ticket?.id} created`);
    });

    it('waits for a create that timed out to commit instead of opening a second ticket', async () => {
      const event = await storeEvent(world.eventStore, anAccountProblem());
      // The client gives up after 10 s; ConnectWise still creates the ticket at 15 s.
      await injectFaults([
        { kind: 'latency', ms: 15_000, count: 1, match: { method: 'POST', path: '^/service/tickets$' } },
      ]);
      const mark = world.journalMark();
      expect(failedIds(await world.invoke(anSqsEvent(aSyncRecord(event))))).toEqual([]);

      // Retries come before the create commits, and keep coming until it has.
      let retries = 0;
      let ticketsBeforeFirstRetry: number | undefined;
      while (retries < 30) {
        const [copy] = await takeDeferredCopies(world.queueUrl, event.eventId);
        if (!copy) break;
        ticketsBeforeFirstRetry ??= (await ticketsOf(event.account.id)).length;
        expect(failedIds(await world.invoke(anSqsEvent(copy)))).toEqual([]);
        retries += 1;
      }

      expect(ticketsBeforeFirstRetry).toBe(0);
      expect(retries).toBeGreaterThan(1);
      const creates = world
        .requestsSince(mark)
        .filter((entry) => entry.method === 'POST' && entry.path === '/service/tickets');
      expect(creates).toHaveLength(1);
      const [ticket, ...others] = await ticketsOf(event.account.id);
      expect(others).toEqual([]);
      expect((await logOf(event.account.id)).map((entry) => entry.message)).toEqual([
        `ticket #${ticket?.id} created`,
      ]);
    }, 60_000);

    it('notes a repeat once when its note is committed but the response is lost', async () => {
      const first = await storeEvent(world.eventStore, anAccountProblem());
      expect(failedIds(await world.invoke(anSqsEvent(aSyncRecord(first))))).toEqual([]);
      const repeat = await storeEvent(world.eventStore, sameProblem(first, 1));
      await injectFaults([
        {
          kind: 'commit-then-drop',
          count: 1,
          match: { method: 'POST', path: '^/service/tickets/\\d+/notes$' },
        },
      ]);
      const record = aSyncRecord(repeat);

      expect(failedIds(await world.invoke(anSqsEvent(record)))).toEqual([]);
      const [copy] = await takeDeferredCopies(world.queueUrl, repeat.eventId);
      const retry = await world.invoke(anSqsEvent(copy as SQSRecord));

      expect(failedIds(retry)).toEqual([]);
      const [ticket] = await ticketsOf(first.account.id);
      const notes = (await notesOf(ticket?.id ?? 0)).filter((n) => n.text.includes('occurred again'));
      expect(notes.map((n) => n.text)).toEqual([expect.stringContaining('failure 1')]);
    });
  });

  describe('given ConnectWise answers 503 for a while', () => {
    it('re-sends the record with a delay instead of spending a receive, and the copy succeeds', async () => {
      const event = await storeEvent(world.eventStore, anAccountProblem());
      await sendSyncMessage(world.queueUrl, event);
      const [record] = await receiveSyncRecords(world.queueUrl);
      if (!record) throw new Error('no message received');
      await injectFaults([
        { kind: 'status', status: 503, count: 1000, match: { path: '^/service/tickets' } },
      ]);

      const first = await world.invoke(anSqsEvent(record));
      expect(failedIds(first)).toEqual([]);
      await callControl(world.simulator, 'DELETE', '/__sim/faults');
      expect(await ticketsOf(event.account.id)).toEqual([]);

      const [copy] = await takeDeferredCopies(world.queueUrl, event.eventId);
      expect(copy?.messageId).not.toBe(record.messageId);
      expect(copy?.attributes.ApproximateReceiveCount).toBe('1');
      expect(JSON.parse(copy?.body ?? '{}')).toMatchObject({
        partnerId,
        eventId: event.eventId,
        delivery: { deferrals: 1, failingSince: expect.any(String) },
      });

      const second = await world.invoke(anSqsEvent(copy as SQSRecord));
      expect(failedIds(second)).toEqual([]);
      expect(await ticketsOf(event.account.id)).toHaveLength(1);
    });
  });

  describe('given ConnectWise rejects the ticket with a 400', () => {
    it('logs a ConnectWise error and does not fail the record', async () => {
      const event = await storeEvent(world.eventStore, anAccountProblem());
      await injectFaults([
        { kind: 'status', status: 400, count: 1, match: { method: 'POST', path: '^/service/tickets$' } },
      ]);

      const response = await world.invoke(anSqsEvent(aSyncRecord(event)));

      expect(response.batchItemFailures).toEqual([]);
      const [entry] = await logOf(event.account.id);
      expect(entry).toMatchObject({ level: 'error', message: expect.stringMatching(/^ConnectWise error: /) });
      expect(await ticketsOf(event.account.id)).toEqual([]);
    });
  });
});
