import { writeFileSync } from 'node:fs';
import { startMoto } from '../local/moto.js';
import { coldStartBenchmark } from './cold-start.bench.js';
import { connectWiseCallsBenchmark } from './connectwise-calls.bench.js';
import { type Benchmark, reportedFigures } from './harness.js';
import { ingestBenchmark } from './ingest.bench.js';

/** Every benchmark `npm run bench` runs, in order. Add new ones here. */
const benchmarks: readonly Benchmark[] = [ingestBenchmark, connectWiseCallsBenchmark, coldStartBenchmark];

// Benchmarks measure the code, not log or metric output: keep Powertools quiet and offline.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_TRACE_ENABLED = 'false';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'testing';
process.env.AWS_SECRET_ACCESS_KEY = 'testing';

const only = process.argv.slice(2);
const moto = await startMoto();
// Set before any benchmark imports an AWS client module: clients read the endpoint when built.
process.env.AWS_ENDPOINT_URL = moto.endpoint;
console.log(`benchmarks against moto_server at ${moto.endpoint} (node ${process.version})`);
try {
  for (const benchmark of benchmarks) {
    if (only.length > 0 && !only.includes(benchmark.name)) continue;
    await benchmark.run({ motoEndpoint: moto.endpoint });
  }
  const results = { node: process.version, at: new Date().toISOString(), figures: reportedFigures() };
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote bench/results.json (${results.figures.length} figures)`);
} finally {
  await moto.stop();
}
