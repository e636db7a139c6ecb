import { ApiError } from './api-error.js';
import { matchesCondition, valuesAtPath } from './conditions-eval.js';
import { ConditionSyntaxError } from './conditions-lexer.js';
import { type ConditionNode, conditionFields, parseConditions } from './conditions-parser.js';
import { schemaAtPath } from './openapi-spec.js';
import type { JsonRecord } from './store.js';

const invalidQuery = (schema: string, parameter: string, message: string): ApiError =>
  new ApiError(400, 'InvalidObject', `${parameter} is invalid: ${message}`, [
    { code: 'InvalidCondition', message, resource: schema, field: parameter },
  ]);

const parseFilter = (schema: string, parameter: string, text: string): ConditionNode => {
  let node: ConditionNode;
  try {
    node = parseConditions(text);
  } catch (error) {
    if (error instanceof ConditionSyntaxError) throw invalidQuery(schema, parameter, error.message);
    throw error;
  }
  for (const field of conditionFields(node)) {
    if (schemaAtPath(schema, field) === undefined) {
      throw invalidQuery(schema, parameter, `${field.join('/')} is not a field of ${schema}`);
    }
  }
  return node;
};

/**
 * A test for `conditions` and `childConditions` (both optional), parsed and checked against the
 * schema once, so it can be applied while the store scans a collection.
 */
export const recordFilter = (
  schema: string,
  filters: { conditions?: string | undefined; childConditions?: string | undefined },
): ((record: Readonly<JsonRecord>) => boolean) => {
  const nodes: ConditionNode[] = [];
  const texts = { conditions: filters.conditions, childConditions: filters.childConditions };
  for (const [parameter, text] of Object.entries(texts)) {
    if (text !== undefined && text !== '') nodes.push(parseFilter(schema, parameter, text));
  }
  return (record) => nodes.every((node) => matchesCondition(record, node));
};

const sortKey = (record: JsonRecord, path: string[]): unknown => valuesAtPath(record, path)[0];

const compareValues = (a: unknown, b: unknown): number => {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { sensitivity: 'base' });
};

/** Sorts by `orderBy` ("field asc, other/field desc"); without it, by id like ConnectWise. */
export const orderRecords = (
  schema: string,
  records: JsonRecord[],
  orderBy: string | undefined,
): JsonRecord[] => {
  if (orderBy === undefined || orderBy.trim() === '') return records;
  const keys = orderBy.split(',').map((part) => {
    const [field = '', direction = 'asc', ...rest] = part.trim().split(/\s+/);
    const path = field.split('/');
    const dir = direction.toLowerCase();
    if (rest.length > 0 || (dir !== 'asc' && dir !== 'desc') || schemaAtPath(schema, path) === undefined) {
      throw invalidQuery(schema, 'orderBy', `cannot order by '${part.trim()}'`);
    }
    return { path, sign: dir === 'desc' ? -1 : 1 };
  });
  return [...records].sort((a, b) => {
    for (const key of keys) {
      const order = compareValues(sortKey(a, key.path), sortKey(b, key.path));
      if (order !== 0) return key.sign * order;
    }
    return a.id - b.id;
  });
};

const pick = (source: unknown, path: string[], target: Record<string, unknown>): void => {
  const [head, ...rest] = path;
  if (head === undefined || source === null || typeof source !== 'object') return;
  const value = (source as Record<string, unknown>)[head];
  if (value === undefined) return;
  if (rest.length === 0 || value === null || typeof value !== 'object') {
    target[head] = value;
    return;
  }
  const child = (target[head] as Record<string, unknown> | undefined) ?? {};
  target[head] = child;
  pick(value, rest, child);
};

/** Keeps only the `fields` listed ("id,summary,board/name"); unknown fields are simply absent. */
export const projectFields = (record: JsonRecord, fields: string | undefined): Record<string, unknown> => {
  if (fields === undefined || fields.trim() === '') return record;
  const projected: Record<string, unknown> = {};
  for (const field of fields.split(',')) pick(record, field.trim().split('/'), projected);
  return projected;
};
