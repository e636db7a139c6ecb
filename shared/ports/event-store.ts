import type { PortalEvent } from '../domain/portal-event.js';

/** An accepted event as stored before the portal gets its 202. */
export interface StoredEvent {
  readonly event: PortalEvent;
  /** The body exactly as received, kept for audit and reprocessing. */
  readonly rawBody: string;
  readonly receivedAt: string;
}

export type PutEventResult = 'stored' | 'duplicate';

/** Where accepted events live, keyed by partner + eventId. */
export interface EventStore {
  /** Stores the event unless one with the same partner + eventId exists. */
  putIfAbsent(stored: StoredEvent): Promise<PutEventResult>;
  get(partnerId: string, eventId: string): Promise<StoredEvent | undefined>;
  /** Finds an event by id alone (operators reprocess by eventId). */
  findByEventId(eventId: string): Promise<StoredEvent[]>;
}
