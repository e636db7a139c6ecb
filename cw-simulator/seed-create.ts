import type { MutationContext } from './mutation-context.js';
import { createRecord } from './record-service.js';
import { resources } from './resources.js';
import type { JsonRecord } from './store.js';

/**
 * Creates a record through the same path as `POST`, so seeded data obeys the schema and the
 * save rules instead of being written around them.
 */
export const create = (
  collection: string,
  body: Record<string, unknown>,
  context: MutationContext,
  parentId?: number,
): JsonRecord => {
  const definition = resources.find((resource) => resource.collection === collection);
  if (definition === undefined) throw new Error(`unknown collection ${collection}`);
  return createRecord(definition, body, parentId, context);
};
