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
import { TicketCreateUnsettledError, WorkInProgressError } from '../errors.js';
import { logger } from '../observability.js';
import type { ConnectWiseGateways } from '../ports/connectwise-gateways.js';
import type { LockManager } from '../ports/lock.js';
import type { StateCache } from '../ports/state-cache.js';
import type { StoredMarker, SyncMarkers } from '../ports/sync-markers.js';
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
  /**
   * How long after a create whose answer was lost no second ticket is created for the problem.
   * @default defaultTicketCreateSettleSeconds
   */
  readonly createSettleSeconds?: number;
  /** The time a create's intent is stamped with. @default the system clock */
  readonly clock?: () => Date;
}

/**
 * A ticket POST the client gave up on (its 10 s timeout, a dropped connection, a crash) may still
 * commit while ConnectWise works through it; a retry that finds no ticket before then must not
 * create a second one. Six client timeouts: long past any request ConnectWise still serves.
 */
export const defaultTicketCreateSettleSeconds = 60;
/** The sync function's env var of the settle time (set short by tests of lost answers). */
export const ticketCreateSettleEnvVar = 'TICKET_CREATE_SETTLE_SECONDS';

/** Written before a ticket create; says which event's create it guards and, once known, its ticket. */
interface TicketIntent {
  readonly eventId: string;
  /** The create's answer came back: this is the ticket, and nothing of that create is pending. */
  readonly ticketId?: number;
}

export interface TicketSyncInput {
  readonly event: PortalEvent;
  readonly partner: PartnerConfig;
  readonly rules: readonly NotificationRule[];
  /** ISO 8601. */
  readonly now: string;
  /** Who holds the fingerprint lock: the event, so a retry of it takes back a lock it lost track of. */
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
    // Deferred, not retried: a holder that crashed or lost its release to an outage keeps the lock
    // up to its Lambda's end, longer than the receive budget lasts.
    throw new WorkInProgressError(`ticket ${fingerprint} is being opened or noted by another event`);
  }
  try {
    // A repeat of a problem with an open ticket only adds a note.
    const [open] = await gateways.tickets.findOpenTickets([fingerprint]);
    if (open) return await noteOpenTicket(deps, gateways, input, open, ruleContext);
    const intentKey = ticketIntentKey(partner.partnerId, fingerprint);
    await waitForUnsettledCreate(deps, input, await deps.markers.get<TicketIntent>(intentKey), fingerprint);
    const context = { ...ruleContext, ...(await creationContextOf(deps, gateways, input)) };
    const intent: TicketIntent = { eventId: event.eventId };
    // Timed as the create goes out, not as the record began: the settle time runs from here.
    const sentAt = (deps.clock?.() ?? new Date()).toISOString();
    await deps.markers.put(intentKey, intent, { storedAt: sentAt, ttlSeconds: markerSeconds.ticketIntent });
    const created = await gateways.tickets.createTicket({
      summary: ticketSummaryOf(event),
      description: ticketDescriptionOf(event),
      companyId: Number(context.companyId),
      boardId: Number(context.boardId),
      statusId: context.statusId,
      externalXRef: fingerprint,
      ...priorityOf(partner, event),
    });
    await settleIntent(deps, intentKey, { ...intent, ticketId: created.id }, input.now);
    return { kind: 'created', ticketId: created.id, context: withoutStatusId(context) };
  } finally {
    await deps.locks.release(lockName, input.lockOwner);
  }
};

/**
 * No ticket is open, but an earlier create of this problem may not have settled yet (its answer was
 * lost a moment ago): look again once it has, rather than risk a second ticket. An intent whose
 * create answered, or that is older than the settle time, is history.
 * @throws TicketCreateUnsettledError while the earlier create may still commit
 */
const waitForUnsettledCreate = async (
  deps: TicketSyncDeps,
  input: TicketSyncInput,
  earlier: StoredMarker<TicketIntent> | undefined,
  fingerprint: string,
): Promise<void> => {
  if (earlier === undefined || earlier.value.ticketId !== undefined) return;
  const settleSeconds = deps.createSettleSeconds ?? defaultTicketCreateSettleSeconds;
  const settlesAt = Date.parse(earlier.storedAt) + settleSeconds * 1000;
  const waitSeconds = Math.ceil((settlesAt - Date.parse(input.now)) / 1000);
  if (waitSeconds <= 0) return;
  throw new TicketCreateUnsettledError(
    `ticket ${fingerprint}: the create of event ${earlier.value.eventId} got no answer and may still commit; looking again in ${waitSeconds} s`,
    { retryAfterSeconds: waitSeconds },
  );
};

/** Notes that the create answered. Best effort: the ticket exists whether or not the note lands. */
const settleIntent = async (
  deps: TicketSyncDeps,
  key: ReturnType<typeof ticketIntentKey>,
  intent: TicketIntent,
  now: string,
): Promise<void> => {
  try {
    await deps.markers.put(key, intent, { storedAt: now, ttlSeconds: markerSeconds.ticketIntent });
  } catch (error) {
    // Costs at most one settle time's wait for the next create of this problem, once it is closed.
    logger.warn('could not note the created ticket on its intent', { error, ticketId: intent.ticketId });
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
  const intent = await deps.markers.get<TicketIntent>(
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
