import type { ConnectWiseKeys } from '../domain/partner-config.js';

/** Writes a partner's secrets. Reading them is the ingest and sync functions' business. */
export interface PartnerSecretWriter {
  /** Stores `{publicKey, privateKey}` as the partner's ConnectWise keys. */
  putConnectWiseKeys(partnerId: string, keys: ConnectWiseKeys): Promise<void>;
  /**
   * Stores the partner's webhook secret. A changed value becomes current and the old one stays
   * as the previous version, so events signed with either verify during a rotation.
   */
  putWebhookSecret(partnerId: string, secret: string): Promise<void>;
}
