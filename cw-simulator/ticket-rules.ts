import type { ApiFieldError } from './api-error.js';
import type { AfterCreate, MutationContext, SaveRule } from './mutation-context.js';
import { buildReference } from './references.js';
import type { JsonRecord } from './store.js';

type Ref = { id?: number; name?: string } | undefined;

const fieldError = (field: string, message: string): ApiFieldError => ({
  code: 'InvalidField',
  message,
  resource: 'Ticket',
  field,
});

const statusesOf = (context: MutationContext, boardId: number): JsonRecord[] =>
  context.store
    .select('statuses', (status) => (status.board as Ref)?.id === boardId && status.inactive !== true)
    .sort((a, b) => Number(a.sortOrder ?? 0) - Number(b.sortOrder ?? 0));

/** The status a ticket lands in on a board: same name as before, else the board's default, else the first. */
const statusOnBoard = (statuses: JsonRecord[], previousName: string | undefined): JsonRecord | undefined =>
  statuses.find((s) => previousName !== undefined && s.name === previousName) ??
  statuses.find((s) => s.defaultFlag === true) ??
  statuses[0];

const resolveStatus = (
  ticket: Record<string, unknown>,
  previous: JsonRecord | undefined,
  context: MutationContext,
) => {
  const boardId = (ticket.board as Ref)?.id ?? -1;
  const statuses = statusesOf(context, boardId);
  const requested = (ticket.status as Ref)?.id;
  const onBoard = statuses.find((s) => s.id === requested);
  if (onBoard !== undefined) return onBoard;
  const boardMoved = previous !== undefined && (previous.board as Ref)?.id !== boardId;
  const statusKept = previous !== undefined && (previous.status as Ref)?.id === requested;
  // Moving a ticket keeps the status by name, as ConnectWise does when only the board changes.
  if (requested === undefined || (boardMoved && statusKept)) {
    return statusOnBoard(statuses, (previous?.status as Ref)?.name);
  }
  return undefined;
};

const applyClosedState = (
  ticket: Record<string, unknown>,
  status: JsonRecord,
  previous: JsonRecord | undefined,
  context: MutationContext,
) => {
  ticket.closedFlag = status.closedStatus === true;
  if (ticket.closedFlag && previous?.closedFlag !== true) {
    ticket.closedDate = context.now.toISOString();
    ticket.closedBy = context.member;
  } else if (!ticket.closedFlag) {
    delete ticket.closedDate;
    delete ticket.closedBy;
  }
};

/** Board and status defaults, `closedFlag` from the status, and a parent ticket that exists. */
export const prepareTicket: SaveRule = (ticket, previous, context) => {
  ticket.recordType ??= 'ServiceTicket';
  ticket.severity ??= 'Medium';
  ticket.impact ??= 'Medium';
  for (const field of ['initialDescription', 'initialInternalAnalysis', 'initialResolution'])
    delete ticket[field];
  if (ticket.board === undefined || ticket.board === null) {
    const board = context.store.find('boards', () => true);
    if (board === undefined) return [fieldError('board', 'board is required: no service board exists.')];
    ticket.board = buildReference('BoardReference', board, context.baseUrl);
  }
  const errors: ApiFieldError[] = [];
  const status = resolveStatus(ticket, previous, context);
  if (status === undefined) {
    errors.push(fieldError('status', `status is not a status of board ${(ticket.board as Ref)?.name}.`));
  } else {
    ticket.status = buildReference('ServiceStatusReference', status, context.baseUrl);
    applyClosedState(ticket, status, previous, context);
  }
  const parentId = ticket.parentTicketId;
  if (
    typeof parentId === 'number' &&
    (parentId === previous?.id || !context.store.get('tickets', parentId))
  ) {
    errors.push(fieldError('parentTicketId', `parentTicketId ${parentId} is not another existing ticket.`));
  }
  return errors;
};

const noteFlags: Record<string, string> = {
  initialDescription: 'detailDescriptionFlag',
  initialInternalAnalysis: 'internalAnalysisFlag',
  initialResolution: 'resolutionFlag',
};

/** The initial texts of a new ticket become its first notes; its parent learns it has a child. */
export const afterTicketCreate: AfterCreate = (ticket, body, context) => {
  for (const [field, flag] of Object.entries(noteFlags)) {
    const text = body[field];
    if (typeof text !== 'string' || text === '') continue;
    context.store.insert('notes', {
      ticketId: ticket.id,
      text,
      detailDescriptionFlag: flag === 'detailDescriptionFlag',
      internalAnalysisFlag: flag === 'internalAnalysisFlag',
      resolutionFlag: flag === 'resolutionFlag',
      dateCreated: context.now.toISOString(),
      createdBy: context.member,
      _info: { lastUpdated: context.now.toISOString(), updatedBy: context.member },
    });
  }
  markParent(ticket, context);
};

/** Sets `hasChildTicket` on the parent of a ticket that names one. */
export const markParent = (ticket: JsonRecord, context: MutationContext): void => {
  if (typeof ticket.parentTicketId !== 'number') return;
  const parent = context.store.get('tickets', ticket.parentTicketId);
  if (parent !== undefined) context.store.replace('tickets', { ...parent, hasChildTicket: true });
};
