import Table from 'cli-table3';
import { outcomesByEvent } from './load-checks.js';
import type { LoadRecords } from './load-records.js';
import type { SentEvent } from './load-traffic.js';

/** Percentiles of one stage's durations, in milliseconds. */
export interface StageLatency {
  readonly stage: string;
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentile of ascending `sorted`. */
const percentile = (sorted: readonly number[], fraction: number): number =>
  sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;

export const stageLatency = (stage: string, durations: readonly number[]): StageLatency => {
  const sorted = durations.filter(Number.isFinite).sort((a, b) => a - b);
  return {
    stage,
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
};

/**
 * Each event's stages from what the system recorded: the client's POST and answer, ingest's
 * `receivedAt` on the stored event, the sync's start (the latest `at` of the event's outcome
 * lines: when the attempt that finished its jobs began) and the end of the first batch after
 * that start that completed the record.
 */
export const loadStages = (
  sent: readonly SentEvent[],
  records: LoadRecords,
  completions: ReadonlyMap<string, readonly number[]>,
): StageLatency[] => {
  const outcomes = outcomesByEvent(records.eventLog);
  const rows = sent.map((event) => {
    const lines = [...(outcomes.get(event.eventId)?.values() ?? [])].flat();
    const started = Math.max(...lines.map((line) => Date.parse(line.at)));
    const received = Date.parse(records.receivedAt.get(event.eventId) ?? '');
    const done = completions.get(event.eventId)?.find((at) => at >= started) ?? Number.NaN;
    return { event, started, received, done };
  });
  return [
    stageLatency(
      'POST → 202 (client)',
      rows.map(({ event }) => event.answeredAt - event.postedAt),
    ),
    stageLatency(
      'stored → sync started (queue, deferrals included)',
      rows.map(({ received, started }) => started - received),
    ),
    stageLatency(
      'sync started → record done (event-log lines written)',
      rows.map(({ started, done }) => done - started),
    ),
    stageLatency(
      'end to end: POST → record done',
      rows.map(({ event, done }) => done - event.postedAt),
    ),
  ];
};

const seconds = (ms: number): string => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '–');

/** The stage table as printed: seconds, so minutes of queueing and milliseconds of ingest read alike. */
export const stageTable = (stages: readonly StageLatency[]): string => {
  const table = new Table({ head: ['stage', 'events', 'p50 s', 'p95 s', 'p99 s', 'max s'] });
  for (const row of stages)
    table.push([
      row.stage,
      row.count,
      seconds(row.p50),
      seconds(row.p95),
      seconds(row.p99),
      seconds(row.max),
    ]);
  return table.toString();
};

/** Events per second over a span of client times. */
export const ratePerSecond = (count: number, fromMs: number, toMs: number): number =>
  count / Math.max(0.001, (toMs - fromMs) / 1000);
