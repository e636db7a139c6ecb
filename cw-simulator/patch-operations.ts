import { type ApiFieldError, invalidObject } from './api-error.js';
import { schemaAtPath } from './openapi-spec.js';
import type { JsonRecord } from './store.js';

interface PatchOp {
  op: 'add' | 'replace' | 'remove';
  path: string[];
  value: unknown;
}

const operations = new Set(['add', 'replace', 'remove']);

const checkOperation = (schema: string, raw: unknown, index: number): PatchOp | ApiFieldError => {
  const entry = (raw ?? {}) as Record<string, unknown>;
  const fail = (message: string): ApiFieldError => ({
    code: 'InvalidField',
    message,
    resource: schema,
    field: `[${index}]`,
  });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('a patch operation must be an object.');
  if (typeof entry.op !== 'string' || !operations.has(entry.op))
    return fail('op must be one of add, replace, remove.');
  if (typeof entry.path !== 'string' || entry.path.trim() === '') return fail('path is required.');
  const path = entry.path.replace(/^\//, '').split('/');
  if (path[0] === 'id' || path[0] === '_info' || schemaAtPath(schema, path) === undefined) {
    return fail(`path ${entry.path} is not an updatable field of ${schema}.`);
  }
  if (entry.op !== 'remove' && !('value' in entry)) return fail(`value is required for ${entry.op}.`);
  return { op: entry.op as PatchOp['op'], path, value: entry.value };
};

/** Checks a PATCH body (an array of `{op, path, value}` whose paths exist on the schema). */
export const parsePatch = (schema: string, body: unknown): PatchOp[] => {
  if (!Array.isArray(body) || body.length === 0) {
    throw invalidObject(schema, [
      {
        code: 'InvalidObject',
        message: 'A PATCH body is a non-empty array of operations.',
        resource: schema,
        field: '',
      },
    ]);
  }
  const checked = body.map((raw, index) => checkOperation(schema, raw, index));
  const errors = checked.filter((item): item is ApiFieldError => 'code' in item);
  if (errors.length > 0) throw invalidObject(schema, errors);
  return checked as PatchOp[];
};

const applyOne = (target: Record<string, unknown>, op: PatchOp): void => {
  const parents = op.path.slice(0, -1);
  const leaf = op.path.at(-1) ?? '';
  let node = target;
  for (const segment of parents) {
    const child = node[segment];
    // Replacing `board/id` must not keep the old board's name: the reference is rebuilt from the id.
    const next: Record<string, unknown> =
      child !== null && typeof child === 'object' && !Array.isArray(child)
        ? (child as Record<string, unknown>)
        : {};
    if (op.op !== 'remove' && parents.length > 0 && segment === parents.at(-1) && leaf === 'id') {
      node[segment] = { id: op.value };
      return;
    }
    node[segment] = next;
    node = next;
  }
  if (op.op === 'remove') delete node[leaf];
  else node[leaf] = op.value;
};

/** The record after the operations, in order; the caller re-validates the whole result. */
export const applyPatch = (record: JsonRecord, patch: PatchOp[]): JsonRecord => {
  const copy = structuredClone(record);
  for (const op of patch) applyOne(copy, op);
  return copy;
};
