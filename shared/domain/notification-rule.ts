import type { NotificationRule } from './partner-config.js';
import type { PortalEvent } from './portal-event.js';

/** The rule that asked for a job, with its position so the event log can say which one. */
export interface RuleMatch {
  readonly rule: NotificationRule;
  /** Zero-based position in the partner's rule list. */
  readonly index: number;
}

/**
 * The seed's partner notifications: the first rule with this action ("Open a ConnectWise ticket"
 * is `ticket`, "Synchronize with ConnectWise" is `sync`) whose severities include the event's
 * severity and whose event types are "all" or include the event's type. Pure.
 */
export const matchRule = (
  rules: readonly NotificationRule[],
  event: Pick<PortalEvent, 'type' | 'severity'>,
  action: NotificationRule['action'],
): RuleMatch | undefined => {
  const index = rules.findIndex(
    (rule) =>
      rule.action === action &&
      rule.severities.includes(event.severity) &&
      (rule.eventTypes === 'all' || rule.eventTypes.includes(event.type)),
  );
  const rule = rules[index];
  return rule ? { rule, index } : undefined;
};
