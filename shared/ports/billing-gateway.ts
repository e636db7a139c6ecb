/** A managed-devices integration cross-reference: a vendor type/level billed through a product. */
export interface CrossReference {
  readonly id: number;
  readonly vendorType: string;
  readonly vendorLevel: string | undefined;
  readonly productId: number;
  /** The catalog item's identifier, for event-log lines ("BDR-CLOUD-GB"). */
  readonly productIdentifier: string | undefined;
  readonly inactive: boolean;
}

/** A company's agreement, reduced to whether additions on it may be billed. */
export interface AgreementSummary {
  readonly id: number;
  readonly name: string;
  readonly cancelled: boolean;
  /** ISO 8601, or undefined for no ending date. */
  readonly endDate: string | undefined;
}

/** An agreement addition as the billing sync reads it. */
export interface AdditionRecord {
  readonly id: number;
  readonly agreementId: number;
  readonly productId: number;
  readonly productIdentifier: string | undefined;
  readonly quantity: number | undefined;
  readonly lessIncluded: number | undefined;
  readonly invoiceDescription: string | undefined;
  readonly serialNumber: string | undefined;
  /** ISO 8601, or undefined when not cancelled. */
  readonly cancelledDate: string | undefined;
}

/** The fields of an addition the bridge ever writes. Nothing else (prices, lessIncluded, dates). */
export interface AdditionUpdate {
  readonly quantity?: number;
  readonly invoiceDescription?: string;
}

/** The billing side of the partner's ConnectWise. */
export interface BillingGateway {
  /** The managed-devices integration whose `solution` (or else `name`) is the management solution's name. */
  findIntegrationId(managementSolutionName: string): Promise<number | undefined>;
  listCrossReferences(integrationId: number): Promise<CrossReference[]>;
  listAgreements(companyId: number): Promise<AgreementSummary[]>;
  /** The additions with this `serialNumber` on the given agreements (one read per agreement). */
  listAdditions(agreementIds: readonly number[], serialNumber: string): Promise<AdditionRecord[]>;
  /** PATCHes only the fields given (`replace` operations). */
  updateAddition(agreementId: number, additionId: number, update: AdditionUpdate): Promise<void>;
}
