import * as z from 'zod';
import { ConflictError } from '../errors.js';
import type { DeadLetter, DeadLetterQueue } from '../ports/dead-letters.js';
import type { EventStore } from '../ports/event-store.js';
import type { LockManager } from '../ports/lock.js';
import type { SyncMessage, SyncQueue } from '../ports/sync-queue.js';

/** A dead-lettered sync record as `GET /dlq` lists it. */
export interface DeadLetterEntry {
  readonly messageId: string;
  /** Unset when the message is not a sync record (it can never be processed: never moved back). */
  readonly partnerId?: string;
  readonly eventId?: string;
  /** The last receive on which it failed, as the bridge recorded it (SQS's count when unrecorded). */
  readonly receiveCount: number;
  /** The last failure as the bridge recorded it. */
  readonly reason: string;
  /** When the record was first sent to the sync queue (ISO 8601). */
  readonly sentAt: string;
}

export interface DeadLetterDeps {
  readonly deadLetters: DeadLetterQueue;
  readonly events: Pick<EventStore, 'get'>;
  /** Milliseconds the invocation may still run. */
  readonly remainingMs: () => number;
}

export interface RedriveDeps extends DeadLetterDeps {
  readonly syncQueue: SyncQueue;
  readonly locks: LockManager;
  readonly newId: () => string;
}

/**
 * A listing holds what it received out of sight this long, so it does not count a message twice,
 * then releases it at once: a look never keeps records from a redrive for long.
 */
const lookHoldSeconds = 30;
/**
 * A redrive that runs out of time leaves what it skipped out of sight this long, so the next call
 * goes on with messages it has not seen yet instead of skipping the same ones again.
 */
const redriveHoldSeconds = 120;
/** A call stops receiving with this much of the invocation left, to answer in time. */
const reserveMs = 5_000;
/** The lock outlives any one call (the HTTP API answers within 30 s). */
const redriveLockSeconds = 60;
const redriveLockName = 'dlq-redrive';
const maxListed = 1_000;

const syncMessageSchema = z.object({
  partnerId: z.string().min(1),
  eventId: z.string().min(1),
  force: z.boolean().optional(),
});

