import type { NotificationRule, PartnerConfig } from '../domain/partner-config.js';

/** Partner configuration and notification rules (non-secret). */
export interface PartnerRepository {
  getConfig(partnerId: string): Promise<PartnerConfig | undefined>;
  putConfig(config: PartnerConfig): Promise<void>;
  /** The partner's notification rules; an empty list when none were saved. */
  getRules(partnerId: string): Promise<NotificationRule[]>;
  putRules(partnerId: string, rules: readonly NotificationRule[]): Promise<void>;
  listPartnerIds(): Promise<string[]>;
}
