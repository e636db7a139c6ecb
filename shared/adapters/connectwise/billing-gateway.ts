import { cond } from '../../connectwise/conditions.js';
import type {
  Agreement,
  AgreementAddition,
  ManagedDevicesIntegration,
  ManagedDevicesIntegrationCrossReference,
} from '../../connectwise/types.js';
import type {
  AdditionRecord,
  AdditionUpdate,
  AgreementSummary,
  BillingGateway,
  CrossReference,
} from '../../ports/billing-gateway.js';
import type { ConnectWiseApi, PatchOperation } from '../../ports/connectwise.js';

/** `ManagedDevicesIntegration.name` and `.solution` are both "Max length: 30" in the 2025.1 schema. */
const integrationNameMaxLength = 30;

const toCrossReference = (reference: ManagedDevicesIntegrationCrossReference): CrossReference => ({
  id: Number(reference.id),
  vendorType: reference.vendorType ?? '',
  vendorLevel: reference.vendorLevel ?? undefined,
  productId: Number(reference.product?.id),
  productIdentifier: reference.product?.identifier ?? undefined,
  inactive: reference.inactiveFlag === true,
});

const toAgreementSummary = (agreement: Agreement): AgreementSummary => ({
  id: Number(agreement.id),
  name: agreement.name,
  cancelled: agreement.cancelledFlag === true,
  endDate: agreement.noEndingDateFlag === true ? undefined : (agreement.endDate ?? undefined),
});

const toAdditionRecord = (addition: AgreementAddition, agreementId: number): AdditionRecord => ({
  id: Number(addition.id),
  agreementId: addition.agreementId ?? agreementId,
  productId: Number(addition.product.id),
  productIdentifier: addition.product.identifier ?? undefined,
  quantity: addition.quantity ?? undefined,
  lessIncluded: addition.lessIncluded ?? undefined,
  invoiceDescription: addition.invoiceDescription ?? undefined,
  serialNumber: addition.serialNumber ?? undefined,
  cancelledDate: addition.cancelledDate ?? undefined,
});

const additionFields =
  'id,agreementId,product,quantity,lessIncluded,invoiceDescription,serialNumber,cancelledDate';

/** Managed-devices integrations, agreements and their additions through the ConnectWise REST API. */
export class ConnectWiseBillingGateway implements BillingGateway {
  constructor(private readonly api: ConnectWiseApi) {}

  async findIntegrationId(managementSolutionName: string): Promise<number | undefined> {
    // ConnectWise cannot store a longer name or solution, so no record can equal it. Truncating
    // would match an integration set up for some other solution that shares the first 30 characters.
    if (managementSolutionName.length > integrationNameMaxLength) return undefined;
    const integrations = await this.api.list<ManagedDevicesIntegration>(
      '/company/managedDevicesIntegrations',
      {
        conditions: cond
          .or(cond.eq('solution', managementSolutionName), cond.eq('name', managementSolutionName))
          .toString(),
        fields: 'id,name,solution',
      },
    );
    // The same case-insensitive comparison ConnectWise made (SQL Server collation).
    const wanted = managementSolutionName.toLowerCase();
    const bySolution = integrations.find((integration) => integration.solution?.toLowerCase() === wanted);
    return (bySolution ?? integrations[0])?.id;
  }

  async listCrossReferences(integrationId: number): Promise<CrossReference[]> {
    const references = await this.api.list<ManagedDevicesIntegrationCrossReference>(
      `/company/managedDevicesIntegrations/${integrationId}/crossReferences`,
      { fields: 'id,vendorType,vendorLevel,product,inactiveFlag' },
    );
    return references.map(toCrossReference);
  }

  async listAgreements(companyId: number): Promise<AgreementSummary[]> {
    const agreements = await this.api.list<Agreement>('/finance/agreements', {
      conditions: cond.eq('company/id', companyId).toString(),
      fields: 'id,name,cancelledFlag,endDate,noEndingDateFlag',
    });
    return agreements.map(toAgreementSummary);
  }

  async listAdditions(agreementIds: readonly number[], serialNumber: string): Promise<AdditionRecord[]> {
    const conditions = cond.eq('serialNumber', serialNumber).toString();
    const records: AdditionRecord[] = [];
    // One agreement after the other: a company has few agreements, and this keeps the tenant's rate low.
    for (const agreementId of agreementIds) {
      const additions = await this.api.list<AgreementAddition>(
        `/finance/agreements/${agreementId}/additions`,
        {
          conditions,
          fields: additionFields,
        },
      );
      records.push(...additions.map((addition) => toAdditionRecord(addition, agreementId)));
    }
    return records;
  }

  async updateAddition(agreementId: number, additionId: number, update: AdditionUpdate): Promise<void> {
    // Built field by field so that nothing but these two (never prices, lessIncluded or dates) is sent.
    const operations: PatchOperation[] = [];
    if (update.quantity !== undefined)
      operations.push({ op: 'replace', path: 'quantity', value: update.quantity });
    if (update.invoiceDescription !== undefined) {
      operations.push({ op: 'replace', path: 'invoiceDescription', value: update.invoiceDescription });
    }
    if (operations.length === 0) return;
    await this.api.patch(`/finance/agreements/${agreementId}/additions/${additionId}`, operations);
  }
}
