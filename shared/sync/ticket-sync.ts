import type { NotificationRule, PartnerConfig } from '../domain/partner-config.js';
import type { PortalEvent } from '../domain/portal-event.js';
import {
  resolutionMarkerOf,
  resolutionNoteOf,
  resolvableFingerprintsOf,
  ticketDescriptionOf,
  ticketFingerprintOf,
  ticketSummaryOf,
} from '../domain/ticket-fields.js';
import { planTicketAction } from '../domain/ticket-plan.js';
import type { TicketRuleMatch } from '../domain/ticket-rule.js';
import { RetryableError } from '../errors.js';
import type { ConnectWiseGateways } from '../ports/connectwise-gateways.js';
import type { LockManager } from '../ports/lock.js';
import type { StateCache } from '../ports/state-cache.js';
import type { SyncMarkers } from '../ports/sync-markers.js';
import type { OpenTicket } from '../ports/ticket-gateway.js';
import type { UnmappedCustomers } from '../ports/unmapped-customers.js';
import { resolvePartnerCustomer } from './company-resolution.js';
import { markerSeconds, ticketIntentKey } from './marker-keys.js';
import { addNoteOnce, addRecurrenceNoteOnce } from './recurrence-note.js';
import { resolveClosedStatus, resolveTicketBoard } from './ticket-board.js';
import type { TicketContext, TicketOutcome } from './ticket-outcome.js';

export interface TicketSyncDeps {
  /** Where customers that map to no company are noted for the doctor. */
  readonly unmapped?: UnmappedCustomers;
  /** The partner's ConnectWise, reached only when the plan needs it. */
  readonly connect: () => Promise<ConnectWiseGateways>;
  readonly cache: StateCache;
  /** The create intents and note attempts a retry reads. */
  readonly markers: SyncMarkers;
  readonly locks: LockManager;
  /** Seconds the invocation may still run, so a long company discovery pauses in time. */
  readonly remainingSeconds?: () => number;
}

export interface TicketSyncInput {
  readonly event: PortalEvent;
  readonly partner: PartnerConfig;
  readonly rules: readonly NotificationRule[];
  /** ISO 8601. */
  readonly now: string;
  /** Who holds the fingerprint lock: unique per attempt. */
  readonly lockOwner: string;
  /**
   * How long the fingerprint lock may live: until the holder's invocation must have ended, so a
   * slow holder never loses it mid-create and a crashed one blocks no longer than its Lambda.
   */
  readonly lockSeconds: number;
  /** An operator's reprocess: the customer's company is looked up afresh. */
  readonly fresh?: boolean;
}

/**
 * The ticket sync of one event: open a ticket (or note the open one), auto-resolve, or nothing.
 * Never opens a second ticket for a problem that has an open one on any board.
 */
export const syncTicket = async (deps: TicketSyncDeps, input: TicketSyncInput): Promise<TicketOutcome> => {
  const plan = planTicketAction(input.event, input.partner.settings, input.rules);
  if (plan.kind === 'none') return { kind: 'no-rule', context: {} };
  const gateways = await deps.connect();
  if (plan.kind === 'resolve') {
    const resolved = await resolveFailureTickets(deps, gateways, input);
    if (resolved) return resolved;
    if (!plan.match) return { kind: 'no-rule', context: { remark: 'no open failure ticket to resolve' } };
    return openOrNoteTicket(deps, gateways, input, plan.match);
  }
  return openOrNoteTicket(deps, gateways, input, plan.match);
};

const openOrNoteTicket = async (
  deps: TicketSyncDeps,
  gateways: ConnectWiseGateways,
  input: TicketSyncInput,
  match: TicketRuleMatch,
): Promise<TicketOutcome> => {
  const { event, partner } = input;
  const fingerprint = ticketFingerprintOf(partner.partnerId, event.account.id, event.type);
  const ruleContext: TicketContext = { ruleIndex: match.index, rule: match.rule, fingerprint };
  const lockName = `ticket:${partner.partnerId}:${fingerprint}`;
  // Lookup and create under one lock, taken first: concurrent events of one problem must not both
  // miss and create, and one lookup under the lock makes a new problem two ConnectWise calls
  // (GET, POST) instead of a lookup before the lock and another under it.
  if (!(await deps.locks.acquire(lockName, input.lockOwner, input.lockSeconds))) {
    // No Retry-After: the record backs off by receive count (1–2 s first), which also outlasts a crashed holder.
    throw new RetryableError(`ticket ${fingerprint} is being opened or noted by another event`);
  }
  try {
    // A repeat of a problem with an open ticket only adds a note.
    const [open] = await gateways.tickets.findOpenTickets([fingerprint]);
    if (open) return await noteOpenTicket(deps, gateways, input, open, ruleContext);
    const context = { ...ruleContext, ...(await creationContextOf(deps, gateways, input)) };
    await deps.markers.put(
      ticketIntentKey(partner.partnerId, fingerprint),
      { eventId: event.eventId },
      { storedAt: input.now, ttlSeconds: markerSeconds.ticketIntent },
    );
    const created = await gateways.tickets.createTicket({
      summary: ticketSummaryOf(event),
      description: ticketDescriptionOf(event),
      companyId: Number(context.companyId),
      boardId: Number(context.boardId),
      statusId: context.statusId,
      externalXRef: fingerprint,
      ...priorityOf(partner, event),
    });
    return { kind: 'created', ticketId: created.id, context: withoutStatusId(context) };
  } finally {
    await deps.locks.release(lockName, input.lockOwner);
  }
};

