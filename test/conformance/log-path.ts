import { fileURLToPath } from 'node:url';

/**
 * Where every ConnectWise simulator started during `vitest run` appends the requests it
 * receives (CW_SIM_CONFORMANCE_LOG). The global setup empties it at the start of a run; the
 * conformance run that follows reads it.
 */
export const conformanceLogPath = fileURLToPath(new URL('../../.local/cw-requests.jsonl', import.meta.url));

/** Where every test process of the run appends its console output, one file per process. */
export const outputLogDir = fileURLToPath(new URL('../../.local/test-output', import.meta.url));

/** Secrets the tests used (one per line), which no captured output may contain. */
export const testSecretsPath = fileURLToPath(new URL('../../.local/test-secrets.txt', import.meta.url));
