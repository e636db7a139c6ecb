import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startMoto } from '../local/moto.js';
import { coldStartBenchmark } from './cold-start.bench.js';
import { connectWiseCallsBenchmark } from './connectwise-calls.bench.js';
import { type Benchmark, type Figure, reportedFigures } from './harness.js';
import { ingestBenchmark } from './ingest.bench.js';
import { paceBenchmark } from './pace.bench.js';
import { sweepBenchmark } from './sweep.bench.js';
import { throughputBenchmark } from './throughput.bench.js';

/** Every benchmark `npm run bench` runs, in order. Add new ones here. */
const benchmarks: readonly Benchmark[] = [
  ingestBenchmark,
  connectWiseCallsBenchmark,
  paceBenchmark,
  throughputBenchmark,
  sweepBenchmark,
  coldStartBenchmark,
];

/** The line a benchmark's process ends with: its figures, for the parent to collect. */
const figuresMarker = 'BENCH_FIGURES ';

// Benchmarks measure the code, not log or metric output: keep Powertools quiet and offline.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_TRACE_ENABLED = 'false';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'testing';
process.env.AWS_SECRET_ACCESS_KEY = 'testing';

/**
 * One benchmark in this process (the parent set AWS_ENDPOINT_URL): handlers read their
 * configuration when their module loads, so each benchmark gets a process of its own and its
 * own tables, never the handler another benchmark configured.
 */
const runChild = async (name: string): Promise<void> => {
  const benchmark = benchmarks.find((candidate) => candidate.name === name);
  if (!benchmark) throw new Error(`no benchmark named ${name}`);
  await benchmark.run({ motoEndpoint: process.env.AWS_ENDPOINT_URL ?? '' });
  console.log(`${figuresMarker}${JSON.stringify(reportedFigures())}`);
};

/** Runs one benchmark in a child process, its output passed through; returns its figures. */
const runInChild = (name: string, motoEndpoint: string): Promise<Figure[]> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, AWS_ENDPOINT_URL: motoEndpoint, BENCH_CHILD: name },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let figures: Figure[] = [];
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(figuresMarker))
          figures = JSON.parse(line.slice(figuresMarker.length)) as Figure[];
        else console.log(line);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(figures) : reject(new Error(`benchmark ${name} exited with ${code}`)),
    );
  });

const runAll = async (only: readonly string[]): Promise<void> => {
  const unknown = only.filter((name) => !benchmarks.some((benchmark) => benchmark.name === name));
  if (unknown.length > 0)
    throw new Error(
      `no benchmark named ${unknown.join(', ')} (known: ${benchmarks.map((b) => b.name).join(', ')})`,
    );
  const moto = await startMoto();
  console.log(`benchmarks against moto_server at ${moto.endpoint} (node ${process.version})`);
  const figures: Figure[] = [];
  const failed: string[] = [];
  try {
    for (const benchmark of benchmarks) {
      if (only.length > 0 && !only.includes(benchmark.name)) continue;
      console.log(`\n== ${benchmark.name}`);
      try {
        figures.push(...(await runInChild(benchmark.name, moto.endpoint)));
      } catch (error) {
        // One broken benchmark still leaves the others' figures.
        console.error(String(error));
        failed.push(benchmark.name);
      }
    }
    const results = { node: process.version, at: new Date().toISOString(), figures };
    writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwrote bench/results.json (${figures.length} figures)`);
  } finally {
    await moto.stop();
  }
  if (failed.length > 0) {
    console.error(`failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
};

const child = process.env.BENCH_CHILD;
if (child) await runChild(child);
else await runAll(process.argv.slice(2));
