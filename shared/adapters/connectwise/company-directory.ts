import { cond } from '../../connectwise/conditions.js';
import type { Company, CompanyManagementSummary, ManagementItSolution } from '../../connectwise/types.js';
import type { CompanyDirectory, CompanySummary } from '../../ports/company-directory.js';
import type { ConnectWiseApi } from '../../ports/connectwise.js';

/**
 * How long the company list is reused in a warm container. Discovering many new customers in a
 * row (a billing sweep, a burst of first events) then lists the companies once, not once per
 * customer — which would grow with the tenant's size for every customer. A company created since
 * is found on the next listing, or at once by a fresh lookup (an operator's reprocess).
 */
export const companyListReuseMs = 5 * 60_000;

/** Companies and their management summary reports through the ConnectWise REST API. */
export class ConnectWiseCompanyDirectory implements CompanyDirectory {
  #companies: { readonly at: number; readonly list: Promise<CompanySummary[]> } | undefined;

  constructor(
    private readonly api: ConnectWiseApi,
    private readonly now: () => number = Date.now,
  ) {}

  async findManagementSolutionId(name: string): Promise<number | undefined> {
    const solutions = await this.api.list<ManagementItSolution>('/company/managementItSolutions', {
      conditions: cond.eq('name', name).toString(),
      fields: 'id,name',
      limit: 1,
    });
    return solutions[0]?.id;
  }

  listCompanies(options: { readonly fresh?: boolean } = {}): Promise<CompanySummary[]> {
    const now = this.now();
    const reusable = this.#companies && now - this.#companies.at < companyListReuseMs && !options.fresh;
    if (reusable && this.#companies) return this.#companies.list;
    const list = this.#listCompanies();
    this.#companies = { at: now, list };
    // A failed listing is not reused: the next caller asks ConnectWise again.
    list.catch(() => {
      if (this.#companies?.list === list) this.#companies = undefined;
    });
    return list;
  }

  async #listCompanies(): Promise<CompanySummary[]> {
    // Only the three fields discovery needs, 1000 per page: a 5000-company tenant is 5 requests.
    const companies = await this.api.list<Company>('/company/companies', {
      fields: 'id,identifier,name',
      pageSize: 1000,
    });
    return companies.map((company) => ({
      id: Number(company.id),
      identifier: company.identifier,
      name: company.name,
    }));
  }

  async listManagedIds(companyId: number, managementSolutionId: number, prefix: string): Promise<string[]> {
    const reports = await this.api.list<CompanyManagementSummary>(
      `/company/companies/${companyId}/managementSummaryReports`,
      {
        conditions: cond
          .and(
            cond.eq('managementSolution/id', managementSolutionId),
            cond.like('groupIdentifier', `${prefix}%`),
          )
          .toString(),
        fields: 'id,groupIdentifier',
        pageSize: 1000,
      },
    );
    return [...new Set(reports.map((report) => report.groupIdentifier))];
  }
}
