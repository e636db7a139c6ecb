import { partnerConfigSchema } from '../domain/partner-config.js';
import { type PortalEvent, portalEventSchema } from '../domain/portal-event.js';
import { RetryableError } from '../errors.js';
import { toValidationError } from '../http/validation.js';
import type { EventStore } from '../ports/event-store.js';
import type { SyncQueue } from '../ports/sync-queue.js';
import { signatureHeader, timestampHeader } from '../signing.js';
import type { EnqueueTracker, WebhookSecretStore } from './ports.js';
import {
  assertJsonContentType,
  headerValue,
  type IngestRequest,
  parseJsonBody,
  readBody,
  readPartnerId,
} from './request.js';
import {
  assertFreshTimestamp,
  matchesAnySecret,
  parseSignatureHeaders,
  rejectSignature,
} from './signature.js';
import { withWellFormedStrings } from './well-formed.js';

export interface IngestDependencies {
  readonly secretStore: WebhookSecretStore;
  readonly eventStore: EventStore;
  readonly enqueueTracker: EnqueueTracker;
  readonly syncQueue: SyncQueue;
  readonly delaySeconds: number;
  readonly now: () => Date;
  /** Told when the queue reference could not be recorded; the event itself is safe by then. */
  readonly onTrackingFailure?: (error: unknown) => void;
}

export interface IngestOutcome {
  readonly event: PortalEvent;
  readonly status: 'queued' | 'duplicate';
}

/**
 * Checks a request up to a valid event from a known partner, cheapest checks first, and the
 * signature before anything in the body beyond `partnerId` is looked at.
 */
export const authenticateEvent = async (
  deps: Pick<IngestDependencies, 'secretStore' | 'now'>,
  request: IngestRequest,
): Promise<{ event: PortalEvent; rawBody: string }> => {
  assertJsonContentType(request.headers);
  const body = readBody(request);
  const signature = parseSignatureHeaders(
    headerValue(request.headers, timestampHeader),
    headerValue(request.headers, signatureHeader),
  );
  assertFreshTimestamp(signature.timestamp, Math.floor(deps.now().getTime() / 1000));
  const payload = parseJsonBody(body);
  const partnerId = readPartnerId(payload);
  // An id the admin API would never accept has no secret: no Secrets Manager call for it.
  if (!partnerConfigSchema.shape.partnerId.safeParse(partnerId).success)
    throw rejectSignature('unknownPartner');
  const secrets = await deps.secretStore.getSecrets(partnerId);
  if (secrets.length === 0) throw rejectSignature('unknownPartner');
  // A secret rotated within the cache age is not cached yet: look once more before rejecting.
  if (
    !matchesAnySecret(secrets, signature, body) &&
    !matchesAnySecret((await deps.secretStore.refreshSecrets?.(partnerId)) ?? [], signature, body)
  ) {
    throw rejectSignature('badSignature');
  }
  // The signature covered the bytes as sent; what is stored and synced is well-formed text.
  const parsed = portalEventSchema.safeParse(withWellFormedStrings(payload));
  if (!parsed.success) throw toValidationError(parsed.error, 'event');
  return { event: parsed.data, rawBody: body.toString('utf8') };
};

/**
 * Accepts one portal event: authenticate, validate, store, then enqueue a reference with the
 * configured delay. The store comes first so an accepted event is never lost; a failed enqueue
 * answers 503 and the portal's retry of the same event enqueues it (a stored event is only a
 * true duplicate once it is known to be queued).
 */
export const ingestEvent = async (
  deps: IngestDependencies,
  request: IngestRequest,
): Promise<IngestOutcome> => {
  const { event, rawBody } = await authenticateEvent(deps, request);
  const stored = await deps.eventStore.putIfAbsent({ event, rawBody, receivedAt: deps.now().toISOString() });
  if (stored === 'duplicate' && (await deps.enqueueTracker.isEnqueued(event.partnerId, event.eventId))) {
    return { event, status: 'duplicate' };
  }
  try {
    await deps.syncQueue.enqueue(
      { partnerId: event.partnerId, eventId: event.eventId },
      { delaySeconds: deps.delaySeconds, customerId: event.customer.id },
    );
  } catch (error) {
    throw new RetryableError('event stored but not queued', { cause: error, retryAfterSeconds: 5 });
  }
  try {
    await deps.enqueueTracker.markEnqueued(event.partnerId, event.eventId);
  } catch (error) {
    // The reference is in the queue: answering 202 is right. At worst a later retry enqueues it
    // once more, which the sync side tolerates (it is idempotent per event).
    deps.onTrackingFailure?.(error);
  }
  return { event, status: 'queued' };
};
