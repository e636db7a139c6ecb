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
  readonly nextToken?: string;
}

export interface EventLog {
  append(entry: EventLogEntry): Promise<void>;
  /** Newest first. */
  list(accountId: string, options?: { limit?: number; nextToken?: string }): Promise<EventLogPage>;
}
