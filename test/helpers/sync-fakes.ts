import {
  type DeliveryState,
  initialDeliveryState,
  pauseUntil,
} from '../../shared/domain/delivery-control.js';
import type {
  AdditionRecord,
  AdditionUpdate,
  AgreementSummary,
  BillingGateway,
  CrossReference,
} from '../../shared/ports/billing-gateway.js';
import type { CompanyDirectory, CompanySummary } from '../../shared/ports/company-directory.js';
import type { DeliveryStateStore, ReplaceOutcome } from '../../shared/ports/delivery-state.js';
import type { EventLog, EventLogEntry, EventLogPage } from '../../shared/ports/event-log.js';
import type { LockManager } from '../../shared/ports/lock.js';
import type { ManagedIdGateway, SummaryField, SummaryRecord } from '../../shared/ports/managed-id-gateway.js';
import type { MessageVisibility } from '../../shared/ports/message-visibility.js';
import type { RunOnce } from '../../shared/ports/run-once.js';
import type {
  IntegrationInfo,
  ManagementSolutionInfo,
  ProductInfo,
  SetupGateway,
} from '../../shared/ports/setup-gateway.js';
import type { CachedValue, StateCache, StateKey } from '../../shared/ports/state-cache.js';
import type { EnqueueOptions, SyncMessage, SyncQueue } from '../../shared/ports/sync-queue.js';
import type { SyncWindow, WindowClaim } from '../../shared/ports/sync-window.js';
import type {
  BoardStatusInfo,
  NewTicket,
  OpenTicket,
  TicketGateway,
} from '../../shared/ports/ticket-gateway.js';
import type {
  AccountUsage,
  CustomerRegistration,
  CustomerUsage,
  JobCounts,
  KnownCustomer,
  KnownCustomerPage,
  UsageStore,
} from '../../shared/ports/usage-store.js';

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
    const id = `${key.partnerId}|${key.eventId}|${key.job}`;
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

/** Records each message sent back to the sync queue (deferrals). */
export class RecordingSyncQueue implements SyncQueue {
  readonly sent: { message: SyncMessage; options: EnqueueOptions }[] = [];

  async enqueue(message: SyncMessage, options: EnqueueOptions): Promise<void> {
    this.sent.push({ message, options });
  }
}

/** A DeliveryStateStore in memory, with the same version check as the DynamoDB one. */
export class InMemoryDeliveryStateStore implements DeliveryStateStore {
  readonly states = new Map<string, DeliveryState>();

  async read(partnerId: string): Promise<DeliveryState> {
    return this.states.get(partnerId) ?? initialDeliveryState;
  }

  async replace(partnerId: string, expectedVersion: number, next: DeliveryState): Promise<ReplaceOutcome> {
    const current = this.states.get(partnerId) ?? initialDeliveryState;
    if (current.version !== expectedVersion) return { written: false, current };
    this.states.set(partnerId, next);
    return { written: true };
  }

  async pause(partnerId: string, untilMs: number): Promise<boolean> {
    const next = pauseUntil(await this.read(partnerId), untilMs);
    if (next) this.states.set(partnerId, next);
    return next !== undefined;
  }
}

/** A UsageStore in memory: newest snapshot per account by `occurredAt`, each event counted once. */
export class InMemoryUsageStore implements UsageStore {
  readonly snapshots = new Map<string, AccountUsage & { customerId: string }>();
  readonly counters = new Map<string, { counts: JobCounts; eventIds: Set<string> }>();

  async putSnapshot(
    partnerId: string,
    customerId: string,
    usage: AccountUsage,
  ): Promise<'stored' | 'not-newer'> {
    const key = `${partnerId}|${customerId}|${usage.accountId}`;
    const occurredAt = new Date(usage.occurredAt).toISOString();
    const stored = this.snapshots.get(key);
    if (stored && stored.occurredAt >= occurredAt) return 'not-newer';
    this.snapshots.set(key, { ...usage, occurredAt, customerId });
    return 'stored';
  }

