import { cond } from '../../connectwise/conditions.js';
import type { Board, BoardStatus, Ticket } from '../../connectwise/types.js';
import type { ConnectWiseApi } from '../../ports/connectwise.js';
import type { BoardStatusInfo, NewTicket, OpenTicket, TicketGateway } from '../../ports/ticket-gateway.js';

const ticketFields = 'id,board,externalXRef';

/**
 * `text` for a `contains` search, which ConnectWise runs as SQL `LIKE '%text%'`: a `%` in it would
 * match any run of characters (a note of another occurrence could pass for this one's). Each `%`
 * becomes `_`, one character; `_` itself already matches only one. The search is then at most one
 * character wider per wildcard, never a run, and needs no escape syntax ConnectWise may not pass on.
 */
export const asLikeLiteral = (text: string): string => text.replace(/%/g, '_');

const toOpenTicket = (ticket: Pick<Ticket, 'id' | 'board' | 'externalXRef'>): OpenTicket => ({
  id: Number(ticket.id),
  boardId: ticket.board?.id ?? undefined,
  externalXRef: ticket.externalXRef ?? undefined,
});

/** Tickets, notes and board statuses through the ConnectWise REST API. */
export class ConnectWiseTicketGateway implements TicketGateway {
  constructor(private readonly api: ConnectWiseApi) {}

  async findOpenTickets(externalXRefs: readonly string[]): Promise<OpenTicket[]> {
    const refs = externalXRefs.map((ref) => cond.eq('externalXRef', ref));
    // No board condition: a ticket moved to another board, or made a child, is still the same problem.
    const conditions = cond.and(cond.eq('closedFlag', false), cond.or(...refs)).toString();
    const tickets = await this.api.list<Ticket>('/service/tickets', {
      conditions,
      fields: ticketFields,
      pageSize: 25,
      limit: 25,
    });
    // Sorted here rather than with orderBy: ConnectWise lists by id by default, and this keeps it explicit.
    return tickets.map(toOpenTicket).sort((a, b) => a.id - b.id);
  }

  async createTicket(ticket: NewTicket): Promise<OpenTicket> {
    const created = await this.api.post<Ticket>('/service/tickets', {
      summary: ticket.summary,
      recordType: 'ServiceTicket',
      company: { id: ticket.companyId },
      board: { id: ticket.boardId },
      status: { id: ticket.statusId },
      initialDescription: ticket.description,
      externalXRef: ticket.externalXRef,
      ...(ticket.priorityId !== undefined && { priority: { id: ticket.priorityId } }),
    });
    return toOpenTicket(created);
  }

  async addNote(ticketId: number, text: string, kind: 'detail' | 'resolution'): Promise<void> {
    await this.api.post(`/service/tickets/${ticketId}/notes`, {
      text,
      detailDescriptionFlag: true,
      internalAnalysisFlag: false,
      resolutionFlag: kind === 'resolution',
    });
  }

  async hasNoteContaining(ticketId: number, text: string): Promise<boolean> {
    const notes = await this.api.list<{ id: number }>(`/service/tickets/${ticketId}/notes`, {
      conditions: cond.contains('text', asLikeLiteral(text)).toString(),
      fields: 'id',
      pageSize: 1,
      limit: 1,
    });
    return notes.length > 0;
  }

  async setStatus(ticketId: number, statusId: number): Promise<void> {
    await this.api.patch(`/service/tickets/${ticketId}`, [
      { op: 'replace', path: 'status', value: { id: statusId } },
    ]);
  }

  async findBoardIdByName(name: string): Promise<number | undefined> {
    const boards = await this.api.list<Board>('/service/boards', {
      conditions: cond.eq('name', name).toString(),
      fields: 'id,name,inactiveFlag',
      limit: 10,
    });
    return (boards.find((board) => !board.inactiveFlag) ?? boards[0])?.id;
  }

  async listBoardStatuses(boardId: number): Promise<BoardStatusInfo[]> {
    const statuses = await this.api.list<BoardStatus>(`/service/boards/${boardId}/statuses`, {
      fields: 'id,name,escalationStatus,closedStatus,inactive,sortOrder',
    });
    return statuses.map((status) => ({
      id: Number(status.id),
      name: status.name,
      escalationStatus: status.escalationStatus ?? undefined,
      closedStatus: status.closedStatus === true,
      inactive: status.inactive === true,
    }));
  }
}
