import type { ApiFieldError } from './api-error.js';
import { componentSchema, refName } from './openapi-spec.js';
import type { JsonRecord, SimulatorStore } from './store.js';

interface ReferenceTarget {
  collection: string;
  /** Path of the referenced record under `apis/3.0`, for the `_info` href. */
  href: (target: JsonRecord) => string;
}

/** Reference schemas whose targets the simulator stores; other references are kept as sent. */
const referenceTargets: Record<string, ReferenceTarget> = {
  CompanyReference: { collection: 'companies', href: (t) => `/company/companies/${t.id}` },
  BoardReference: { collection: 'boards', href: (t) => `/service/boards/${t.id}` },
  ServiceStatusReference: {
    collection: 'statuses',
    href: (t) => `/service/boards/${(t.board as { id?: number } | undefined)?.id}/statuses/${t.id}`,
  },
  ManagementSolutionReference: {
    collection: 'managementItSolutions',
    href: (t) => `/company/managementItSolutions/${t.id}`,
  },
  AgreementReference: { collection: 'agreements', href: (t) => `/finance/agreements/${t.id}` },
  IvItemReference: { collection: 'catalog', href: (t) => `/procurement/catalog/${t.id}` },
  CatalogItemReference: { collection: 'catalog', href: (t) => `/procurement/catalog/${t.id}` },
  MemberReference: { collection: 'members', href: (t) => `/system/members/${t.id}` },
  ManagedDevicesIntegrationReference: {
    collection: 'managedDevicesIntegrations',
    href: (t) => `/company/managedDevicesIntegrations/${t.id}`,
  },
};

/** Stored collection a reference schema points into, if the simulator stores it. */
export const referenceCollection = (refSchema: string): string | undefined =>
  referenceTargets[refSchema]?.collection;

const displayName = (target: JsonRecord): unknown =>
  target.name ?? [target.firstName, target.lastName].filter((part) => typeof part === 'string').join(' ');

const findTarget = (store: SimulatorStore, collection: string, ref: Record<string, unknown>) => {
  if (typeof ref.id === 'number') return store.get(collection, ref.id);
  const key = typeof ref.identifier === 'string' ? 'identifier' : 'name';
  const wanted = ref[key];
  if (typeof wanted !== 'string') return undefined;
  return store.find(collection, (r) => String(r[key]).toLowerCase() === wanted.toLowerCase());
};

/** The reference object ConnectWise returns: `{id, name|identifier..., _info: {<x>_href}}`. */
export const buildReference = (
  refSchema: string,
  target: JsonRecord,
  baseUrl: string,
): Record<string, unknown> => {
  const spec = referenceTargets[refSchema];
  const reference: Record<string, unknown> = { id: target.id };
  for (const key of Object.keys(componentSchema(refSchema).properties ?? {})) {
    const value = key === 'name' ? displayName(target) : key === 'sort' ? target.sortOrder : target[key];
    // Only scalar values: a record's `type` object is not the reference's `type` string.
    if (
      key !== 'id' &&
      key !== '_info' &&
      value !== undefined &&
      (value === null || typeof value !== 'object')
    ) {
      reference[key] = value;
    }
  }
  const hrefKey = `${refSchema.charAt(0).toLowerCase()}${refSchema.slice(1).replace(/Reference$/, '')}_href`;
  if (spec !== undefined) reference._info = { [hrefKey]: `${baseUrl}${spec.href(target)}` };
  return reference;
};

/**
 * Replaces every top-level reference of a record (`{id}`, `{identifier}` or `{name}`) by the
 * full reference ConnectWise returns, and reports references to records that do not exist.
 */
export const expandReferences = (
  schemaName: string,
  record: Record<string, unknown>,
  store: SimulatorStore,
  baseUrl: string,
): ApiFieldError[] => {
  const errors: ApiFieldError[] = [];
  for (const [field, property] of Object.entries(componentSchema(schemaName).properties ?? {})) {
    const value = record[field];
    if (property.$ref === undefined || value === null || typeof value !== 'object') continue;
    const refSchema = refName(property.$ref);
    const collection = referenceCollection(refSchema);
    if (collection === undefined) continue;
    const target = findTarget(store, collection, value as Record<string, unknown>);
    if (target === undefined) {
      errors.push({
        code: 'InvalidField',
        message: `${field} refers to a record that does not exist.`,
        resource: schemaName,
        field,
      });
    } else {
      record[field] = buildReference(refSchema, target, baseUrl);
    }
  }
  return errors;
};
