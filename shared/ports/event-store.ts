import type { PortalEvent } from '../domain/portal-event.js';

/** An accepted event as stored before the portal gets its 202. */
export interface StoredEvent {
  readonly event: PortalEvent;
  /** The body exactly as received, kept for audit and reprocessing. */
  readonly rawBody: string;
  readonly receivedAt: string;
  /** The last delivery that failed and was sent back for a retry (what the dead-letter listing shows). */
  readonly lastFailure?: DeliveryFailure;
}

/** A failed delivery of a stored event's sync record. */
export interface DeliveryFailure {
  /** The error as the bridge saw it, without secrets (error messages never carry them). */
  readonly reason: string;
  /** The receive of the sync record that failed. */
  readonly receiveCount: number;
  /** ISO 8601. */
  readonly at: string;
}

export type PutEventResult = 'stored' | 'duplicate';

/** Where accepted events live, keyed by partner + eventId. */
export interface EventStore {
  /** Stores the event unless one with the same partner + eventId exists. */
  putIfAbsent(stored: StoredEvent): Promise<PutEventResult>;
  get(partnerId: string, eventId: string): Promise<StoredEvent | undefined>;
  /** Finds an event by id alone (operators reprocess by eventId). */
  findByEventId(eventId: string): Promise<StoredEvent[]>;
  /** Records the latest failed delivery on the stored event; a missing event is left alone. */
  noteFailure(partnerId: string, eventId: string, failure: DeliveryFailure): Promise<void>;
}
