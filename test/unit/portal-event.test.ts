import { describe, expect, it } from 'vitest';
import { managedIdOf, portalEventSchema } from '../../shared/domain/portal-event.js';
import { aPortalEvent } from '../helpers/portal-events.js';

describe('portalEventSchema', () => {
  describe('given an event shaped like the public contract', () => {
    it('accepts it unchanged', () => {
      const event = aPortalEvent();
      expect(portalEventSchema.parse(event)).toEqual(event);
    });
  });

  describe('given an unknown type or severity', () => {
    it('names the failing field', () => {
      const result = portalEventSchema.safeParse({
        ...aPortalEvent(),
        type: 'backup.exploded',
        severity: 'x',
      });
      expect(result.success).toBe(false);
      const paths = result.error?.issues.map((issue) => issue.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['type', 'severity']));
    });
  });

  describe('given the customer id as a JSON integer or a digit string', () => {
    it.each<[unknown, string]>([
      [19652, '19652'],
      ['19652', '19652'],
      ['019652', '19652'],
      [0, '0'],
      ['000', '0'],
    ])(
      'reads %j as customer %s, the one form fingerprints and Managed IDs are built from',
      (id, expected) => {
        const parsed = portalEventSchema.parse({ ...aPortalEvent(), customer: { id, name: 'Acme' } });
        expect(parsed.customer.id).toBe(expected);
        expect(managedIdOf(parsed.customer.id)).toBe(`EFS-${expected}`);
      },
    );

    it.each<[unknown]>([[-1], [1.5], [2 ** 53], ['19652a'], [''], [null]])(
      'refuses %j, naming customer.id',
      (id) => {
        const result = portalEventSchema.safeParse({ ...aPortalEvent(), customer: { id, name: 'Acme' } });
        expect(result.success).toBe(false);
        expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain('customer.id');
      },
    );
  });

  describe('given occurredAt that is not RFC 3339', () => {
    it('rejects it', () => {
      expect(portalEventSchema.safeParse({ ...aPortalEvent(), occurredAt: 'yesterday' }).success).toBe(false);
    });
  });
});

describe('managedIdOf', () => {
  it('prefixes the customer id with EFS-', () => {
    expect(managedIdOf('19652')).toBe('EFS-19652');
  });
});
