import type { CompanyDirectory, CompanySummary } from '../../shared/ports/company-directory.js';
import type { CachedValue, StateCache, StateKey } from '../../shared/ports/state-cache.js';

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
