/** The seed's window: ConnectWise is not updated for a customer more often than every 12 hours. */
export const defaultDataSyncWindowSeconds = 12 * 3600;
/** The sync function's env var of the window's length in seconds (named here for the CDK app and the local stack). */
export const dataSyncWindowEnvVar = 'DATA_SYNC_WINDOW_SECONDS';

/**
 * The instant before which a last sync no longer closes the window: `now` minus its length. A
 * claim succeeds when the customer's last sync is older than this. Pure: ISO 8601 in and out.
 */
export const windowCutoffOf = (now: string, windowSeconds: number): string =>
  new Date(Date.parse(now) - windowSeconds * 1000).toISOString();
