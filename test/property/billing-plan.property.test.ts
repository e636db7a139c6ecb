import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundUpToIncrement } from '../../shared/domain/billing-quantities.js';
import { invoiceDescriptionOf } from '../../shared/domain/invoice-description.js';
import { anAccountUsage } from '../helpers/usage-factories.js';

const accountUsage = fc
  .record({
    accountId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,40}$/),
    accountName: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
    storageGb: fc.double({ min: 0, max: 1_000_000_000, noNaN: true }),
  })
  .map((fields) => anAccountUsage(fields));

describe('invoiceDescriptionOf', () => {
  it('never exceeds the maximum length', () => {
    fc.assert(
      fc.property(
        fc.array(accountUsage, { maxLength: 300 }),
        fc.integer({ min: 0, max: 6000 }),
        (accounts, maxLength) => {
          expect(invoiceDescriptionOf(accounts, maxLength).length).toBeLessThanOrEqual(maxLength);
        },
      ),
    );
  });

  it('lists every account when the text fits', () => {
    fc.assert(
      fc.property(fc.array(accountUsage, { maxLength: 20 }), (accounts) => {
        const text = invoiceDescriptionOf(accounts, Number.MAX_SAFE_INTEGER);
        expect(text === '' ? 0 : text.split('\n').length).toBe(accounts.length);
      }),
    );
  });
});

describe('roundUpToIncrement', () => {
  it('bills at least the usage and less than one increment more', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1_000_000_000, noNaN: true }), (gb) => {
        const billed = roundUpToIncrement(gb, 0.01);
        expect(billed).toBeGreaterThanOrEqual(gb);
        expect(billed).toBeLessThan(gb + 0.01 + 1e-9);
      }),
    );
  });

  it('bills a value with at most two decimals exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), (cents) => {
        const gb = cents / 100;
        expect(roundUpToIncrement(gb, 0.01)).toBe(gb);
      }),
    );
  });
});