const readRecord = (letter: DeadLetter): Pick<SyncMessage, 'partnerId' | 'eventId' | 'force'> | undefined => {
  try {
    const parsed = syncMessageSchema.safeParse(JSON.parse(letter.body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

const entryOf = async (deps: DeadLetterDeps, letter: DeadLetter): Promise<DeadLetterEntry> => {
  const base = { messageId: letter.messageId, receiveCount: letter.receiveCount, sentAt: letter.sentAt };
  const record = readRecord(letter);
  if (!record) return { ...base, reason: 'not a sync record: it can never be processed' };
  const stored = await deps.events.get(record.partnerId, record.eventId);
  const ids = { partnerId: record.partnerId, eventId: record.eventId };
  if (!stored) return { ...ids, ...base, reason: 'the event is not stored (expired or never accepted)' };
  const failure = stored.lastFailure;
  return failure
    ? { ...ids, ...base, receiveCount: failure.receiveCount, reason: failure.reason }
    : { ...ids, ...base, reason: 'no failure was recorded for this event' };
};

/**
 * Receives until the queue answers empty, `limit` messages are seen or the time runs out; every
 * message seen is handed to `visit` once (a message received again is recognised by its id).
 */
const receiveEach = async (
  deps: DeadLetterDeps,
  holdSeconds: number,
  limit: number,
  visit: (letter: DeadLetter) => Promise<void>,
): Promise<{ exhausted: boolean }> => {
  const seen = new Set<string>();
  while (seen.size < limit && deps.remainingMs() > reserveMs) {
    const letters = await deps.deadLetters.receive(holdSeconds);
    const fresh = letters.filter((letter) => !seen.has(letter.messageId));
    if (fresh.length === 0) return { exhausted: true };
    for (const letter of fresh) {
      seen.add(letter.messageId);
      await visit(letter);
    }
  }
  return { exhausted: false };
};

/**
 * `GET /dlq`: the dead-lettered sync records with why each failed. Each message is held out of
 * sight only while the listing runs, then made visible again; `complete` is false when the
 * listing stopped at its limit or the invocation's time.
 */
export const listDeadLetters = async (
  deps: DeadLetterDeps,
  options: { readonly limit?: number } = {},
): Promise<{ messages: DeadLetterEntry[]; complete: boolean }> => {
  const messages: DeadLetterEntry[] = [];
  const handles: string[] = [];
  try {
    const { exhausted } = await receiveEach(
      deps,
      lookHoldSeconds,
      options.limit ?? maxListed,
      async (letter) => {
        handles.push(letter.receiptHandle);
        messages.push(await entryOf(deps, letter));
      },
    );
    return { messages: messages.sort((a, b) => a.sentAt.localeCompare(b.sentAt)), complete: exhausted };
  } finally {
    await deps.deadLetters.release(handles);
  }
};

export const redriveRequestSchema = z
  .object({
    all: z.literal(true).optional(),
    partnerId: z.string().min(1).max(64).optional(),
    eventIds: z.array(z.string().min(1).max(200)).min(1).max(500).optional(),
    dryRun: z.boolean().default(false),
  })
  .strict()
  .refine(
    (request) =>
      [request.all !== undefined, request.partnerId !== undefined, request.eventIds !== undefined].filter(
        Boolean,
      ).length === 1,
    { message: 'give exactly one of all, partnerId or eventIds', path: ['all'] },
  );

export type RedriveRequest = z.infer<typeof redriveRequestSchema>;

/** What one redrive call did. */
export interface RedriveResult {
  readonly dryRun: boolean;
  /** Sent back to the sync queue and deleted from the dead-letter queue (a dry run: would be). */
  readonly moved: number;
  /** Left where they are: not matched by the filter, or not sync records. */
  readonly skipped: number;
  /** Matched, but sending or deleting failed: still in the dead-letter queue, or sent twice at worst. */
  readonly failed: number;
  /** False when the call ran out of time: call again to go on (the skipped stay out of sight meanwhile). */
  readonly done: boolean;
}

const matches = (request: RedriveRequest, record: Pick<SyncMessage, 'partnerId' | 'eventId'>): boolean => {
  if (request.all) return true;
  if (request.partnerId !== undefined) return record.partnerId === request.partnerId;
  return request.eventIds?.includes(record.eventId) ?? false;
};

/**
 * `POST /dlq/redrive`: moves matching dead-lettered sync records back to the sync queue, one at a
 * time by send → delete, so a redrive stopped halfway loses nothing (at worst a record is sent
 * twice, which the sync's idempotency absorbs). A moved record starts afresh: its deferral history
 * is dropped, so the outage tolerance counts from now. One redrive runs at a time.
 * @throws ConflictError while another redrive holds the lock
 */
export const redriveDeadLetters = async (
  deps: RedriveDeps,
  request: RedriveRequest,
): Promise<RedriveResult> => {
  const owner = deps.newId();
  if (!(await deps.locks.acquire(redriveLockName, owner, redriveLockSeconds))) {
    throw new ConflictError('another dead-letter redrive is running: try again when it has finished');
  }
  const counts = { moved: 0, skipped: 0, failed: 0 };
  const held: string[] = [];
  let done = false;
  try {
    const hold = request.dryRun ? lookHoldSeconds : redriveHoldSeconds;
    ({ exhausted: done } = await receiveEach(deps, hold, Number.POSITIVE_INFINITY, async (letter) => {
      const record = readRecord(letter);
      if (!record || !matches(request, record)) {
        counts.skipped += 1;
        held.push(letter.receiptHandle);
        return;
      }
      if (request.dryRun) {
        counts.moved += 1;
        held.push(letter.receiptHandle);
        return;
      }
      try {
        await deps.syncQueue.enqueue(
          { partnerId: record.partnerId, eventId: record.eventId, ...(record.force && { force: true }) },
          {
            delaySeconds: 0,
            ...(letter.attributes.customerId && { customerId: letter.attributes.customerId }),
          },
        );
      } catch {
        counts.failed += 1;
        held.push(letter.receiptHandle);
        return;
      }
      try {
        await deps.deadLetters.delete(letter.receiptHandle);
        counts.moved += 1;
      } catch {
        counts.failed += 1;
      }
    }));
    return { dryRun: request.dryRun, ...counts, done };
  } finally {
    // Done (or a dry run): what was only looked at is visible again now. Out of time: it stays
    // out of sight until the next call has gone through the rest.
    if (done || request.dryRun) await deps.deadLetters.release(held);
    await deps.locks.release(redriveLockName, owner);
  }
};
