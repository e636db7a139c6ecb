import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesCondition } from '../../../cw-simulator/conditions-eval.js';
import { ConditionSyntaxError } from '../../../cw-simulator/conditions-lexer.js';
import { parseConditions } from '../../../cw-simulator/conditions-parser.js';

const records = [
  {
    id: 1,
    name: `O'Brien "IT" & Sons`,
    identifier: 'OBrienIT',
    status: { id: 1, name: 'Active' },
    board: { id: 3, name: 'Backup Alerts' },
    closedFlag: false,
    budgetHours: 2.5,
    dateEntered: '2026-01-02T03:04:05Z',
    types: [{ id: 1 }, { id: 7 }],
  },
  {
    id: 2,
    name: 'Acme Dental Group',
    identifier: 'AcmeDental',
    status: { id: 2, name: 'Inactive' },
    board: { id: 4, name: 'Escalations' },
    closedFlag: true,
    budgetHours: 10,
    dateEntered: '2025-06-30T00:00:00Z',
    types: [{ id: 2 }],
  },
  {
    id: 3,
    name: 'Riverside Law LLP',
    identifier: 'RiversideLaw',
    status: { id: 1, name: 'Active' },
    board: { id: 3, name: 'Backup Alerts' },
    closedFlag: false,
    budgetHours: null,
    dateEntered: '2026-03-01T12:00:00Z',
    types: [],
  },
];

const idsMatching = (conditions: string): number[] =>
  records
    .filter((record) => matchesCondition(record, parseConditions(conditions)))
    .map((record) => record.id);

describe('conditions parser and evaluator', () => {
  describe('a table of condition strings against sample records', () => {
    it.each([
      ['id = 2', [2]],
      ['id != 2', [1, 3]],
      ['id > 1', [2, 3]],
      ['id >= 2 and id <= 3', [2, 3]],
      ['id < 2', [1]],
      [`name = "O'Brien \\"IT\\" & Sons"`, [1]],
      [`name = 'O\\'Brien "IT" & Sons'`, [1]],
      [`name = "O'Brien ""IT"" & Sons"`, [1]],
      [`name = 'O''Brien "IT" & Sons'`, [1]],
      ['identifier = "acmedental"', [2]],
      ['name like "%Law%"', [3]],
      ['name like "Acme%"', [2]],
      ['name not like "%Law%"', [1, 2]],
      ['name contains "dental"', [2]],
      ['name not contains "dental"', [1, 3]],
      // contains is SQL LIKE '%x%' in ConnectWise: its wildcards work inside it too.
      ['name contains "Acme%Group"', [2]],
      ['name contains "L_w"', [3]],
      ['id in (1, 3)', [1, 3]],
      ['id not in (1,3)', [2]],
      ['identifier in ("OBrienIT", "RiversideLaw")', [1, 3]],
      ['board/id = 3 and status/name = "Active"', [1, 3]],
      ['board/name = "Escalations" OR status/id = 1', [1, 2, 3]],
      ['id = 1 or id = 2 and closedFlag = false', [1]],
      ['(id = 1 or id = 2) and closedFlag = false', [1]],
      ['(id = 1 or id = 2) AND closedFlag = true', [2]],
      ['not (id = 1 or id = 2)', [3]],
      ['closedFlag = true', [2]],
      ['closedFlag = False', [1, 3]],
      ['budgetHours = null', [3]],
      ['budgetHours != null', [1, 2]],
      ['budgetHours > 2', [1, 2]],
      ['dateEntered > [2026-01-01T00:00:00Z]', [1, 3]],
      ['dateEntered < [2026-01-01]', [2]],
      ['dateEntered >= [2026-01-02T03:04:05Z] and dateEntered <= [2026-01-02T03:04:05Z]', [1]],
      ['types/id = 7', [1]],
      ['missing/field = null', [1, 2, 3]],
    ])('%s matches %j', (conditions, expected) => {
      expect(idsMatching(conditions)).toEqual(expected);
    });
  });

  describe('quoting any text', () => {
    const literalOf = (conditions: string): unknown => {
      const tree = parseConditions(conditions);
      return tree.kind === 'compare' && !Array.isArray(tree.value) ? tree.value : undefined;
    };

    it('reads back any string quoted with backslash escapes', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (value) => {
          const quoted = `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
          expect(literalOf(`name = ${quoted}`)).toEqual({ type: 'string', value });
        }),
      );
    });

    it('reads back any backslash-free string quoted with doubled single quotes', () => {
      fc.assert(
        fc.property(
          fc.string().filter((value) => !value.includes('\\')),
          (value) => {
            expect(literalOf(`name = '${value.replace(/'/g, "''")}'`)).toEqual({ type: 'string', value });
          },
        ),
      );
    });
  });

  describe('precedence', () => {
    it('binds and tighter than or, like SQL', () => {
      const tree = parseConditions('id = 1 or id = 2 and id = 3');
      expect(tree.kind).toBe('or');
    });
  });

  describe('invalid conditions', () => {
    it.each([
      ['id =', 'expected a value'],
      ['= 3', 'expected a field name'],
      ['name = "unterminated', 'unterminated string'],
      ['dateEntered > [not a date]', 'invalid date'],
      ['dateEntered > [2026-01-01', 'unterminated date'],
      ['(id = 1', "expected ')'"],
      ['id = 1 id = 2', 'expected and, or or the end'],
      ['id in 1, 2', "expected '('"],
      ['id not = 3', 'like, contains or in after not'],
      ['id = 1 and', 'expected a field name'],
      ['id # 3', "unexpected character '#'"],
      ['   ', 'conditions are empty'],
    ])('rejects %j with a message saying %j', (conditions, message) => {
      expect(() => parseConditions(conditions)).toThrow(ConditionSyntaxError);
      expect(() => parseConditions(conditions)).toThrow(message);
    });
  });
});
