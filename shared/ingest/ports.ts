/** The partners' webhook secrets. */
export interface WebhookSecretStore {
  /**
   * Every secret a partner's signature may currently be made with: the current one first, then
   * the previous one while a rotation is in progress. Empty when the partner is unknown.
   */
  getSecrets(partnerId: string): Promise<readonly string[]>;
  /**
   * The same, read past any cache. Asked only when no cached secret verifies a signature, so a
   * secret rotated moments ago verifies at once instead of after the cache age. Forged requests
   * end up here too: an implementation may bound how often it goes to the source.
   */
  refreshSecrets?(partnerId: string): Promise<readonly string[]>;
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