  async addJobCounts(input: Parameters<UsageStore['addJobCounts']>[0]): Promise<'added' | 'already-counted'> {
    const key = `${input.partnerId}|${input.customerId}|${input.month}|${input.accountId}`;
    const counter = this.counters.get(key) ?? { counts: noJobCounts, eventIds: new Set<string>() };
    if (counter.eventIds.has(input.eventId)) return 'already-counted';
    counter.eventIds.add(input.eventId);
    this.counters.set(key, { ...counter, counts: sumJobCounts(counter.counts, input.counts) });
    return 'added';
  }

  async getCustomerAccounts(partnerId: string, customerId: string): Promise<AccountUsage[]> {
    return [...this.snapshots.entries()]
      .filter(([key]) => key.startsWith(`${partnerId}|${customerId}|`))
      .map(([, { customerId: _customerId, ...usage }]) => usage)
      .sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  }

  async getCustomerUsage(partnerId: string, customerId: string, month: string): Promise<CustomerUsage> {
    const accounts = await this.getCustomerAccounts(partnerId, customerId);
    const jobs = [...this.counters.entries()]
      .filter(([key]) => key.startsWith(`${partnerId}|${customerId}|${month}|`))
      .reduce((total, [, counter]) => sumJobCounts(total, counter.counts), noJobCounts);
    return { accounts, jobs };
  }

  readonly customers = new Map<string, KnownCustomer>();

  async registerCustomer(partnerId: string, registration: CustomerRegistration): Promise<void> {
    const { accountId: _accountId, ...customer } = registration;
    const key = `${partnerId}|${customer.customerId}`;
    const known = this.customers.get(key);
    if (known && known.lastUsageAt >= customer.lastUsageAt) return;
    this.customers.set(key, customer);
  }

  async listCustomers(
    partnerId: string,
    options: { cursor?: string; limit?: number } = {},
  ): Promise<KnownCustomerPage> {
    const all = [...this.customers.entries()]
      .filter(([key]) => key.startsWith(`${partnerId}|`))
      .map(([, customer]) => customer)
      .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
    const start =
      options.cursor === undefined ? 0 : all.findIndex((c) => c.customerId > String(options.cursor));
    const from = start < 0 ? all.length : start;
    const page = all.slice(from, from + (options.limit ?? 1000));
    const last = page.at(-1);
    return { customers: page, ...(last && from + page.length < all.length && { cursor: last.customerId }) };
  }
}

const noJobCounts: JobCounts = { successfulJobs: 0, failedJobs: 0, notifications: 0 };

const sumJobCounts = (a: JobCounts, b: JobCounts): JobCounts => ({
  successfulJobs: a.successfulJobs + b.successfulJobs,
  failedJobs: a.failedJobs + b.failedJobs,
  notifications: a.notifications + b.notifications,
});

/** A SyncWindow in memory: a claim wins when no sync happened since `cutoff`. */
export class InMemorySyncWindow implements SyncWindow {
  readonly windows = new Map<string, { lastSyncAt: string; claimId: string; eventId: string }>();
  private claims = 0;

  async claim(input: Parameters<SyncWindow['claim']>[0]): Promise<WindowClaim | undefined> {
    const key = `${input.partnerId}|${input.customerId}`;
    const lastSyncAt = new Date(input.now).toISOString();
    const held = this.windows.get(key);
    const closed = held && held.lastSyncAt >= new Date(input.cutoff).toISOString();
    if (closed && held.eventId !== input.eventId) return undefined;
    this.claims += 1;
    const claimId = `claim-${this.claims}`;
    this.windows.set(key, { lastSyncAt, claimId, eventId: input.eventId });
    return { partnerId: input.partnerId, customerId: input.customerId, claimId, claimedAt: lastSyncAt };
  }

  async release(claim: WindowClaim): Promise<void> {
    const key = `${claim.partnerId}|${claim.customerId}`;
    if (this.windows.get(key)?.claimId === claim.claimId) this.windows.delete(key);
  }
}

