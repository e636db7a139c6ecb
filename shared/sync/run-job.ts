import type { EventLog } from '../ports/event-log.js';
import type { RunOnce } from '../ports/run-once.js';
import { permanentFailureOf } from './failure-policy.js';
import { entryFor, type JobContext, type JobOutcome, type JobResult, type SyncJob } from './sync-job.js';

export interface RunJobDeps {
  readonly runOnce: RunOnce;
  readonly eventLog: EventLog;
}

/** A job's permanent failure, kept as its outcome so a retry of the record does not log it again. */
interface FailedOutcome extends JobOutcome {
  readonly kind: 'failed';
  readonly message: string;
  readonly errorName: string;
}

const isFailed = (outcome: JobOutcome): outcome is FailedOutcome => outcome.kind === 'failed';

/** Carries a forced rerun's permanent failure out of the run-once, so it is not kept. */
class FailedAgain extends Error {
  constructor(readonly outcome: FailedOutcome) {
    super(outcome.message);
  }
}

/**
 * One attempt of a job: its outcome and event-log lines, or — when the error is permanent — the
 * error line in the account's event log as its outcome. A retryable error is thrown.
 */
const attempt = async (deps: RunJobDeps, job: SyncJob, context: JobContext): Promise<JobOutcome> => {
  let outcome: JobOutcome;
  try {
    outcome = await job.run(context);
  } catch (error) {
    const permanent = permanentFailureOf(error);
    if (!permanent) throw error;
    const failed: FailedOutcome = { kind: 'failed', ...permanent };
    await deps.eventLog.append(
      entryFor(context.event, context.now, {
        level: 'error',
        message: permanent.message,
        details: { job: job.name, error: permanent.errorName },
      }),
    );
    return failed;
  }
  for (const entry of job.entriesOf(context, outcome)) await deps.eventLog.append(entry);
  return outcome;
};

/**
 * Runs one job of a record at most once per partner + event + job. A reprocess (`force`) runs a
 * job again when the job allows it or when its first run failed permanently (the operator fixed
 * the setup); otherwise it says in the event log that the work was already done.
 * @throws a retryable error; the caller decides the record's retry
 */
export const runJob = async (deps: RunJobDeps, job: SyncJob, context: JobContext): Promise<JobResult> => {
  const { event } = context;
  let ran = false;
  const work = async () => {
    ran = true;
    return (await attempt(deps, job, context)) as JobOutcome & Record<string, unknown>;
  };
  const key = { partnerId: event.partnerId, eventId: event.eventId, job: job.name };
  let outcome: JobOutcome =
    context.force && job.redoWhenForced ? await work() : await deps.runOnce(key, work);
  if (!ran && context.force && isFailed(outcome)) {
    // The operator fixed the setup: run again. Only a success is kept, under a key of its own, so
    // the next reprocess says "already processed" instead of doing the work a second time; a
    // failure again is thrown out of the run-once (which then keeps nothing), so the next
    // reprocess runs it again, until one succeeds.
    try {
      outcome = await deps.runOnce({ ...key, job: `${job.name}#after-failure` }, async () => {
        const rerun = await work();
        if (isFailed(rerun)) throw new FailedAgain(rerun);
        return rerun;
      });
    } catch (error) {
      if (!(error instanceof FailedAgain)) throw error;
      outcome = error.outcome;
    }
  }
  if (!ran && context.force) await noteAlreadyProcessed(deps, job, context, outcome);
  if (isFailed(outcome)) return { job: job.name, kind: 'logged-failure', message: outcome.message };
  return { job: job.name, kind: 'done', outcome, replayed: !ran, metrics: job.metricsOf(outcome) };
};

/** An operator's reprocess of a job whose work is done: say so rather than act twice. */
const noteAlreadyProcessed = async (
  deps: RunJobDeps,
  job: SyncJob,
  context: JobContext,
  outcome: JobOutcome,
): Promise<void> => {
  for (const entry of job.entriesOf(context, outcome)) {
    await deps.eventLog.append({ ...entry, level: 'info', message: `already processed: ${entry.message}` });
  }
};
