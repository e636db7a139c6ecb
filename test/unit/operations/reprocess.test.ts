import { describe, expect, it } from 'vitest';
import { reprocessEvent } from '../../../shared/operations/reprocess.js';
import type { SyncMessage } from '../../../shared/ports/sync-queue.js';

/** No stored events; records what would be queued. */
const anEmptyWorld = () => {
  const queued: SyncMessage[] = [];
  return {
    queued,
    deps: {
      events: { findByEventId: async () => [] },
      syncQueue: { enqueue: async (message: SyncMessage) => void queued.push(message) },
      eventLog: { append: async () => undefined },
      now: () => new Date('2026-11-28T12:00:00Z'),
    },
  };
};

describe('reprocessEvent', () => {
  describe('given an event id no event can carry', () => {
    it.each(['', 'e'.repeat(201)])('answers 400 naming eventId and queues nothing (%#)', async (eventId) => {
      const { deps, queued } = anEmptyWorld();

      await expect(reprocessEvent(deps, eventId, undefined)).rejects.toMatchObject({
        status: 400,
        fields: [{ field: 'eventId', message: expect.any(String) }],
      });
      expect(queued).toEqual([]);
    });
  });
});
