import { matchRule, type RuleMatch } from './notification-rule.js';
import type { NotificationRule } from './partner-config.js';
import type { PortalEvent } from './portal-event.js';

/** The ticket rule that matched an event. */
export type TicketRuleMatch = RuleMatch;

/** The seed's "Open a ConnectWise ticket" notification: `matchRule` with action `ticket`. Pure. */
export const matchTicketRule = (
  rules: readonly NotificationRule[],
  event: Pick<PortalEvent, 'type' | 'severity'>,
): TicketRuleMatch | undefined => matchRule(rules, event, 'ticket');
