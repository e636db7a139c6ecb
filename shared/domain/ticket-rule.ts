import type { NotificationRule } from './partner-config.js';
import type { PortalEvent } from './portal-event.js';

/** The rule that asked for a ticket, with its position so the event log can say which one. */
export interface TicketRuleMatch {
  readonly rule: NotificationRule;
  /** Zero-based position in the partner's rule list. */
  readonly index: number;
}

/**
 * The seed's "Open a ConnectWise ticket" notification: the first ticket rule whose severities
 * include the event's severity and whose event types are "all" or include the event's type.
 * Pure: the same rules and event always give the same answer.
 */
export const matchTicketRule = (
  rules: readonly NotificationRule[],
  event: Pick<PortalEvent, 'type' | 'severity'>,
): TicketRuleMatch | undefined => {
  const index = rules.findIndex(
    (rule) =>
      rule.action === 'ticket' &&
      rule.severities.includes(event.severity) &&
      (rule.eventTypes === 'all' || rule.eventTypes.includes(event.type)),
  );
  const rule = rules[index];
  return rule ? { rule, index } : undefined;
};
