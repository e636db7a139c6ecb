import type { AccountUsage } from '../ports/usage-store.js';
import { byAccountId } from './usage.js';

/** ConnectWise's maximum length of an agreement addition's `invoiceDescription`. */
export const invoiceDescriptionMaxLength = 6000;

const accountLineOf = (account: AccountUsage): string =>
  `${account.accountId} ${account.accountName}: ${account.storageGb.toFixed(2)} GB`;

const moreAccountsLineOf = (count: number): string =>
  `… and ${count} more ${count === 1 ? 'account' : 'accounts'}`;

/**
 * The invoice text of an addition: one line per account, sorted by account id, e.g.
 * `EFS123 Office server: 152.40 GB`. Past `maxLength` UTF-16 units (ConnectWise's unit) it keeps
 * as many leading lines as fit with a last line `… and N more accounts`; it never cuts a line.
 */
export const invoiceDescriptionOf = (
  accounts: readonly AccountUsage[],
  maxLength: number = invoiceDescriptionMaxLength,
): string => {
  const lines = [...accounts].sort(byAccountId).map(accountLineOf);
  const full = lines.join('\n');
  if (full.length <= maxLength) return full;
  // Length of the first k lines joined, plus the newline before the "more" line.
  let keptLength = 0;
  let kept = 0;
  for (const line of lines) {
    const next = keptLength + line.length + 1;
    if (next + moreAccountsLineOf(lines.length - kept - 1).length > maxLength) break;
    keptLength = next;
    kept += 1;
  }
  const more = moreAccountsLineOf(lines.length - kept);
  if (kept === 0) return more.slice(0, Math.max(0, maxLength));
  return `${lines.slice(0, kept).join('\n')}\n${more}`;
};
