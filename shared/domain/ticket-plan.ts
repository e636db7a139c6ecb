import type { NotificationRule, PartnerConfig } from './partner-config.js';
import type { PortalEvent } from './portal-event.js';
import { matchTicketRule, type TicketRuleMatch } from './ticket-rule.js';

/** What the ticket sync should do for one event, decided before any I/O. */
export type TicketPlan =
  | { readonly kind: 'open'; readonly match: TicketRuleMatch }
  | {
      readonly kind: 'resolve';
      /** A ticket rule may also match the completed backup (e.g. an "info" rule). */
      readonly match: TicketRuleMatch | undefined;
    }
  | { readonly kind: 'none' };

/**
 * Opens (or notes) a ticket when a ticket rule matches; with auto-resolve on, a backup that
 * completed without error first closes the account's open failure tickets. Pure.
 */
export const planTicketAction = (
  event: PortalEvent,
  settings: Pick<PartnerConfig['settings'], 'autoResolveTickets'>,
  rules: readonly NotificationRule[],
): TicketPlan => {
  const match = matchTicketRule(rules, event);
  if (settings.autoResolveTickets && event.type === 'backup.completed' && event.severity !== 'error') {
    return { kind: 'resolve', match };
  }
  return match ? { kind: 'open', match } : { kind: 'none' };
};
