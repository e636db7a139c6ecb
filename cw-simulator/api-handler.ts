import { ApiError, notFound } from './api-error.js';
import { resolveRoute } from './api-routes.js';
import { orderRecords, projectFields, recordFilter } from './list-query.js';
import type { MutationContext } from './mutation-context.js';
import { declaredSuccessStatus } from './openapi-spec.js';
import { pageRecords, readPageRequest } from './paging.js';
import { applyPatch, parsePatch } from './patch-operations.js';
import { createRecord, deleteRecord, loadRecord, saveRecord } from './record-service.js';
import { type ResourceDefinition, resources } from './resources.js';
import type { JsonRecord } from './store.js';

/** An authenticated API request, with the path after `apis/3.0`. */
export interface ApiRequest {
  method: string;
  path: string;
  url: URL;
  paginationType: string | undefined;
  body: unknown;
}

/** What the server writes back. */
export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Version ConnectWise 2025.1 reports from `/system/info`. */
export const SYSTEM_VERSION = 'v2025.1.100001';

const assertParentExists = (
  definition: ResourceDefinition,
  parentId: number | undefined,
  context: MutationContext,
): void => {
  const parent = definition.parent;
  if (
    parent !== undefined &&
    parentId !== undefined &&
    context.store.get(parent.collection, parentId) === undefined
  ) {
    throw notFound(`Parent record ${parentId} was not found.`);
  }
};

type RecordTest = (record: Readonly<JsonRecord>) => boolean;

/** The records under `parentId` (or of the whole collection) that `matches` accepts, in id order. */
const parentRecords = (
  definition: ResourceDefinition,
  parentId: number | undefined,
  context: MutationContext,
  matches: RecordTest,
): JsonRecord[] => {
  const parent = definition.parent;
  return context.store.select(
    definition.collection,
    (record) => (parent === undefined || parent.parentIdOf(record) === parentId) && matches(record),
  );
};

/** A list answer; `load` reads only the records that pass the request's conditions. */
const listRecords = (
  definition: ResourceDefinition,
  load: (matches: RecordTest) => JsonRecord[],
  request: ApiRequest,
  filters: {
    conditions?: string | undefined;
    childConditions?: string | undefined;
    orderBy?: string | undefined;
  },
): ApiResponse => {
  const params = request.url.searchParams;
  const paging = readPageRequest(params, request.paginationType);
  if (paging.forwardOnly && filters.orderBy !== undefined && !/^\s*id(\s+asc)?\s*$/i.test(filters.orderBy)) {
    throw new ApiError(
      400,
      'InvalidObject',
      'Forward-only pagination orders by id; orderBy must be "id asc".',
    );
  }
  const matching = orderRecords(
    definition.schema,
    load(recordFilter(definition.schema, filters)),
    filters.orderBy,
  );
  const { items, link } = pageRecords(matching, paging, request.url);
  const fields = params.get('fields') ?? undefined;
  return {
    status: 200,
    body: items.map((record) => projectFields(record, fields)),
    ...(link === undefined ? {} : { headers: { Link: link } }),
  };
};

const queryFilters = (params: URLSearchParams) => ({
  conditions: params.get('conditions') ?? undefined,
  childConditions: params.get('childConditions') ?? params.get('childconditions') ?? undefined,
  orderBy: params.get('orderBy') ?? params.get('orderby') ?? undefined,
});

const searchFilters = (body: unknown) => {
  const filter = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    conditions: text(filter.conditions),
    childConditions: text(filter.childconditions),
    orderBy: text(filter.orderBy),
  };
};

const tickets = (): ResourceDefinition =>
  resources.find((r) => r.collection === 'tickets') as ResourceDefinition;

const handleCollection = (
  definition: ResourceDefinition,
  parentId: number | undefined,
  request: ApiRequest,
  context: MutationContext,
): ApiResponse => {
  assertParentExists(definition, parentId, context);
  if (request.method === 'POST')
    return { status: 201, body: createRecord(definition, request.body, parentId, context) };
  return listRecords(
    definition,
    (matches) => parentRecords(definition, parentId, context, matches),
    request,
    queryFilters(request.url.searchParams),
  );
};

const handleItem = (
  definition: ResourceDefinition,
  parentId: number | undefined,
  id: number,
  request: ApiRequest,
  context: MutationContext,
): ApiResponse => {
  assertParentExists(definition, parentId, context);
  const record = loadRecord(definition, id, parentId, context);
  switch (request.method) {
    case 'PATCH':
      return {
        status: 200,
        body: saveRecord(
          definition,
          record,
          applyPatch(record, parsePatch(definition.schema, request.body)),
          context,
        ),
      };
    case 'PUT':
      return { status: 200, body: saveRecord(definition, record, request.body, context) };
    case 'DELETE':
      deleteRecord(
        definition,
        record,
        resources.filter((r) => r.parent?.collection === definition.collection),
        context,
      );
      // As the subset declares it: 204, or for a few resources 200 with the record as it was.
      return declaredSuccessStatus('DELETE', `${definition.template}/{id}`, 204) === 200
        ? { status: 200, body: record }
        : { status: 204 };
    default:
      return {
        status: 200,
        body: projectFields(record, request.url.searchParams.get('fields') ?? undefined),
      };
  }
};

/** Runs one authenticated API request against the store. Throws ApiError for ConnectWise errors. */
export const handleApiRequest = (request: ApiRequest, context: MutationContext): ApiResponse => {
  const route = resolveRoute(request.method, request.path);
  switch (route.kind) {
    case 'systemInfo':
      return {
        status: 200,
        body: {
          version: SYSTEM_VERSION,
          isCloud: false,
          serverTimeZone: 'Eastern Standard Time',
          cloudRegion: 'NA',
        },
      };
    case 'ticketSearch': {
      const definition = tickets();
      const response = listRecords(
        definition,
        (matches) => context.store.select(definition.collection, matches),
        request,
        searchFilters(request.body),
      );
      return { ...response, status: 201 };
    }
    case 'count': {
      assertParentExists(route.definition, route.parentId, context);
      const matches = recordFilter(route.definition.schema, queryFilters(request.url.searchParams));
      const matching = parentRecords(route.definition, route.parentId, context, matches);
      return { status: 200, body: { count: matching.length } };
    }
    case 'item':
      return handleItem(route.definition, route.parentId, route.id, request, context);
    default:
      return handleCollection(route.definition, route.parentId, request, context);
  }
};
