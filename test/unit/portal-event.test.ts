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
