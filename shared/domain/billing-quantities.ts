import type { AccountUsage } from '../ports/usage-store.js';
import type { BillingUnit } from './partner-config.js';
import { usageTotalsOf } from './usage.js';

// Digits after the point of an increment (0.01 → 2, 0.25 → 2, 1e-7 → 7, 5 → 0).
const decimalsOf = (increment: number): number => {
  const [mantissa = '', exponent = '0'] = increment.toString().split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.min(100, Math.max(0, fraction.length - Number(exponent)));
};

/**
 * The smallest multiple of `increment` that is not below `value`, without float noise:
 * 152.401 → 152.41 and 152.4 → 152.4 at 0.01; 10.2 → 11 at 1; 0 → 0.
 * Throws a `RangeError` unless `increment` is a positive finite number.
 */
export const roundUpToIncrement = (value: number, increment: number): number => {
  if (!(increment > 0) || !Number.isFinite(increment)) {
    throw new RangeError(`increment must be a positive number, got ${increment}`);
  }
  const decimals = decimalsOf(increment);
  const multiple = (units: number): number => Number((units * increment).toFixed(decimals));
  // value / increment carries noise either way (152.4 / 0.01 = 15240.000000000002,
  // 0.3 / 0.01 = 29.999999999999996), so the clean multiples around it are tried in turn.
  // Three tries always suffice below 2^53 increments, far beyond any GB count.
  let units = Math.floor(value / increment) - 1;
  for (let tries = 0; tries < 3 && multiple(units) < value; tries += 1) units += 1;
  return multiple(units) + 0; // + 0 turns -0 into 0
};

/**
 * The quantity an agreement addition bills for these accounts: `storage` is their cloud GB
 * summed, then rounded up once to `gbIncrement` (never per account); `devices` their servers +
 * workstations; `servers` and `workstations` one of the two.
 */
export const billedQuantityOf = (
  unit: BillingUnit,
  accounts: readonly AccountUsage[],
  gbIncrement: number,
): number => {
  const totals = usageTotalsOf(accounts);
  switch (unit) {
    case 'storage':
      return roundUpToIncrement(totals.storageGb, gbIncrement);
    case 'devices':
      return totals.managedMachines;
    case 'servers':
      return totals.servers;
    case 'workstations':
      return totals.workstations;
  }
};
