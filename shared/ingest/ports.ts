/** The partners' webhook secrets. */
export interface WebhookSecretStore {
  /**
   * Every secret a partner's signature may currently be made with: the current one first, then
   * the previous one while a rotation is in progress. Empty when the partner is unknown.
   */
  getSecrets(partnerId: string): Promise<readonly string[]>;
}

/**
 * Remembers which stored events reached the sync queue. An event stored but never enqueued (the
 * queue failed after the store) is re-enqueued by the portal's retry instead of being answered as
 * a plain duplicate and forgotten.
 */
export interface EnqueueTracker {
  markEnqueued(partnerId: string, eventId: string): Promise<void>;
  isEnqueued(partnerId: string, eventId: string): Promise<boolean>;
}
