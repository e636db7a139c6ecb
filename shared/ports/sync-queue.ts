/** What the sync queue carries: a reference to a stored event, never the event itself. */
export interface SyncMessage {
  readonly partnerId: string;
  readonly eventId: string;
  /** Set by an operator's reprocess: bypass the 12-hour data sync window. */
  readonly force?: boolean;
  /** Set on a copy re-sent to wait out ConnectWise (see the sync failure policy). */
  readonly delivery?: DeliveryHistory;
}

/** How a deferred record has waited so far. */
export interface DeliveryHistory {
  /** Times it was re-sent with a delay. */
  readonly deferrals: number;
  /** When it first failed on ConnectWise's side (ISO 8601); unset while it only waited for the pace. */
  readonly failingSince?: string;
}

export interface EnqueueOptions {
  readonly delaySeconds: number;
  readonly customerId?: string;
}

export interface SyncQueue {
  enqueue(message: SyncMessage, options: EnqueueOptions): Promise<void>;
}
