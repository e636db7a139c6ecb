import { describe, expect, it } from 'vitest';
import {
  ConnectWiseRateLimitError,
  ConnectWiseUnavailableError,
  ConnectWiseValidationError,
} from '../../../shared/connectwise/errors.js';
import type { NotificationRule } from '../../../shared/domain/partner-config.js';
import { DeliveryDeferredError, RetryableError } from '../../../shared/errors.js';
import { BatchDeferrals } from '../../../shared/sync/batch-deferrals.js';
import { processSyncRecord, type SyncRecordResult } from '../../../shared/sync/process-sync-record.js';
import { aPortalEvent } from '../../helpers/portal-events.js';
import { aFakePartner, aFakeSyncWorld } from '../../helpers/sync-world.js';

const partner = aFakePartner({ autoResolveTickets: true });
const rules: NotificationRule[] = [{ action: 'ticket', severities: ['warning', 'error'], eventTypes: 'all' }];

const setup = () => aFakeSyncWorld({ partner, rules });

/** The ticket job's part of a record's result. */
const ticketResultOf = (result: SyncRecordResult) =>
  result.kind === 'processed' ? result.jobs.find((job) => job.job === 'ticket') : result;

describe('processSyncRecord', () => {
  describe('given ConnectWise is throttling', () => {
    it('re-sends the record with the Retry-After as its delay and completes this copy, spending no receive', async () => {
      const { deps, tickets, visibility, requeue, put, recordOf } = setup();
      const event = put(aPortalEvent());
      tickets.failNext = new ConnectWiseRateLimitError(
        '429',
        { method: 'GET', path: '/service/tickets' },
        42,
      );

      const result = await processSyncRecord(deps, recordOf(event));

      expect(result).toMatchObject({ kind: 'deferred', delaySeconds: 42 });
      expect(requeue.sent).toEqual([
        {
          message: {
            partnerId: event.partnerId,
            eventId: event.eventId,
            delivery: { deferrals: 1, failingSince: '2026-11-28T10:01:00.000Z' },
          },
          options: { delaySeconds: 42, customerId: event.customer.id },
        },
      ]);
      expect(visibility.delays).toEqual([]);
    });
  });

  describe('given ConnectWise unavailable for longer than the tolerance', () => {
    it('stops deferring: the record spends its receives and reaches the dead-letter queue', async () => {
      const { deps, tickets, visibility, requeue, put } = setup();
      const event = put(aPortalEvent());
      tickets.failNext = new ConnectWiseUnavailableError('503', { method: 'GET', path: '/service/tickets' });
      const body = JSON.stringify({
        partnerId: event.partnerId,
        eventId: event.eventId,
        delivery: { deferrals: 400, failingSince: '2026-11-15T10:00:00.000Z' },
      });

      await expect(
        processSyncRecord(deps, { body, receiveCount: 1, receiptHandle: 'rh' }),
      ).rejects.toBeInstanceOf(ConnectWiseUnavailableError);
      expect(requeue.sent).toEqual([]);
      expect(visibility.delays).toHaveLength(1);
    });
  });

  describe("given a failure that is not on ConnectWise's side", () => {
    it("sets the message's visibility to a backoff and rethrows, so it spends a receive", async () => {
      const { deps, tickets, visibility, requeue, put, recordOf } = setup();
      const event = put(aPortalEvent());
      tickets.failNext = new RetryableError('DynamoDB throttled');

      await expect(processSyncRecord(deps, recordOf(event))).rejects.toThrow(/DynamoDB throttled/);
      expect(requeue.sent).toEqual([]);
      expect(visibility.delays).toEqual([{ receiptHandle: `rh-${event.eventId}`, seconds: 2 }]);
    });

    it('notes the failure on the stored event, for the dead-letter listing to say why', async () => {
      const { deps, tickets, put, recordOf, failures } = setup();
      const event = put(aPortalEvent());
      tickets.failNext = new RetryableError('DynamoDB throttled');

      await expect(processSyncRecord(deps, recordOf(event, { receiveCount: 3 }))).rejects.toThrow();

      expect(failures.get(`${event.partnerId}|${event.eventId}`)).toEqual({
        reason: 'RetryableError: DynamoDB throttled',
        receiveCount: 3,
        at: '2026-11-28T10:01:00.000Z',
      });
    });
  });

  describe('given a new problem', () => {
    it('holds the fingerprint lock for as long as the invocation may still run', async () => {
      const { deps, locks, put, recordOf } = setup();

      await processSyncRecord(deps, recordOf(put(aPortalEvent())));

      expect(locks.ttls).toEqual([105]);
      expect(locks.held.size).toBe(0);
    });
  });

  describe('given ConnectWise rejects the ticket', () => {
    it('writes the error to the event log and completes the record', async () => {
      const { deps, tickets, eventLog, visibility, put, recordOf } = setup();
      const event = put(aPortalEvent());
      tickets.failNext = new ConnectWiseValidationError(
        'company is inactive',
        { method: 'GET', path: '/x' },
        [],
      );

      const result = await processSyncRecord(deps, recordOf(event));

      expect(ticketResultOf(result)).toEqual({
        job: 'ticket',
        kind: 'logged-failure',
        message: 'ConnectWise error: company is inactive',
      });
      expect(eventLog.entries[0]).toMatchObject({ level: 'error', eventId: event.eventId });
      expect(visibility.delays).toEqual([]);
    });
  });

  describe('given a ticket that failed permanently and an operator who fixed the setup', () => {
    it('opens it on the first reprocess, and a second reprocess says it was already processed', async () => {
      const { deps, tickets, eventLog, put, recordOf } = setup();
      const event = put(aPortalEvent());
      tickets.failNext = new ConnectWiseValidationError(
        'company is inactive',
        { method: 'POST', path: '/x' },
        [],
      );
      await processSyncRecord(deps, recordOf(event));

      const first = await processSyncRecord(deps, recordOf(event, { force: true }));
      const second = await processSyncRecord(deps, recordOf(event, { force: true }));

      expect(ticketResultOf(first)).toMatchObject({ kind: 'done', replayed: false });
      expect(ticketResultOf(second)).toMatchObject({ kind: 'done', replayed: true });
      expect(tickets.tickets).toHaveLength(1);
      expect(eventLog.entries.map((e) => e.message)).toEqual([
        'already processed: ticket #1 created',
        'ticket #1 created',
        'ConnectWise error: company is inactive',
      ]);
    });
  });

  describe('given a ticket that fails again on a reprocess before the setup is fixed', () => {
    it('opens it on the reprocess after the fix, and the next says it was already processed', async () => {
      const { deps, tickets, eventLog, put, recordOf } = setup();
      const event = put(aPortalEvent());
      const rejected = () =>
        new ConnectWiseValidationError('company is inactive', { method: 'POST', path: '/x' }, []);
      tickets.failNext = rejected();
      await processSyncRecord(deps, recordOf(event));
      tickets.failNext = rejected();
      const stillBroken = await processSyncRecord(deps, recordOf(event, { force: true }));

      const fixed = await processSyncRecord(deps, recordOf(event, { force: true }));
      const again = await processSyncRecord(deps, recordOf(event, { force: true }));

      expect(ticketResultOf(stillBroken)).toMatchObject({ kind: 'logged-failure' });
      expect(ticketResultOf(fixed)).toMatchObject({ kind: 'done', replayed: false });
      expect(ticketResultOf(again)).toMatchObject({ kind: 'done', replayed: true });
      expect(tickets.tickets).toHaveLength(1);
      expect(eventLog.entries[0]?.message).toBe('already processed: ticket #1 created');
    });
  });

  describe('given a record that is not a sync message', () => {
    it('rethrows it so it is retried and then dead-lettered for inspection', async () => {
      const { deps, visibility } = setup();
      await expect(
        processSyncRecord(deps, { body: 'not json', receiveCount: 1, receiptHandle: 'rh' }),
      ).rejects.toThrow(/sync message/);
      expect(visibility.delays).toHaveLength(1);
    });
  });

  describe('given an event whose ticket work was already done', () => {
    it('does not act again, and says so in the event log when an operator reprocesses it', async () => {
      const { deps, tickets, eventLog, put, recordOf } = setup();
      const event = put(aPortalEvent());
      await processSyncRecord(deps, recordOf(event));
      const writes = tickets.writes;

      const redelivered = await processSyncRecord(deps, recordOf(event, { receiveCount: 2 }));
      const reprocessed = await processSyncRecord(deps, recordOf(event, { force: true }));

      expect(tickets.writes).toBe(writes);
      expect(ticketResultOf(redelivered)).toMatchObject({ kind: 'done', replayed: true });
      expect(ticketResultOf(reprocessed)).toMatchObject({ kind: 'done', replayed: true });
      expect(eventLog.entries.map((e) => e.message)).toEqual([
        'already processed: ticket #1 created',
        'ticket #1 created',
      ]);
    });
  });

  describe('given a repeat whose record fails after its note was added', () => {
    it('does not add the note a second time on the retry', async () => {
      const { deps, tickets, eventLog, put, recordOf } = setup();
      await processSyncRecord(deps, recordOf(put(aPortalEvent())));
      const repeat = put(aPortalEvent({ message: 'snapshot failed again' }));
      const append = eventLog.append.bind(eventLog);
      let failures = 1;
      eventLog.append = async (entry) => {
        if (failures-- > 0) throw new Error('DynamoDB throttled the event log');
        return append(entry);
      };

      await expect(processSyncRecord(deps, recordOf(repeat))).rejects.toThrow(/throttled/);
      const retried = await processSyncRecord(deps, recordOf(repeat, { receiveCount: 2 }));

      expect(ticketResultOf(retried)).toMatchObject({ outcome: { kind: 'noted', ticketId: 1 } });
      const notes = tickets.tickets[0]?.notes.filter((note) => note.text.includes('occurred again'));
      expect(notes).toHaveLength(1);
    });

    it('still notes each new occurrence once', async () => {
      const { deps, tickets, put, recordOf } = setup();
      await processSyncRecord(deps, recordOf(put(aPortalEvent())));
      for (const n of [1, 2, 3]) {
        const repeat = put(aPortalEvent({ message: `failure ${n}`, occurredAt: `2026-11-28T1${n}:00:00Z` }));
        await processSyncRecord(deps, recordOf(repeat));
      }
      expect(tickets.tickets[0]?.notes.map((note) => note.text)).toEqual([
        expect.stringContaining('failure 1'),
        expect.stringContaining('failure 2'),
        expect.stringContaining('failure 3'),
      ]);
    });
  });

  describe('given ticket priorities by severity', () => {
    it("opens an error's ticket with the error priority, and a warning's with none when none is set", async () => {
      const world = aFakeSyncWorld({ partner: aFakePartner({ ticketPriorities: { error: 8 } }), rules });
      const error = world.put(aPortalEvent({ severity: 'error' }));
      const warning = world.put(
        aPortalEvent({ severity: 'warning', account: { ...aPortalEvent().account, id: 'ACCT-WARN-' } }),
      );

      await processSyncRecord(world.deps, world.recordOf(error));
      await processSyncRecord(world.deps, world.recordOf(warning));

      expect(world.tickets.tickets.map((ticket) => ticket.priorityId)).toEqual([8, undefined]);
    });
  });

  describe("given a batch in which one of the partner's records was deferred", () => {
    it("defers the partner's later records of the batch without connecting, for as long as the deferral said", async () => {
      const { deps, tickets, requeue, put, recordOf, connects, clock } = setup();
      const batch = new BatchDeferrals(60_000, () => clock.now.getTime());
      const [first, second, third] = [put(aPortalEvent()), put(aPortalEvent()), put(aPortalEvent())];
      tickets.failNext = new DeliveryDeferredError('paced', partner.partnerId, 1500);

      const firstResult = await processSyncRecord(deps, { ...recordOf(first), batch });
      const connectsAfterFirst = connects();
      const secondResult = await processSyncRecord(deps, {
        ...recordOf(second),
        batch,
        customerId: 'as-the-attributes-say',
      });

      expect(firstResult).toMatchObject({ kind: 'deferred' });
      expect(secondResult).toMatchObject({ kind: 'deferred' });
      expect(connects()).toBe(connectsAfterFirst);
      expect(requeue.sent.map((sent) => sent.message.eventId)).toEqual([first.eventId, second.eventId]);
      // Sent back before its event was read, with the customer its queue attributes named.
      expect(requeue.sent[1]?.options).toMatchObject({ customerId: 'as-the-attributes-say' });
      expect(requeue.sent[1]?.options.delaySeconds).toBeGreaterThanOrEqual(1);

      clock.now = new Date(clock.now.getTime() + 1500);
      const thirdResult = await processSyncRecord(deps, { ...recordOf(third), batch });

      expect(ticketResultOf(thirdResult)).toMatchObject({ job: 'ticket', outcome: { kind: 'created' } });
      expect(connects()).toBeGreaterThan(connectsAfterFirst);
    });
  });

  describe('given an info event no rule matches', () => {
    it('logs "no rule matched" without reaching ConnectWise', async () => {
      const { deps, eventLog, put, recordOf, connects } = setup();
      const event = put(aPortalEvent({ type: 'service.status', severity: 'info' }));

      await processSyncRecord(deps, recordOf(event));

      expect(connects()).toBe(0);
      expect(eventLog.entries[0]?.message).toBe('no rule matched');
    });
  });

  describe('given auto-resolve and a failure ticket moved to another board', () => {
    it("closes it with that board's closed status after a resolution note", async () => {
      const { deps, tickets, put, recordOf } = setup();
      const failure = put(aPortalEvent());
      await processSyncRecord(deps, recordOf(failure));
      const [ticket] = tickets.tickets;
      if (!ticket) throw new Error('no ticket opened');
      Object.assign(ticket, { boardId: 2 });

      const completed = put(aPortalEvent({ type: 'backup.completed', severity: 'info', message: 'ok' }));
      const result = await processSyncRecord(deps, recordOf(completed));

      expect(ticketResultOf(result)).toMatchObject({ outcome: { kind: 'resolved', ticketIds: [ticket.id] } });
      expect(ticket).toMatchObject({ closed: true, statusId: 5 });
      expect(ticket.notes.at(-1)?.kind).toBe('resolution');
    });
  });
});