/** The partner's priority for the event's severity (`settings.ticketPriorities`), if it set one. */
const priorityOf = (partner: PartnerConfig, event: PortalEvent): { priorityId?: number } => {
  const priorities = partner.settings.ticketPriorities;
  const id = event.severity === 'info' ? undefined : priorities?.[event.severity];
  return id === undefined ? {} : { priorityId: id };
};

const withoutStatusId = ({ statusId: _statusId, ...context }: TicketContext & { statusId: number }) =>
  context;

const noteOpenTicket = async (
  deps: TicketSyncDeps,
  gateways: ConnectWiseGateways,
  input: TicketSyncInput,
  open: OpenTicket,
  context: TicketContext & { statusId?: number },
): Promise<TicketOutcome> => {
  const { event, partner } = input;
  const { statusId: _statusId, ...logged } = context;
  // The create of this very event committed but its response was lost: it is ours, not a repeat.
  const intent = await deps.markers.get<{ eventId: string }>(
    ticketIntentKey(partner.partnerId, String(context.fingerprint)),
  );
  if (intent?.value.eventId === event.eventId) return { kind: 'created', ticketId: open.id, context: logged };
  const noteDeps = { tickets: gateways.tickets, markers: deps.markers };
  await addRecurrenceNoteOnce(noteDeps, {
    partnerId: partner.partnerId,
    event,
    ticketId: open.id,
    now: input.now,
  });
  return { kind: 'noted', ticketId: open.id, context: { ...logged, boardId: open.boardId } };
};

/** The company, board and status a new ticket gets. */
const creationContextOf = async (
  deps: TicketSyncDeps,
  gateways: ConnectWiseGateways,
  input: TicketSyncInput,
) => {
  const { event, partner, now } = input;
  const company = await resolvePartnerCustomer(deps, gateways.directory, {
    partner,
    customerId: event.customer.id,
    customerName: event.customer.name,
    now,
    eventId: event.eventId,
    ...(input.fresh && { fresh: true }),
  });
  const board = await resolveTicketBoard(
    { tickets: gateways.tickets, cache: deps.cache },
    { partnerId: partner.partnerId, boardName: partner.settings.ticketBoard, now },
  );
  return {
    companyId: company.companyId,
    companyIdentifier: company.identifier,
    board: board.boardName,
    boardId: board.boardId,
    status: board.newStatusName,
    statusId: board.newStatusId,
  };
};

const resolveFailureTickets = async (
  deps: TicketSyncDeps,
  gateways: ConnectWiseGateways,
  input: TicketSyncInput,
): Promise<TicketOutcome | undefined> => {
  const { event, partner, now } = input;
  const open = await gateways.tickets.findOpenTickets(
    resolvableFingerprintsOf(partner.partnerId, event.account.id),
  );
  if (open.length === 0) return undefined;
  const boardDeps = { tickets: gateways.tickets, cache: deps.cache };
  const fallbackBoard = await resolveTicketBoard(boardDeps, {
    partnerId: partner.partnerId,
    boardName: partner.settings.ticketBoard,
    now,
  });
  for (const ticket of open) {
    const boardId = ticket.boardId ?? fallbackBoard.boardId;
    const closed = await resolveClosedStatus(boardDeps, { partnerId: partner.partnerId, boardId, now });
    // A retry after the status change failed must not note the same resolution twice; a first
    // attempt does not look (its attempt marker says whether there was one before).
    await addNoteOnce(
      { tickets: gateways.tickets, markers: deps.markers },
      {
        partnerId: partner.partnerId,
        attemptId: `${event.eventId}#resolve#${ticket.id}`,
        ticketId: ticket.id,
        text: resolutionNoteOf(event),
        search: resolutionMarkerOf(event),
        kind: 'resolution',
        now,
      },
    );
    await gateways.tickets.setStatus(ticket.id, closed.id);
  }
  return {
    kind: 'resolved',
    ticketIds: open.map((ticket) => ticket.id),
    context: { board: fallbackBoard.boardName, remark: 'backup completed: failure tickets closed' },
  };
};
