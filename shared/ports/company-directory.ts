/** A ConnectWise company, reduced to what company resolution needs. */
export interface CompanySummary {
  readonly id: number;
  readonly identifier: string;
  readonly name: string;
}

/** The companies of one partner's ConnectWise and their Managed IDs. */
export interface CompanyDirectory {
  findManagementSolutionId(name: string): Promise<number | undefined>;
  /**
   * Every company (ids and names only). A listing may be reused for a few minutes; `fresh` asks
   * ConnectWise again (an operator's reprocess, right after creating the company).
   */
  listCompanies(options?: { readonly fresh?: boolean }): Promise<CompanySummary[]>;
  /** The company's Managed IDs (summary report `groupIdentifier`s) starting with `prefix`. */
  listManagedIds(companyId: number, managementSolutionId: number, prefix: string): Promise<string[]>;
}
