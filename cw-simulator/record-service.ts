import { ApiError, invalidObject, notFound } from './api-error.js';
import { assertValidRecord, withoutServerFields } from './body-validation.js';
import type { MutationContext } from './mutation-context.js';
import { expandReferences } from './references.js';
import type { ResourceDefinition } from './resources.js';
import type { JsonRecord } from './store.js';

const asObject = (schema: string, body: unknown): Record<string, unknown> => {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidObject(schema, [
      {
        code: 'InvalidObject',
        message: 'The request body must be a JSON object.',
        resource: schema,
        field: '',
      },
    ]);
  }
  return withoutServerFields(body as Record<string, unknown>);
};

/** Validates, expands references and applies save rules; throws one InvalidObject with every error. */
const prepare = (
  definition: ResourceDefinition,
  record: Record<string, unknown>,
  previous: JsonRecord | undefined,
  context: MutationContext,
): void => {
  assertValidRecord(definition.schema, record);
  const errors = expandReferences(definition.schema, record, context.store, context.baseUrl);
  if (errors.length === 0) errors.push(...(definition.beforeSave?.(record, previous, context) ?? []));
  if (errors.length > 0) throw invalidObject(definition.schema, errors);
};

const info = (context: MutationContext, previous: JsonRecord | undefined): Record<string, string> => ({
  lastUpdated: context.now.toISOString(),
  updatedBy: context.member,
  dateEntered: String(
    (previous?._info as Record<string, string> | undefined)?.dateEntered ?? context.now.toISOString(),
  ),
  enteredBy: String((previous?._info as Record<string, string> | undefined)?.enteredBy ?? context.member),
});

/** Loads a record, answering 404 when it does not exist or belongs to another parent. */
export const loadRecord = (
  definition: ResourceDefinition,
  id: number,
  parentId: number | undefined,
  context: MutationContext,
): JsonRecord => {
  const record = context.store.get(definition.collection, id);
  if (
    record === undefined ||
    (definition.parent !== undefined && definition.parent.parentIdOf(record) !== parentId)
  ) {
    throw notFound(`${definition.schema} with id ${id} was not found.`);
  }
  return record;
};

/** POST: a new record with server fields ignored, defaults applied and references expanded. */
export const createRecord = (
  definition: ResourceDefinition,
  body: unknown,
  parentId: number | undefined,
  context: MutationContext,
): JsonRecord => {
  const record = asObject(definition.schema, body);
  if (definition.parent !== undefined && parentId !== undefined) definition.parent.link(record, parentId);
  prepare(definition, record, undefined, context);
  record._info = info(context, undefined);
  const stored = context.store.insert(definition.collection, record);
  definition.afterCreate?.(stored, asObject(definition.schema, body), context);
  return stored;
};

/** PUT or a patched record: the whole record is checked again, like ConnectWise re-validates it. */
export const saveRecord = (
  definition: ResourceDefinition,
  previous: JsonRecord,
  next: unknown,
  context: MutationContext,
): JsonRecord => {
  const record = asObject(definition.schema, next);
  const parentId = definition.parent?.parentIdOf(previous);
  if (definition.parent !== undefined && parentId !== undefined) definition.parent.link(record, parentId);
  prepare(definition, record, previous, context);
  const stored = context.store.replace(definition.collection, {
    ...record,
    id: previous.id,
    _info: info(context, previous),
  });
  definition.afterUpdate?.(stored, record, context);
  return stored;
};

/** DELETE; a record other records hang under answers 409 like ConnectWise's "record in use". */
export const deleteRecord = (
  definition: ResourceDefinition,
  record: JsonRecord,
  children: ResourceDefinition[],
  context: MutationContext,
): void => {
  const childrenOf = (child: ResourceDefinition) =>
    context.store.select(child.collection, (item) => child.parent?.parentIdOf(item) === record.id);
  const blocking = children.filter((child) => child.cascadeDelete !== true && childrenOf(child).length > 0);
  if (blocking.length > 0) {
    throw new ApiError(409, 'Conflict', `${definition.schema} ${record.id} is in use and cannot be deleted.`);
  }
  for (const child of children) {
    for (const item of childrenOf(child)) context.store.remove(child.collection, item.id);
  }
  context.store.remove(definition.collection, record.id);
};
