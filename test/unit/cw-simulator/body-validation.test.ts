import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../cw-simulator/api-error.js';
import { assertValidRecord } from '../../../cw-simulator/body-validation.js';

const ticket = (summary: string) => ({ summary, company: { id: 1 } });

describe('simulator body validation', () => {
  it('counts max lengths in UTF-16 units, as ConnectWise stores text', () => {
    const withEmoji = `${'a'.repeat(98)}💾`;
    expect(withEmoji.length).toBe(100);
    expect(() => assertValidRecord('Ticket', ticket(withEmoji))).not.toThrow();

    const tooLong = `${'a'.repeat(99)}💾`;
    expect(Array.from(tooLong)).toHaveLength(100);
    let error: unknown;
    try {
      assertValidRecord('Ticket', ticket(tooLong));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).toBody()).toMatchObject({
      code: 'InvalidObject',
      errors: [expect.objectContaining({ field: 'summary', message: expect.stringContaining('100') })],
    });
  });
});
