/** An open ConnectWise ticket as the ticket use cases need it. */
export interface OpenTicket {
  readonly id: number;
  /** Where the ticket is now: a technician may have moved it to another board. */
  readonly boardId: number | undefined;
  readonly externalXRef: string | undefined;
}

/** A ticket to open. */
export interface NewTicket {
  readonly summary: string;
  readonly description: string;
  readonly companyId: number;
  readonly boardId: number;
  readonly statusId: number;
  readonly externalXRef: string;
  /** The ticket's priority; ConnectWise's default for the board when absent. */
  readonly priorityId?: number;
}

/** One status of a service board. */
export interface BoardStatusInfo {
  readonly id: number;
  readonly name: string;
  readonly escalationStatus: string | undefined;
  readonly closedStatus: boolean;
  readonly inactive: boolean;
}

/** The service tickets and boards of one partner's ConnectWise. */
export interface TicketGateway {
  /** Open tickets (any board, children included) with one of these `externalXRef`s, oldest first. */
  findOpenTickets(externalXRefs: readonly string[]): Promise<OpenTicket[]>;
  createTicket(ticket: NewTicket): Promise<OpenTicket>;
  /** A detail note, or a resolution note (`resolutionFlag`). */
  addNote(ticketId: number, text: string, kind: 'detail' | 'resolution'): Promise<void>;
  /** Whether one of the ticket's notes contains `text`. */
  hasNoteContaining(ticketId: number, text: string): Promise<boolean>;
  setStatus(ticketId: number, statusId: number): Promise<void>;
  findBoardIdByName(name: string): Promise<number | undefined>;
  listBoardStatuses(boardId: number): Promise<BoardStatusInfo[]>;
}
