/**
 * The setup records of a partner's ConnectWise that only the doctor reads: what the seed's
 * global setup steps create (the management solution, the managed-devices integration, the
 * catalog items it bills through). Read-only: the doctor never writes to ConnectWise.
 */

/** A Management IT Solution List entry (setup step 4). */
export interface ManagementSolutionInfo {
  readonly id: number;
  readonly name: string;
  /** `Custom` for a vendor integration such as this one. */
  readonly type: string | undefined;
  /** The "Custom Solution Name" field. */
  readonly customName: string | undefined;
}

/** A Managed Devices Integration List entry (setup step 5). */
export interface IntegrationInfo {
  readonly id: number;
  readonly name: string;
  readonly solution: string | undefined;
  readonly loginBy: string | undefined;
  readonly defaultBillingLevel: string | undefined;
  readonly matchOnSerialNumber: boolean;
  readonly disableNewCrossReferences: boolean;
}

/** A catalog item, reduced to how it is priced. */
export interface ProductInfo {
  readonly id: number;
  readonly identifier: string;
  /** `FixedFee` for a flat fee; `OverrideRate`, `NotToExceed`, `TimeAndMaterials` otherwise. */
  readonly priceAttribute: string | undefined;
}

export interface SetupGateway {
  /**
   * One authenticated request that reads nothing of the partner's data (`GET /system/info`):
   * answers when the keys and clientId are accepted, throws ConnectWise's 401/403 otherwise.
   */
  checkAccess(): Promise<void>;
  /** Solutions whose name or custom solution name is `name` (ConnectWise compares without case). */
  findManagementSolutions(name: string): Promise<ManagementSolutionInfo[]>;
  /** Integrations whose `solution` or `name` is the management solution's name. */
  findIntegrations(managementSolutionName: string): Promise<IntegrationInfo[]>;
  /** The catalog items with these ids (missing ones are left out). */
  listProducts(ids: readonly number[]): Promise<ProductInfo[]>;
}
