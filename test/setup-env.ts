import { inject } from 'vitest';

// Runs before each test file's imports, so every SDK client built at module scope talks to moto.
process.env.AWS_ENDPOINT_URL = inject('motoEndpoint');
// Every simulator started by a test (in-process or in a child process) logs its requests here.
process.env.CW_SIM_CONFORMANCE_LOG = inject('conformanceLog');
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'testing';
process.env.AWS_SECRET_ACCESS_KEY = 'testing';
process.env.POWERTOOLS_DEV = 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_TRACE_ENABLED = 'false';