/** A ManagedIdGateway in memory: summary records by company; `failNext` injects one error. */
/** The setup records the doctor reads, held in memory; `denied` makes every call a 401. */
export class FakeSetupGateway implements SetupGateway {
  solutions: ManagementSolutionInfo[] = [{ id: 1, name: 'Axcient', type: 'Custom', customName: 'Axcient' }];
  integrations: IntegrationInfo[] = [
    {
      id: 1,
      name: 'Axcient',
      solution: 'Axcient',
      loginBy: 'Global',
      defaultBillingLevel: 'Detail',
      matchOnSerialNumber: true,
      disableNewCrossReferences: true,
    },
  ];
  products: ProductInfo[] = [];
  denied: Error | undefined;

  async checkAccess(): Promise<void> {
    if (this.denied) throw this.denied;
  }

  async findManagementSolutions(name: string): Promise<ManagementSolutionInfo[]> {
    const wanted = name.toLowerCase();
    return this.solutions.filter(
      (s) => s.name.toLowerCase() === wanted || s.customName?.toLowerCase() === wanted,
    );
  }

  async findIntegrations(name: string): Promise<IntegrationInfo[]> {
    const wanted = name.toLowerCase();
    return this.integrations.filter(
      (i) => i.name.toLowerCase() === wanted || i.solution?.toLowerCase() === wanted,
    );
  }

  async listProducts(ids: readonly number[]): Promise<ProductInfo[]> {
    return this.products.filter((product) => ids.includes(product.id));
  }
}

export class FakeManagedIdGateway implements ManagedIdGateway {
  readonly records: (SummaryRecord & { companyId: number; solutionId: number })[] = [];
  readonly updates: { recordId: number; values: Partial<Record<SummaryField, number>> }[] = [];
  reads = 0;
  failNext: Error | undefined;

  async listSummaryRecords(
    companyId: number,
    solutionId: number,
    managedId: string,
  ): Promise<SummaryRecord[]> {
    this.reads += 1;
    return this.records
      .filter(
        (r) => r.companyId === companyId && r.solutionId === solutionId && r.groupIdentifier === managedId,
      )
      .sort((a, b) => a.id - b.id);
  }

  async updateSummaryRecord(
    _companyId: number,
    recordId: number,
    values: Partial<Record<SummaryField, number>>,
  ): Promise<void> {
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    this.updates.push({ recordId, values });
    const record = this.records.find((r) => r.id === recordId);
    if (record) Object.assign(record, { values: { ...record.values, ...values } });
  }
}

/** A BillingGateway in memory: one integration, agreements and additions; counts reads. */
export class FakeBillingGateway implements BillingGateway {
  integrationId: number | undefined = 1;
  crossReferences: CrossReference[] = [];
  agreements: (AgreementSummary & { companyId: number })[] = [];
  additions: AdditionRecord[] = [];
  readonly updates: { additionId: number; update: AdditionUpdate }[] = [];
  readonly reads = { setup: 0, agreements: 0, additions: 0 };
  failNext: Error | undefined;

  async findIntegrationId(): Promise<number | undefined> {
    this.reads.setup += 1;
    return this.integrationId;
  }

  async listCrossReferences(): Promise<CrossReference[]> {
    this.reads.setup += 1;
    return this.crossReferences;
  }

  async listAgreements(companyId: number): Promise<AgreementSummary[]> {
    this.reads.agreements += 1;
    return this.agreements.filter((a) => a.companyId === companyId).map(({ companyId: _c, ...a }) => a);
  }

  async listAdditions(agreementIds: readonly number[], serialNumber: string): Promise<AdditionRecord[]> {
    this.reads.additions += agreementIds.length;
    return this.additions.filter(
      (a) => agreementIds.includes(a.agreementId) && a.serialNumber === serialNumber,
    );
  }

  async updateAddition(_agreementId: number, additionId: number, update: AdditionUpdate): Promise<void> {
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    this.updates.push({ additionId, update });
    const addition = this.additions.findIndex((a) => a.id === additionId);
    const current = this.additions[addition];
    if (current) this.additions[addition] = { ...current, ...update };
  }
}
