import { appendFileSync } from 'node:fs';

/** One request the simulator received; never holds the Authorization header. */
export interface JournalEntry {
  seq: number;
  at: string;
  method: string;
  /** Path after `apis/3.0` (e.g. `/service/tickets/5`), or `/login/companyinfo/<id>`. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** 0 when the connection was dropped without a response. */
  status: number;
  fault?: string;
}

/** The request log behind `/__sim/requests`; optionally mirrored to a JSON-lines file. */
export class RequestJournal {
  private entries: JournalEntry[] = [];
  private seq = 0;

  /** @param conformanceLog file that receives `{method, path, query, body, status}` per API request. */
  constructor(private readonly conformanceLog: string | undefined) {}

  record(entry: Omit<JournalEntry, 'seq' | 'at'>): JournalEntry {
    this.seq += 1;
    const full: JournalEntry = { seq: this.seq, at: new Date().toISOString(), ...entry };
    this.entries.push(full);
    if (this.conformanceLog !== undefined && !entry.path.startsWith('/login/')) {
      const { method, path, query, body, status } = entry;
      appendFileSync(this.conformanceLog, `${JSON.stringify({ method, path, query, body, status })}\n`);
    }
    return full;
  }

  /** Entries with a sequence number above `since` (all when omitted). */
  list(since = 0): JournalEntry[] {
    return this.entries.filter((entry) => entry.seq > since);
  }

  clear(): void {
    this.entries = [];
  }
}
