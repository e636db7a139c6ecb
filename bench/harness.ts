import { performance } from 'node:perf_hooks';

/** What every benchmark gets from the runner: one moto_server already set as the AWS endpoint. */
export interface BenchContext {
  readonly motoEndpoint: string;
}

/** One benchmark: it prints its own figures and never asserts on them. */
export interface Benchmark {
  readonly name: string;
  run(context: BenchContext): Promise<void>;
}

export interface Summary {
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly meanMs: number;
}

const percentile = (sorted: readonly number[], fraction: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;

/** Median, p95 and mean of durations in milliseconds. */
export const summarize = (durations: readonly number[]): Summary => {
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    medianMs: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    meanMs: sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length),
  };
};

/** Wall-clock milliseconds one call takes. */
export const timeCall = async (call: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await call();
  return performance.now() - start;
};

/**
 * Times `candidates` in an interleaved loop (A, B, A, B, …) so drift in the machine's load hits
 * every candidate alike, after `warmup` untimed rounds.
 */
export const timeInterleaved = async (
  candidates: Record<string, () => Promise<unknown>>,
  options: { runs: number; warmup: number },
): Promise<Record<string, Summary>> => {
  const durations: Record<string, number[]> = Object.fromEntries(
    Object.keys(candidates).map((name) => [name, []]),
  );
  for (let round = 0; round < options.warmup + options.runs; round += 1) {
    for (const [name, call] of Object.entries(candidates)) {
      const elapsed = await timeCall(call);
      if (round >= options.warmup) durations[name]?.push(elapsed);
    }
  }
  return Object.fromEntries(Object.entries(durations).map(([name, values]) => [name, summarize(values)]));
};

/** Prints summaries as an aligned table. */
export const printSummaries = (title: string, summaries: Record<string, Summary>): void => {
  console.log(`\n${title}`);
  console.log(
    `  ${'candidate'.padEnd(28)} ${'runs'.padStart(5)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(10)}`,
  );
  for (const [name, summary] of Object.entries(summaries)) {
    console.log(
      `  ${name.padEnd(28)} ${String(summary.runs).padStart(5)} ${summary.medianMs.toFixed(2).padStart(10)} ${summary.p95Ms.toFixed(2).padStart(10)}`,
    );
  }
};

/** One figure of `npm run bench`, as printed and as written to bench/results.json. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The target it is held to, e.g. `≤ 1.15×`, or `report` when it is only reported. */
  readonly target: string;
}

const figures: Figure[] = [];

/** Prints `name: value unit (target …)` and keeps the figure for bench/results.json. */
export const reportFigure = (name: string, value: number, unit: string, target: string): void => {
  figures.push({ name, value, unit, target });
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(2);
  console.log(`${name}: ${shown} ${unit} (target ${target})`);
};

/** Every figure reported so far in this run. */
export const reportedFigures = (): readonly Figure[] => figures;
