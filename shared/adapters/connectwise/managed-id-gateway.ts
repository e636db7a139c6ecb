import { cond } from '../../connectwise/conditions.js';
import type { CompanyManagementSummary } from '../../connectwise/types.js';
import type { ConnectWiseApi, PatchOperation } from '../../ports/connectwise.js';
import {
  type ManagedIdGateway,
  type SummaryField,
  type SummaryRecord,
  summaryFields,
} from '../../ports/managed-id-gateway.js';

const reportsPath = (companyId: number): string => `/company/companies/${companyId}/managementSummaryReports`;

const listFields = ['id', 'groupIdentifier', 'deviceType', ...summaryFields].join(',');

// ConnectWise sends null (or nothing) for a counter never set; only real numbers are values.
const countersOf = (report: CompanyManagementSummary): SummaryRecord['values'] => {
  const values: Partial<Record<SummaryField, number>> = {};
  for (const field of summaryFields) {
    const value = report[field];
    if (typeof value === 'number') values[field] = value;
  }
  return values;
};

const toSummaryRecord = (report: CompanyManagementSummary): SummaryRecord => ({
  id: Number(report.id),
  deviceType: report.deviceType ?? '',
  groupIdentifier: report.groupIdentifier,
  values: countersOf(report),
});

/** The Managed ID records (management summary reports) through the ConnectWise REST API. */
export class ConnectWiseManagedIdGateway implements ManagedIdGateway {
  constructor(private readonly api: ConnectWiseApi) {}

  async listSummaryRecords(
    companyId: number,
    managementSolutionId: number,
    managedId: string,
  ): Promise<SummaryRecord[]> {
    const reports = await this.api.list<CompanyManagementSummary>(reportsPath(companyId), {
      conditions: cond
        .and(cond.eq('managementSolution/id', managementSolutionId), cond.eq('groupIdentifier', managedId))
        .toString(),
      fields: listFields,
      pageSize: 1000,
    });
    return reports.map(toSummaryRecord).sort((a, b) => a.id - b.id);
  }

  async updateSummaryRecord(
    companyId: number,
    recordId: number,
    values: Readonly<Partial<Record<SummaryField, number>>>,
  ): Promise<void> {
    // Only the counters given: a field the caller did not mention keeps what ConnectWise holds.
    const operations: PatchOperation[] = summaryFields
      .filter((field) => values[field] !== undefined)
      .map((field) => ({ op: 'replace', path: field, value: values[field] }));
    if (operations.length === 0) return;
    await this.api.patch(`${reportsPath(companyId)}/${recordId}`, operations);
  }
}
