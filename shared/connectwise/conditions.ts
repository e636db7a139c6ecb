/**
 * A builder for ConnectWise `conditions` strings that customer data cannot break out of.
 *
 * Escaping rule: every string value is written as a double-quoted literal in which each
 * backslash becomes `\\` and each double quote becomes `\"`; nothing else is special inside
 * the quotes (single quotes, `&`, `%`, parentheses and keywords are literal text). Dates are
 * written as `[2026-01-02T03:04:05Z]` (UTC), numbers bare, and `true`/`false`/`null` as keywords.
 * Field names must match `a/b_c` (letters, digits, underscores, `/`-nested); anything else throws,
 * so a field can never smuggle in an operator.
 *
 * `not` is rendered by flipping the operator (`=` ↔ `!=`, `<` ↔ `>=`, `like` ↔ `not like`, ...)
 * and De Morgan's laws, so every string produced uses only ConnectWise's documented operators.
 */

/** A value ConnectWise can compare against. */
export type ConditionValue = string | number | boolean | null | Date;

type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

type Node =
  | {
      readonly kind: 'compare';
      readonly field: string;
      readonly op: ComparisonOperator;
      readonly value: ConditionValue;
    }
  | {
      readonly kind: 'text';
      readonly field: string;
      readonly op: 'like' | 'contains';
      readonly negated: boolean;
      readonly value: string;
    }
  | {
      readonly kind: 'in';
      readonly field: string;
      readonly negated: boolean;
      readonly values: readonly ConditionValue[];
    }
  | { readonly kind: 'group'; readonly op: 'and' | 'or'; readonly children: readonly Node[] };

/** A condition built only through `cond`; turn it into the query string with `toString()`. */
export class Condition {
  readonly #node: Node;

  private constructor(node: Node) {
    this.#node = node;
  }

  /** @internal used by the builder only */
  static of(node: Node): Condition {
    return new Condition(node);
  }

  /** @internal */
  get node(): Node {
    return this.#node;
  }

  toString(): string {
    return renderNode(this.#node);
  }
}

const fieldPattern = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

const checkField = (field: string): string => {
  if (!fieldPattern.test(field))
    throw new TypeError(`Invalid ConnectWise condition field: ${JSON.stringify(field)}`);
  return field;
};

/** Quotes a string so that it stays one literal whatever it contains. */
export const quoteConditionString = (value: string): string =>
  `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Renders one value as a ConnectWise literal. */
export const formatConditionValue = (value: ConditionValue): string => {
  if (value === null) return 'null';
  if (typeof value === 'string') return quoteConditionString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('ConnectWise condition numbers must be finite');
    return String(value);
  }
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return `[${value.toISOString().replace(/\.000Z$/, 'Z')}]`;
  }
  throw new TypeError('Unsupported ConnectWise condition value');
};

const renderChild = (node: Node): string =>
  node.kind === 'group' ? `(${renderNode(node)})` : renderNode(node);

const renderNode = (node: Node): string => {
  switch (node.kind) {
    case 'compare':
      return `${checkField(node.field)} ${node.op} ${formatConditionValue(node.value)}`;
    case 'text':
      return `${checkField(node.field)} ${node.negated ? 'not ' : ''}${node.op} ${quoteConditionString(node.value)}`;
    case 'in':
      return `${checkField(node.field)} ${node.negated ? 'not ' : ''}in (${node.values.map(formatConditionValue).join(',')})`;
    case 'group':
      return node.children.map(renderChild).join(` ${node.op} `);
  }
};

const flipped: Record<ComparisonOperator, ComparisonOperator> = {
  '=': '!=',
  '!=': '=',
  '<': '>=',
  '<=': '>',
  '>': '<=',
  '>=': '<',
};

const negate = (node: Node): Node => {
  switch (node.kind) {
    case 'compare':
      return { ...node, op: flipped[node.op] };
    case 'text':
    case 'in':
      return { ...node, negated: !node.negated };
    case 'group':
      return { kind: 'group', op: node.op === 'and' ? 'or' : 'and', children: node.children.map(negate) };
  }
};

const compare =
  (op: ComparisonOperator) =>
  (field: string, value: ConditionValue): Condition =>
    Condition.of({ kind: 'compare', field: checkField(field), op, value: checked(value) });

const text =
  (op: 'like' | 'contains') =>
  (field: string, value: string): Condition => {
    if (typeof value !== 'string') throw new TypeError(`ConnectWise ${op} needs a string value`);
    return Condition.of({ kind: 'text', field: checkField(field), op, negated: false, value });
  };

// Validates eagerly, so a bad value fails where the condition is built, not where it is sent.
const checked = (value: ConditionValue): ConditionValue => {
  formatConditionValue(value);
  return value;
};

const group =
  (op: 'and' | 'or') =>
  (...conditions: Condition[]): Condition => {
    if (conditions.length === 0) throw new TypeError(`ConnectWise ${op} needs at least one condition`);
    const [only] = conditions;
    if (conditions.length === 1 && only !== undefined) return only;
    return Condition.of({ kind: 'group', op, children: conditions.map((c) => c.node) });
  };

/** The conditions builder: `cond.and(cond.eq('company/id', 7), cond.like('summary', 'Backup%'))`. */
export const cond = {
  eq: compare('='),
  ne: compare('!='),
  lt: compare('<'),
  lte: compare('<='),
  gt: compare('>'),
  gte: compare('>='),
  /** `field like "value"`; `%` in `value` is ConnectWise's wildcard. */
  like: text('like'),
  contains: text('contains'),
  in: (field: string, values: readonly ConditionValue[]): Condition => {
    if (values.length === 0) throw new TypeError('ConnectWise in needs at least one value');
    return Condition.of({
      kind: 'in',
      field: checkField(field),
      negated: false,
      values: values.map(checked),
    });
  },
  and: group('and'),
  or: group('or'),
  not: (condition: Condition): Condition => Condition.of(negate(condition.node)),
} as const;
