import { describe, expect, it } from 'vitest';
import { listAccountEvents } from '../../../shared/admin/account-events.js';
import { portalEventSchema } from '../../../shared/domain/portal-event.js';
import { ValidationError } from '../../../shared/errors.js';
import type { EventLog, EventLogEntry } from '../../../shared/ports/event-log.js';
import { aPortalEvent } from '../../helpers/portal-events.js';

/** An event log holding one entry per account it was given. */
const anEventLogOf = (accountIds: readonly string[]): EventLog => ({
  append: async () => undefined,
  list: async (accountId) => ({
    entries: accountIds
      .filter((id) => id === accountId)
      .map(
        (id): EventLogEntry => ({
          accountId: id,
          partnerId: 'demo',
          customerId: '19652',
          eventId: 'evt-1',
          at: '2026-11-28T12:00:00.000Z',
          level: 'success',
          message: 'ticket #1 created',
        }),
      ),
  }),
});

describe('listAccountEvents', () => {
  describe('given the longest account id ingest accepts', () => {
    it('lists that account’s event log', async () => {
      const accountId = `A${'b'.repeat(127)}`;
      const event = aPortalEvent({ account: { ...aPortalEvent().account, id: accountId } });
      expect(portalEventSchema.safeParse(event).success).toBe(true);

      const page = await listAccountEvents(anEventLogOf([accountId]), accountId, {});

      expect(page.accountId).toBe(accountId);
      expect(page.entries).toHaveLength(1);
    });
  });

  describe('given an id no event can carry', () => {
    it.each(['', 'has space', 'x'.repeat(129)])('answers 400 naming accountId for %j', async (accountId) => {
      const error = await listAccountEvents(anEventLogOf([]), accountId, {}).catch((thrown) => thrown);

      expect(error).toBeInstanceOf(ValidationError);
      expect(new Set((error as ValidationError).fields.map(({ field }) => field))).toEqual(
        new Set(['accountId']),
      );
    });
  });
});
