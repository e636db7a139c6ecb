import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { maxListedFields, toValidationError } from '../../../shared/http/validation.js';

describe('toValidationError', () => {
  describe('given a few failing fields', () => {
    it('names every one of them', () => {
      const parsed = z.object({ a: z.string(), b: z.number() }).safeParse({ a: 1, b: 'x' });

      const error = toValidationError(parsed.error ?? new z.ZodError([]), 'body');

      expect(error.fields.map(({ field }) => field)).toEqual(['a', 'b']);
      expect(error.message).toMatch(/^invalid body: a: .+; b: .+$/);
    });
  });

  describe('given an array of 60 000 bad entries', () => {
    it(`names the first ${maxListedFields} and says how many more, in a few kilobytes`, () => {
      const parsed = z.array(z.enum(['info'])).safeParse(Array.from({ length: 60_000 }, () => 'x'));

      const error = toValidationError(parsed.error ?? new z.ZodError([]));

      expect(error.fields).toHaveLength(maxListedFields);
      expect(error.fields[0]?.field).toBe('0');
      expect(error.message).toMatch(new RegExp(`; and ${60_000 - maxListedFields} more$`));
      expect(error.message.length).toBeLessThan(10_000);
    });
  });
});
