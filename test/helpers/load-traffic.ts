import type { BatchOutcome } from '../../local/queue-poller.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import { inParallel } from './billing-customers.js';
import { postRawEvent } from './e2e-local-stack.js';

/** One POST of the load run, timed on the client's clock (ms since the epoch). */
export interface SentEvent {
  readonly eventId: string;
  readonly postedAt: number;
  readonly answeredAt: number;
  readonly status: number;
  /** The body's `status`: `queued` or `duplicate` on a 202. */
  readonly answer: unknown;
}

/**
 * POSTs every event signed with its partner's secret, `senders` at a time as a portal's sender
 * pool would; an event in `resend` is POSTed a second time once its first copy was answered.
 * @returns the first copies' answers and the second copies' answers
 */
export const sendEvents = async (options: {
  apiUrl: string;
  events: readonly PortalEvent[];
  secrets: ReadonlyMap<string, string>;
  resend: ReadonlySet<string>;
  senders: number;
}): Promise<{ sent: SentEvent[]; resent: SentEvent[] }> => {
  const sent: SentEvent[] = [];
  const resent: SentEvent[] = [];
  const post = async (event: PortalEvent): Promise<SentEvent> => {
    const postedAt = Date.now();
    const response = await postRawEvent(options.apiUrl, JSON.stringify(event), {
      secret: options.secrets.get(event.partnerId) ?? '',
    });
    return {
      eventId: event.eventId,
      postedAt,
      answeredAt: Date.now(),
      status: response.status,
      answer: response.body?.status,
    };
  };
  await inParallel(options.events, options.senders, async (event) => {
    sent.push(await post(event));
    if (options.resend.has(event.eventId)) resent.push(await post(event));
  });
  return { sent, resent };
};

/** What the sync queue's poller reported while the run went on. */
export interface SyncBatchWatch {
  readonly onSyncBatch: (outcome: BatchOutcome) => void;
  /**
   * Event id → when each batch that completed one of its records ended (ms since the epoch), in
   * order. A deferred record completes more than once: the received copy is deleted and its
   * delayed copy processed later; a record SQS delivered twice completes twice.
   */
  readonly completions: ReadonlyMap<string, readonly number[]>;
  /** Records handed back for a retry (each spends a receive). */
  retried(): number;
  /** Records received as a deferred copy (re-sent with a delay rather than retried). */
  deferredCopies(): number;
  batches(): number;
  /** The most receives any one record took. */
  maxReceiveCount(): number;
}

/** Watches the sync poller's batches: when each record completed, and how many came back. */
export const watchSyncBatches = (): SyncBatchWatch => {
  const completions = new Map<string, number[]>();
  const counts = { retried: 0, deferredCopies: 0, batches: 0, maxReceiveCount: 0 };
  const onSyncBatch = (outcome: BatchOutcome) => {
    const now = Date.now();
    counts.batches += 1;
    for (const record of outcome.event.Records) {
      const message = JSON.parse(record.body) as { eventId: string; delivery?: unknown };
      counts.maxReceiveCount = Math.max(
        counts.maxReceiveCount,
        Number(record.attributes.ApproximateReceiveCount) || 1,
      );
      if (message.delivery !== undefined) counts.deferredCopies += 1;
      if (outcome.failedMessageIds.includes(record.messageId)) counts.retried += 1;
      else completions.set(message.eventId, [...(completions.get(message.eventId) ?? []), now]);
    }
  };
  return {
    onSyncBatch,
    completions,
    retried: () => counts.retried,
    deferredCopies: () => counts.deferredCopies,
    batches: () => counts.batches,
    maxReceiveCount: () => counts.maxReceiveCount,
  };
};
