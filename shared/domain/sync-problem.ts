/**
 * Something a sync found wrong with the partner's ConnectWise setup, for the customer's event log.
 * An `error` means a figure could not be kept current; a `warning` means it was, but the setup
 * needs fixing. `code` is stable (for metrics and tests); `message` says what to do, in
 * ConnectWise's words.
 */
export interface SyncProblem {
  readonly level: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
}
