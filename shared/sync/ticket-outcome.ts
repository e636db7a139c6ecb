import type { PortalEvent } from '../domain/portal-event.js';
import type { EventLogEntry } from '../ports/event-log.js';

/** Why a ticket was touched: the rule, company and board, for the event log. */
export interface TicketContext {
  readonly ruleIndex?: number;
  readonly rule?: unknown;
  readonly fingerprint?: string;
  readonly companyId?: number;
  readonly companyIdentifier?: string;
  readonly board?: string;
  readonly boardId?: number;
  readonly status?: string;
  /** Anything else an operator should know, e.g. why nothing was resolved. */
  readonly remark?: string;
}

/** The result of the ticket sync for one event; JSON, because the idempotency store keeps it. */
export type TicketOutcome =
  | { readonly kind: 'created'; readonly ticketId: number; readonly context: TicketContext }
  | { readonly kind: 'noted'; readonly ticketId: number; readonly context: TicketContext }
  | { readonly kind: 'resolved'; readonly ticketIds: readonly number[]; readonly context: TicketContext }
  | { readonly kind: 'no-rule'; readonly context: TicketContext };

const messageOf = (outcome: TicketOutcome): string => {
  switch (outcome.kind) {
    case 'created':
      return `ticket #${outcome.ticketId} created`;
    case 'noted':
      return `note added to ticket #${outcome.ticketId}`;
    case 'resolved':
      return outcome.ticketIds.map((id) => `ticket #${id} resolved`).join(', ');
    case 'no-rule':
      return 'no rule matched';
  }
};

/** The event-log line of one ticket outcome. */
export const eventLogEntryOf = (event: PortalEvent, outcome: TicketOutcome, at: string): EventLogEntry => ({
  accountId: event.account.id,
  partnerId: event.partnerId,
  customerId: event.customer.id,
  eventId: event.eventId,
  at,
  level: outcome.kind === 'no-rule' ? 'info' : 'success',
  message: messageOf(outcome),
  details: { type: event.type, severity: event.severity, ...outcome.context },
});
