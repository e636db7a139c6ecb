import type { CompanyDirectory, CompanySummary } from '../../shared/ports/company-directory.js';
import type { EventLog, EventLogEntry, EventLogPage } from '../../shared/ports/event-log.js';
import type { LockManager } from '../../shared/ports/lock.js';
import type { MessageVisibility } from '../../shared/ports/message-visibility.js';
import type { RunOnce } from '../../shared/ports/run-once.js';
import type { CachedValue, StateCache, StateKey } from '../../shared/ports/state-cache.js';
import type {
  BoardStatusInfo,
  NewTicket,
  OpenTicket,
  TicketGateway,
} from '../../shared/ports/ticket-gateway.js';

/** A StateCache in memory, honouring TTLs against a settable clock (epoch ms). */
export class InMemoryStateCache implements StateCache {
  readonly items = new Map<string, { value: unknown; storedAt: string; expiresAtMs: number }>();
  nowMs = Date.parse('2026-11-28T10:00:00Z');

  async get<T>(key: StateKey): Promise<CachedValue<T> | undefined> {
    const item = this.items.get(`${key.pk}|${key.sk}`);
    if (!item || item.expiresAtMs <= this.nowMs) return undefined;
    return { value: item.value as T, storedAt: item.storedAt };
  }

  async put<T>(key: StateKey, value: T, options: { storedAt: string; ttlSeconds: number }): Promise<void> {
    this.items.set(`${key.pk}|${key.sk}`, {
      value,
      storedAt: options.storedAt,
      expiresAtMs: Date.parse(options.storedAt) + options.ttlSeconds * 1000,
    });
  }
}

/** A CompanyDirectory over a fixed list of companies and their Managed IDs, counting calls. */
export class FakeCompanyDirectory implements CompanyDirectory {
  readonly calls = { solutions: 0, companyScans: 0, managedIdLookups: [] as number[] };

  constructor(
    readonly companies: (CompanySummary & { managedIds: string[] })[],
    readonly solutions: Record<string, number> = { 'Axcient BDR': 7 },
  ) {}

  async findManagementSolutionId(name: string): Promise<number | undefined> {
    this.calls.solutions += 1;
    return this.solutions[name];
  }

  async listCompanies(): Promise<CompanySummary[]> {
    this.calls.companyScans += 1;
    return this.companies.map(({ id, identifier, name }) => ({ id, identifier, name }));
  }

  async listManagedIds(companyId: number, _solutionId: number, prefix: string): Promise<string[]> {
    this.calls.managedIdLookups.push(companyId);
    const company = this.companies.find((c) => c.id === companyId);
    return (company?.managedIds ?? []).filter((id) => id.startsWith(prefix));
  }
}

/** A TicketGateway in memory: tickets with notes, boards with statuses; `failNext` injects one error. */
export class FakeTicketGateway implements TicketGateway {
  readonly tickets: (OpenTicket &
    NewTicket & { closed: boolean; notes: { text: string; kind: string }[] })[] = [];
  readonly boards = new Map<string, { id: number; statuses: BoardStatusInfo[] }>([
    [
      'Backup Alerts',
      { id: 1, statuses: [status(1, 'New', 'NotResponded'), status(3, 'Resolved', 'Resolved', true)] },
    ],
    [
      'Escalations',
      { id: 2, statuses: [status(4, 'New', 'NotResponded'), status(5, 'Done', 'Resolved', true)] },
    ],
  ]);
  failNext: Error | undefined;
  writes = 0;

  private check(): void {
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
  }

  async findOpenTickets(refs: readonly string[]): Promise<OpenTicket[]> {
    this.check();
    return this.tickets.filter((t) => !t.closed && refs.includes(String(t.externalXRef)));
  }

  async createTicket(ticket: NewTicket): Promise<OpenTicket> {
    this.check();
    this.writes += 1;
    const created = { ...ticket, id: this.tickets.length + 1, closed: false, notes: [] };
    this.tickets.push(created);
    return created;
  }

  async addNote(ticketId: number, text: string, kind: 'detail' | 'resolution'): Promise<void> {
    this.check();
    this.writes += 1;
    this.tickets.find((t) => t.id === ticketId)?.notes.push({ text, kind });
  }

  async hasNoteContaining(ticketId: number, text: string): Promise<boolean> {
    this.check();
    return this.tickets.some((t) => t.id === ticketId && t.notes.some((note) => note.text.includes(text)));
  }

  async setStatus(ticketId: number, statusId: number): Promise<void> {
    this.check();
    this.writes += 1;
    const ticket = this.tickets.find((t) => t.id === ticketId);
    const closing = [...this.boards.values()].flatMap((b) => b.statuses).find((s) => s.id === statusId);
    if (ticket) Object.assign(ticket, { statusId, closed: closing?.closedStatus === true });
  }

  async findBoardIdByName(name: string): Promise<number | undefined> {
    return this.boards.get(name)?.id;
  }

  async listBoardStatuses(boardId: number): Promise<BoardStatusInfo[]> {
    return [...this.boards.values()].find((b) => b.id === boardId)?.statuses ?? [];
  }
}

function status(id: number, name: string, escalationStatus: string, closedStatus = false): BoardStatusInfo {
  return { id, name, escalationStatus, closedStatus, inactive: false };
}

/** A LockManager in memory (no expiry: tests release explicitly). */
export class InMemoryLocks implements LockManager {
  readonly held = new Map<string, string>();
  readonly ttls: number[] = [];

  async acquire(name: string, owner: string, ttlSeconds: number): Promise<boolean> {
    this.ttls.push(ttlSeconds);
    const holder = this.held.get(name);
    if (holder !== undefined && holder !== owner) return false;
    this.held.set(name, owner);
    return true;
  }

  async release(name: string, owner: string): Promise<void> {
    if (this.held.get(name) === owner) this.held.delete(name);
  }
}

/** RunOnce in memory: completed results by key; a failed run leaves nothing. */
export const inMemoryRunOnce = (): RunOnce => {
  const done = new Map<string, unknown>();
  return async (key, work) => {
    const id = `${key.partnerId}|${key.eventId}`;
    if (done.has(id)) return done.get(id) as Awaited<ReturnType<typeof work>>;
    const result = await work();
    done.set(id, result);
    return result;
  };
};

/** An EventLog in memory, newest first. */
export class InMemoryEventLog implements EventLog {
  readonly entries: EventLogEntry[] = [];

  async append(entry: EventLogEntry): Promise<void> {
    this.entries.unshift(entry);
  }

  async list(accountId: string): Promise<EventLogPage> {
    return { entries: this.entries.filter((e) => e.accountId === accountId) };
  }
}

/** Records each visibility change. */
export class RecordingVisibility implements MessageVisibility {
  readonly delays: { receiptHandle: string; seconds: number }[] = [];

  async delay(receiptHandle: string, seconds: number): Promise<void> {
    this.delays.push({ receiptHandle, seconds });
  }
}
