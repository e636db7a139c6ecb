import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { inject } from 'vitest';

// Runs before each test file's imports, so every SDK client built at module scope talks to moto.
process.env.AWS_ENDPOINT_URL = inject('motoEndpoint');
// Every simulator started by a test (in-process or in a child process) logs its requests here.
process.env.CW_SIM_CONFORMANCE_LOG = inject('conformanceLog');
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'testing';
process.env.AWS_SECRET_ACCESS_KEY = 'testing';
process.env.POWERTOOLS_DEV = 'true';
// Info lines are written (to the capture below), so the secrets check reads what CloudWatch would.
process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_TRACE_ENABLED = 'false';

/*
 * Every console line of this test process — the handlers' Powertools logs included (in dev mode
 * Powertools writes through the global console) — is appended to this process's file in the run's
 * output folder, which the conformance run then greps for secrets. On the terminal only errors
 * and plain logs show: retries and rejections warn by design.
 */
const capture = join(inject('outputLogDir'), `${process.pid}.log`);
const terminal = new Set(['log', 'error']);
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    appendFileSync(capture, `${format(...args)}\n`);
    if (terminal.has(method)) original(...args);
  };
}
