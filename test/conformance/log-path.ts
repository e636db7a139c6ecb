import { fileURLToPath } from 'node:url';

/**
 * Where every ConnectWise simulator started during `vitest run` appends the requests it
 * receives (CW_SIM_CONFORMANCE_LOG). The global setup empties it at the start of a run; the
 * conformance run that follows reads it.
 */
export const conformanceLogPath = fileURLToPath(new URL('../../.local/cw-requests.jsonl', import.meta.url));
