import type { Fault } from '../../cw-simulator/faults.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import { callControl } from './cw-simulator-client.js';
import { sendAll } from './delivery-runs.js';
import type { UsageExpectation } from './fault-events.js';
import { type FaultTarget, waitForOutcomes, waitForQuiet } from './fault-outcomes.js';
import { type FaultRunReport, reportFaultRun } from './fault-report.js';
import type { SyncEnvironment } from './sync-environment.js';

/** One fault scenario: its events, the faults its simulator plays, and what runs beside them. */
export interface FaultRun {
  /** The scenario's row in the summary table. */
  readonly label: string;
  readonly events: readonly PortalEvent[];
  /** What ConnectWise must show for the usage events among `events`. */
  readonly usage?: readonly UsageExpectation[];
  /** Injected into the scenario's simulator before the events are sent. */
  readonly faults?: readonly Fault[];
  /** Runs beside the events' processing: ends an outage, starts one. */
  readonly during?: (target: FaultTarget, events: readonly PortalEvent[]) => Promise<void>;
  /** Requests held back by latency faults, journaled only once they are finally processed. */
  readonly latencyFaults?: number;
  /** How long the events may take to reach their outcomes. */
  readonly timeoutMs: number;
}

/**
 * Injects the run's faults, sends its events as ingest does, waits for their outcomes (and for the
 * simulator to settle: late commits, retries on their way), then tallies what became of them.
 */
export const runFaultScenario = async (
  target: FaultTarget,
  queue: Pick<SyncEnvironment, 'eventStore' | 'queueUrl'>,
  run: FaultRun,
): Promise<FaultRunReport> => {
  if (run.faults) {
    const injected = await callControl(target.simulator, 'POST', '/__sim/faults', { faults: run.faults });
    if (injected.status !== 201) throw new Error(`faults refused: ${JSON.stringify(injected.body)}`);
  }
  const startedAt = Date.now();
  await sendAll(queue, run.events);
  await Promise.all([run.during?.(target, run.events), waitForOutcomes(target, run.events, run.timeoutMs)]);
  await waitForQuiet(target.simulator, {
    latencyFaults: run.latencyFaults ?? 0,
    quietMs: 2_000,
    timeoutMs: 15_000,
  });
  return reportFaultRun(target, {
    scenario: run.label,
    events: run.events,
    startedAt,
    ...(run.usage && { usage: run.usage }),
  });
};
