import { describe, expect, it } from 'vitest';
import { asLikeLiteral } from '../../../shared/adapters/connectwise/ticket-gateway.js';
import { cond, quoteConditionString } from '../../../shared/connectwise/conditions.js';

describe('conditions builder', () => {
  describe('values', () => {
    it('quotes strings and escapes backslashes and double quotes', () => {
      expect(cond.eq('company/name', `O'Brien "IT" & Sons`).toString()).toBe(
        String.raw`company/name = "O'Brien \"IT\" & Sons"`,
      );
      expect(cond.eq('name', 'C:\\backup\\').toString()).toBe(String.raw`name = "C:\\backup\\"`);
    });

    it('brackets dates in UTC without milliseconds', () => {
      expect(cond.gte('lastUpdated', new Date('2026-01-02T03:04:05Z')).toString()).toBe(
        'lastUpdated >= [2026-01-02T03:04:05Z]',
      );
      expect(cond.lt('lastUpdated', new Date('2026-01-02T03:04:05.123Z')).toString()).toBe(
        'lastUpdated < [2026-01-02T03:04:05.123Z]',
      );
    });

    it('writes numbers bare and true, false and null as keywords', () => {
      expect(cond.eq('board/id', 3).toString()).toBe('board/id = 3');
      expect(cond.eq('closedFlag', false).toString()).toBe('closedFlag = false');
      expect(cond.ne('agreement', null).toString()).toBe('agreement != null');
    });

    it('refuses values ConnectWise cannot compare', () => {
      expect(() => cond.eq('id', Number.NaN)).toThrow(TypeError);
      expect(() => cond.eq('lastUpdated', new Date('not a date'))).toThrow(TypeError);
      expect(() => cond.in('id', [])).toThrow(TypeError);
    });
  });

  describe('injection attempts', () => {
    it('keeps a name that tries to close the literal inside one string literal', () => {
      const hostile = '" or id>0 or name="';
      const rendered = cond.eq('name', hostile).toString();
      expect(rendered).toBe(String.raw`name = "\" or id>0 or name=\""`);
      // Outside the literal only the field and operator remain: strip the one literal and look.
      expect(rendered.replace(/"(?:[^"\\]|\\.)*"/g, 'LIT')).toBe('name = LIT');
    });

    it('cannot be broken by a trailing backslash that would escape the closing quote', () => {
      const rendered = cond.eq('name', 'evil\\').toString();
      expect(rendered).toBe(String.raw`name = "evil\\"`);
      expect(rendered.replace(/"(?:[^"\\]|\\.)*"/g, 'LIT')).toBe('name = LIT');
    });

    it('rejects field names that carry operators, spaces or quotes', () => {
      for (const field of ['name or id>0', 'name="x"', '', 'a//b', '/a', 'a/', '1abc', 'name;drop']) {
        expect(() => cond.eq(field, 'x'), field).toThrow(/Invalid ConnectWise condition field/);
      }
      expect(cond.eq('company/identifier', 'x').toString()).toBe('company/identifier = "x"');
    });

    it('escapes every string a customer can type (property)', () => {
      const samples = ['', '"', '\\', '\\"', '"\\', 'a"b\\c', "'", '%_', '(x) and y', '\u00e9\u4e2d'];
      for (const value of samples) {
        const literal = quoteConditionString(value);
        expect(literal.replace(/^"(?:[^"\\]|\\.)*"$/, 'LIT'), value).toBe('LIT');
        expect(JSON.parse(literal), value).toBe(value);
      }
    });
  });

  describe('operators', () => {
    it('renders like, contains and in', () => {
      expect(cond.like('summary', 'Backup failed%').toString()).toBe('summary like "Backup failed%"');
      expect(cond.contains('name', 'IT').toString()).toBe('name contains "IT"');
      expect(cond.in('id', [1, 2, 3]).toString()).toBe('id in (1,2,3)');
    });

    it('groups and/or with parentheses around nested groups', () => {
      const condition = cond.and(
        cond.eq('board/id', 3),
        cond.or(cond.eq('status/name', 'New'), cond.eq('status/name', 'Open')),
      );
      expect(condition.toString()).toBe('board/id = 3 and (status/name = "New" or status/name = "Open")');
    });

    it('negates by flipping operators and De Morgan, never emitting a bare not', () => {
      expect(cond.not(cond.eq('id', 1)).toString()).toBe('id != 1');
      expect(cond.not(cond.lt('id', 1)).toString()).toBe('id >= 1');
      expect(cond.not(cond.like('name', 'a%')).toString()).toBe('name not like "a%"');
      expect(cond.not(cond.in('id', [1, 2])).toString()).toBe('id not in (1,2)');
      expect(cond.not(cond.and(cond.eq('a', 1), cond.gt('b', 2))).toString()).toBe('a != 1 or b <= 2');
      expect(cond.not(cond.not(cond.contains('name', 'x'))).toString()).toBe('name contains "x"');
    });
  });
});

describe('asLikeLiteral', () => {
  it('turns each % into _, so a contains search widens by one character at most, never a run', () => {
    expect(asLikeLiteral('disk 100% full: 50%_done')).toBe('disk 100_ full: 50__done');
  });
});
