/** One line of an account's event log: what happened to one event, or one push. */
export interface EventLogEntry {
  readonly accountId: string;
  readonly partnerId: string;
  readonly customerId: string;
  readonly eventId: string;
  /** When the outcome was recorded (ISO 8601). */
  readonly at: string;
  readonly level: 'success' | 'info' | 'warning' | 'error';
  /** What an operator reads, e.g. "ticket #42 created". */
  readonly message: string;
  /** Why: the matched rule, the ConnectWise error, the Managed ID to add. */
  readonly details?: Record<string, unknown>;
}

export interface EventLogPage {
  readonly entries: EventLogEntry[];
  /** Continues the listing where this page stopped; absent on the last page. */
  readonly cursor?: string;
}

export interface EventLogQuery {
  /** Only this partner's entries; without it, the account id's entries of every partner. */
  readonly partnerId?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface EventLog {
  append(entry: EventLogEntry): Promise<void>;
  /** Newest first. */
  list(accountId: string, query?: EventLogQuery): Promise<EventLogPage>;
}

/** What `list` throws for a cursor it did not issue for the same account and partner. */
export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursorError';
  }
}
