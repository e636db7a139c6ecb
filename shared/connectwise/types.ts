/**
 * ConnectWise Manage 2025.1 record types. Nothing here is hand-typed: these are aliases of the
 * `components["schemas"]` that openapi-typescript generated from the 2025.1 spec subset
 * (manage-2025.1-schemas.ts), so a field the spec does not have is a compile error.
 *
 * Not the types in `connectwise-rest`: that package was generated from an older spec, marks
 * required references optional (a ticket's `company`, an addition's `product`) and lacks 2025.1
 * fields such as `BoardStatus.roundRobinCatchall`.
 */
import type { components } from './manage-2025.1-schemas.js';

type Schemas = components['schemas'];

export type Ticket = Schemas['Ticket'];
export type ServiceNote = Schemas['ServiceNote'];
export type Board = Schemas['Board'];
export type BoardStatus = Schemas['BoardStatus'];
export type Company = Schemas['Company'];
export type CompanyManagementSummary = Schemas['CompanyManagementSummary'];
export type ManagementItSolution = Schemas['ManagementItSolution'];
export type ManagedDevicesIntegration = Schemas['ManagedDevicesIntegration'];
export type ManagedDevicesIntegrationCrossReference = Schemas['ManagedDevicesIntegrationCrossReference'];
export type Agreement = Schemas['Agreement'];
/** An agreement addition (`/finance/agreements/{id}/additions`); the spec calls it `Addition`. */
export type AgreementAddition = Schemas['Addition'];
/** A catalog item (`/procurement/catalog`), the `product` an addition or cross-reference points to. */
export type CatalogItem = Schemas['CatalogItem'];
/** A product line on an opportunity or agreement (`/procurement/products`). */
export type ProductItem = Schemas['ProductItem'];
export type Member = Schemas['Member'];
/** `GET /system/info`; the spec calls it `Info`. */
export type SystemInfo = Schemas['Info'];
/** The error body ConnectWise answers with: `{code, message, errors[]}`. */
export type ErrorResponseMessage = Schemas['ErrorResponseMessage'];
export type FieldValidationError = Schemas['ValidationError'];

/** The `{id, name?}` reference ConnectWise uses for related records, e.g. `board`, `company`. */
export type CompanyReference = Schemas['CompanyReference'];
export type BoardReference = Schemas['BoardReference'];
export type ServiceStatusReference = Schemas['ServiceStatusReference'];

/** The record a create call may send: the server assigns `id` and `_info`. */
export type NewRecord<T> = Omit<T, 'id' | '_info'>;
