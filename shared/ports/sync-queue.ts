/** What the sync queue carries: a reference to a stored event, never the event itself. */
export interface SyncMessage {
  readonly partnerId: string;
  readonly eventId: string;
  /** Set by an operator's reprocess: bypass the 12-hour data sync window. */
  readonly force?: boolean;
}

export interface EnqueueOptions {
  readonly delaySeconds: number;
  readonly customerId?: string;
}

export interface SyncQueue {
  enqueue(message: SyncMessage, options: EnqueueOptions): Promise<void>;
}
