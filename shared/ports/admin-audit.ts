/**
 * The admin audit trail: one entry per change an operator made through the admin API (partner
 * and rules changes, secret rotations, reprocesses, redrives, sweeps), refused ones included.
 * Entries never hold request bodies, so no key or secret can end up in them.
 */
export interface AdminAuditEntry {
  /** ISO 8601. */
  readonly at: string;
  /** Who: "admin token", or the IAM principal's ARN. */
  readonly caller: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** The route, e.g. `POST /v1/admin/dlq/redrive`. */
  readonly action: string;
  /** The path as called, e.g. `/v1/admin/events/evt-1/reprocess`. */
  readonly path: string;
  /** The route's path parameters (partner, event). */
  readonly target: Readonly<Record<string, string>>;
  /** The HTTP status answered. */
  readonly status: number;
  /** What it did, as the route counts it (`{moved: 3, skipped: 0, failed: 0}`), or why it was refused. */
  readonly outcome: Readonly<Record<string, unknown>>;
}

export interface AdminAuditPage {
  readonly entries: AdminAuditEntry[];
  /** Continues the listing; absent on the last page. */
  readonly cursor?: string;
}

export interface AdminAudit {
  record(entry: AdminAuditEntry): Promise<void>;
  /** Newest first. @throws InvalidCursorError for a cursor it did not issue */
  list(query?: { readonly limit?: number; readonly cursor?: string }): Promise<AdminAuditPage>;
}
