import { ConditionSyntaxError, type Token, tokenize } from './conditions-lexer.js';

/** A constant on the right-hand side of a comparison. */
export type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'date'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' };

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like' | 'contains' | 'in';

/** The parsed form of a conditions string. */
export type ConditionNode =
  | { kind: 'and' | 'or'; left: ConditionNode; right: ConditionNode }
  | { kind: 'not'; operand: ConditionNode }
  | {
      kind: 'compare';
      field: string[];
      operator: ComparisonOperator;
      negated: boolean;
      value: Literal | Literal[];
    };

/**
 * Recursive-descent parser. Precedence, loosest first: `or`, `and`, prefix `not`, then a
 * comparison or a parenthesised expression — the usual SQL order ConnectWise inherits.
 */
class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): ConditionNode {
    const node = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.unexpected(rest, 'and, or or the end');
    return node;
  }

  private parseOr(): ConditionNode {
    let left = this.parseAnd();
    while (this.acceptKeyword('or')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): ConditionNode {
    let left = this.parseUnary();
    while (this.acceptKeyword('and')) left = { kind: 'and', left, right: this.parseUnary() };
    return left;
  }

  private parseUnary(): ConditionNode {
    if (this.acceptKeyword('not')) return { kind: 'not', operand: this.parseUnary() };
    if (this.acceptPunct('(')) {
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): ConditionNode {
    const fieldToken = this.next();
    if (fieldToken.kind !== 'field') throw this.unexpected(fieldToken, 'a field name');
    const field = fieldToken.value.split('/');
    const negated = this.acceptKeyword('not');
    const operator = this.parseOperator(negated);
    if (operator === 'in') return { kind: 'compare', field, operator, negated, value: this.parseList() };
    return { kind: 'compare', field, operator, negated, value: this.parseLiteral() };
  }

  private parseOperator(negated: boolean): ComparisonOperator {
    const token = this.next();
    if (token.kind === 'keyword' && ['like', 'contains', 'in'].includes(token.value)) {
      return token.value as ComparisonOperator;
    }
    if (!negated && token.kind === 'operator')
      return token.value === '<>' ? '!=' : (token.value as ComparisonOperator);
    throw this.unexpected(token, negated ? 'like, contains or in after not' : 'an operator');
  }

  private parseList(): Literal[] {
    this.expectPunct('(');
    const values = [this.parseLiteral()];
    while (this.acceptPunct(',')) values.push(this.parseLiteral());
    this.expectPunct(')');
    return values;
  }

  private parseLiteral(): Literal {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { type: 'string', value: token.value };
      case 'number':
        return { type: 'number', value: token.value };
      case 'date':
        return { type: 'date', value: Date.parse(token.value) };
      case 'keyword':
        if (token.value === 'true' || token.value === 'false') {
          return { type: 'boolean', value: token.value === 'true' };
        }
        if (token.value === 'null') return { type: 'null' };
        break;
      default:
        break;
    }
    throw this.unexpected(token, 'a value (quoted string, number, [date], true, false or null)');
  }

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', position: 0 };
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private acceptKeyword(word: string): boolean {
    const token = this.peek();
    if (token.kind !== 'keyword' || token.value !== word) return false;
    this.index += 1;
    return true;
  }

  private acceptPunct(value: '(' | ')' | ','): boolean {
    const token = this.peek();
    if (token.kind !== 'punct' || token.value !== value) return false;
    this.index += 1;
    return true;
  }

  private expectPunct(value: '(' | ')'): void {
    if (!this.acceptPunct(value)) throw this.unexpected(this.peek(), `'${value}'`);
  }

  private unexpected(token: Token, expected: string): ConditionSyntaxError {
    const found = token.kind === 'end' ? 'end of conditions' : `'${String(token.value)}'`;
    return new ConditionSyntaxError(`expected ${expected} but found ${found} at position ${token.position}`);
  }
}

/** Parses a conditions string; throws ConditionSyntaxError with the position of the problem. */
export const parseConditions = (input: string): ConditionNode => {
  if (input.trim() === '') throw new ConditionSyntaxError('conditions are empty');
  return new Parser(tokenize(input)).parse();
};

/** Every field path a condition tree mentions, so a resource can reject fields its schema lacks. */
export const conditionFields = (node: ConditionNode): string[][] => {
  if (node.kind === 'compare') return [node.field];
  if (node.kind === 'not') return conditionFields(node.operand);
  return [...conditionFields(node.left), ...conditionFields(node.right)];
};
