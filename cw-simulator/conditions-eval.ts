import type { ComparisonOperator, ConditionNode, Literal } from './conditions-parser.js';

/**
 * Values at a `a/b/c` path. Arrays on the way fan out, so `types/id = 3` matches a company
 * when any of its types has id 3 — how ConnectWise treats child collections in conditions.
 */
export const valuesAtPath = (record: unknown, path: readonly string[]): unknown[] => {
  let current: unknown[] = [record];
  for (const segment of path) {
    current = current.flatMap((value) => {
      const items = Array.isArray(value) ? value : [value];
      return items.map((item) =>
        item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[segment] : undefined,
      );
    });
  }
  return current.flatMap((value) => (Array.isArray(value) ? value : [value]));
};

// SQL Server's default collation, which ConnectWise runs on, compares text case-insensitively.
const fold = (value: string): string => value.toLowerCase();

const likeToRegExp = (pattern: string): RegExp => {
  const escaped = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, 'is');
};

/** Orders a stored value against a literal: negative, zero, positive, or undefined if incomparable. */
const compareTo = (value: unknown, literal: Literal): number | undefined => {
  if (value === null || value === undefined) return literal.type === 'null' ? 0 : undefined;
  switch (literal.type) {
    case 'null':
      return undefined;
    case 'boolean':
      return value === literal.value ? 0 : undefined;
    case 'number':
      return typeof value === 'number' ? value - literal.value : undefined;
    case 'date': {
      const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      return Number.isNaN(time) ? undefined : time - literal.value;
    }
    case 'string':
      if (typeof value === 'number' || typeof value === 'boolean')
        return fold(String(value)) === fold(literal.value) ? 0 : undefined;
      return typeof value === 'string' ? fold(value).localeCompare(fold(literal.value)) : undefined;
  }
};

const testValue = (value: unknown, operator: ComparisonOperator, literal: Literal | Literal[]): boolean => {
  if (Array.isArray(literal)) return literal.some((item) => compareTo(value, item) === 0);
  if (operator === 'like' || operator === 'contains') {
    if (typeof value !== 'string' || literal.type !== 'string') return false;
    // ConnectWise turns `contains "x"` into SQL `LIKE '%x%'`: its % and _ are wildcards too.
    return likeToRegExp(operator === 'like' ? literal.value : `%${literal.value}%`).test(value);
  }
  const order = compareTo(value, literal);
  if (order === undefined) return false;
  switch (operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    default:
      return order === 0;
  }
};

const testComparison = (record: unknown, node: Extract<ConditionNode, { kind: 'compare' }>): boolean => {
  const positiveOperator = node.operator === '!=' ? '=' : node.operator;
  const values = valuesAtPath(record, node.field);
  const matched = (values.length === 0 ? [undefined] : values).some((value) =>
    testValue(value, positiveOperator, node.value),
  );
  return node.negated || node.operator === '!=' ? !matched : matched;
};

/** Whether a stored record satisfies a parsed condition. */
export const matchesCondition = (record: unknown, node: ConditionNode): boolean => {
  switch (node.kind) {
    case 'and':
      return matchesCondition(record, node.left) && matchesCondition(record, node.right);
    case 'or':
      return matchesCondition(record, node.left) || matchesCondition(record, node.right);
    case 'not':
      return !matchesCondition(record, node.operand);
    case 'compare':
      return testComparison(record, node);
  }
};
