import { PartnerConfigurationError } from '../errors.js';
import type { StateCache } from '../ports/state-cache.js';
import type { BoardStatusInfo, TicketGateway } from '../ports/ticket-gateway.js';
import { readThrough } from './read-through.js';

/** Board facts change rarely; a partner's fix is picked up within this time. */
export const boardCacheSeconds = 3600;

export interface BoardDeps {
  readonly tickets: TicketGateway;
  readonly cache: StateCache;
}

export interface BoardQuery {
  readonly partnerId: string;
  /** ISO 8601. */
  readonly now: string;
}

/** Where new tickets go: the board and its "Not Responded" status. */
export interface TicketBoard {
  readonly boardId: number;
  readonly boardName: string;
  readonly newStatusId: number;
  readonly newStatusName: string;
}

const pk = (partnerId: string) => `PARTNER#${partnerId}`;

const cached = <T>(deps: BoardDeps, query: BoardQuery, sk: string, load: () => Promise<T>): Promise<T> =>
  readThrough(
    deps.cache,
    { pk: pk(query.partnerId), sk },
    { now: query.now, ttlSeconds: boardCacheSeconds },
    load,
  );

const statusesOf = (deps: BoardDeps, query: BoardQuery, boardId: number): Promise<BoardStatusInfo[]> =>
  cached(deps, query, `BOARD#${boardId}`, () => deps.tickets.listBoardStatuses(boardId));

/** The status the seed calls "Not Responded": escalationStatus NotResponded, open and active. */
export const pickNewStatus = (statuses: readonly BoardStatusInfo[]): BoardStatusInfo | undefined =>
  statuses.find((s) => s.escalationStatus === 'NotResponded' && !s.closedStatus && !s.inactive);

/** The status a resolved ticket moves to: closed and Resolved when the board has one, else any closed. */
export const pickClosedStatus = (statuses: readonly BoardStatusInfo[]): BoardStatusInfo | undefined =>
  statuses.find((s) => s.closedStatus && s.escalationStatus === 'Resolved' && !s.inactive) ??
  statuses.find((s) => s.closedStatus && !s.inactive);

/**
 * The partner's ticket board (by name, from settings) and its NotResponded status, cached.
 * @throws PartnerConfigurationError naming the board when it or its status is missing.
 */
export const resolveTicketBoard = async (
  deps: BoardDeps,
  query: BoardQuery & { readonly boardName: string },
): Promise<TicketBoard> => {
  const boardId = await cached(deps, query, `BOARDNAME#${query.boardName}`, async () => {
    const id = await deps.tickets.findBoardIdByName(query.boardName);
    if (id === undefined) {
      throw new PartnerConfigurationError(`service board "${query.boardName}" does not exist in ConnectWise`);
    }
    return id;
  });
  const status = pickNewStatus(await statusesOf(deps, query, boardId));
  if (!status) {
    throw new PartnerConfigurationError(
      `service board "${query.boardName}" has no active status with escalation status "Not Responded": set one up (ConnectWise Setup Tables > Service Board > Statuses)`,
    );
  }
  return { boardId, boardName: query.boardName, newStatusId: status.id, newStatusName: status.name };
};

/**
 * The closed status of the board a ticket is on now (it may have been moved).
 * @throws PartnerConfigurationError when that board has no active closed status.
 */
export const resolveClosedStatus = async (
  deps: BoardDeps,
  query: BoardQuery & { readonly boardId: number },
): Promise<BoardStatusInfo> => {
  const status = pickClosedStatus(await statusesOf(deps, query, query.boardId));
  if (!status) {
    throw new PartnerConfigurationError(`service board #${query.boardId} has no active closed status`);
  }
  return status;
};
