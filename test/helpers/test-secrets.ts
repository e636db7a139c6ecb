import { appendFileSync } from 'node:fs';
import { testSecretsPath } from '../conformance/log-path.js';

/**
 * Notes a secret a test hands to the bridge (a key, a webhook secret, an admin token), so the
 * secrets check after the run can assert it appears in no captured output. Returns it.
 */
export const usedSecret = (value: string): string => {
  appendFileSync(testSecretsPath, `${value}\n`);
  return value;
};
