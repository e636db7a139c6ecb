/**
 * Tokens of the ConnectWise `conditions` grammar. Strings accept both escape styles seen in
 * ConnectWise clients: a backslash before the quote (`"O\"Brien"`, `'O\'Brien'`, `\\` for a
 * backslash) and a doubled quote (`"O""Brien"`, `'O''Brien'`), because the published material
 * does not pin one down and a client using either must still be understood.
 */
export type Token =
  | { kind: 'field'; value: string; position: number }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'number'; value: number; position: number }
  | { kind: 'date'; value: string; position: number }
  | { kind: 'keyword'; value: string; position: number }
  | { kind: 'operator'; value: string; position: number }
  | { kind: 'punct'; value: '(' | ')' | ','; position: number }
  | { kind: 'end'; position: number };

/** A malformed condition; the message names the position so a caller can fix the string. */
export class ConditionSyntaxError extends Error {
  override readonly name = 'ConditionSyntaxError';
}

const keywords = new Set(['and', 'or', 'not', 'like', 'contains', 'in', 'true', 'false', 'null']);
const fieldPattern = /[A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*/y;
const numberPattern = /-?\d+(?:\.\d+)?/y;
const operatorPattern = /!=|<=|>=|<>|=|<|>/y;

const readString = (input: string, start: number): { value: string; end: number } => {
  const quote = input[start];
  let value = '';
  let index = start + 1;
  while (index < input.length) {
    const char = input[index];
    if (char === '\\' && index + 1 < input.length) {
      value += input[index + 1];
      index += 2;
    } else if (char === quote && input[index + 1] === quote) {
      value += quote;
      index += 2;
    } else if (char === quote) {
      return { value, end: index + 1 };
    } else {
      value += char;
      index += 1;
    }
  }
  throw new ConditionSyntaxError(`unterminated string starting at position ${start}`);
};

const readDate = (input: string, start: number): { value: string; end: number } => {
  const close = input.indexOf(']', start);
  if (close < 0) throw new ConditionSyntaxError(`unterminated date starting at position ${start}`);
  const value = input.slice(start + 1, close).trim();
  if (Number.isNaN(Date.parse(value))) {
    throw new ConditionSyntaxError(`invalid date [${value}] at position ${start}`);
  }
  return { value, end: close + 1 };
};

const matchAt = (pattern: RegExp, input: string, index: number): string | undefined => {
  pattern.lastIndex = index;
  return pattern.exec(input)?.[0];
};

const readWord = (input: string, index: number): Token | undefined => {
  const word = matchAt(fieldPattern, input, index);
  if (word === undefined) return undefined;
  const lower = word.toLowerCase();
  return keywords.has(lower)
    ? { kind: 'keyword', value: lower, position: index }
    : { kind: 'field', value: word, position: index };
};

/** Splits a conditions string into tokens; throws ConditionSyntaxError on a character it cannot read. */
export const tokenize = (input: string): Token[] => {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const char = input[index] ?? '';
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === '"' || char === "'") {
      const { value, end } = readString(input, index);
      tokens.push({ kind: 'string', value, position: index });
      index = end;
    } else if (char === '[') {
      const { value, end } = readDate(input, index);
      tokens.push({ kind: 'date', value, position: index });
      index = end;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: 'punct', value: char, position: index });
      index += 1;
    } else {
      const token = readOther(input, index);
      tokens.push(token);
      index +=
        token.kind === 'number' ? String(matchAt(numberPattern, input, index)).length : tokenLength(token);
    }
  }
  tokens.push({ kind: 'end', position: input.length });
  return tokens;
};

const tokenLength = (token: Token): number => ('value' in token ? String(token.value).length : 0);

const readOther = (input: string, index: number): Token => {
  const number = matchAt(numberPattern, input, index);
  if (number !== undefined) return { kind: 'number', value: Number(number), position: index };
  const operator = matchAt(operatorPattern, input, index);
  if (operator !== undefined) return { kind: 'operator', value: operator, position: index };
  const word = readWord(input, index);
  if (word !== undefined) return word;
  throw new ConditionSyntaxError(`unexpected character '${input[index]}' at position ${index}`);
};
