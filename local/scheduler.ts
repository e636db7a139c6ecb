import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { localAccountId } from './lambda-context.js';

/** A Lambda handler an EventBridge schedule targets. */
export type ScheduledLambdaHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;

export interface SchedulerOptions {
  readonly ruleName: string;
  readonly intervalSeconds: number;
  readonly region: string;
  readonly handler: ScheduledLambdaHandler;
  readonly createContext: () => Context;
  readonly onRun?: (outcome: { event: ScheduledEvent; result?: unknown; error?: unknown }) => void;
}

export interface Scheduler {
  stop(): Promise<void>;
}

/** The payload EventBridge sends a target of a `rate(...)` rule. */
export const toScheduledEvent = (ruleName: string, region: string, now = new Date()): ScheduledEvent => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: localAccountId,
  // EventBridge reports the scheduled time to the second.
  time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  region,
  resources: [`arn:aws:events:${region}:${localAccountId}:rule/${ruleName}`],
  detail: {},
});

/**
 * Invokes `handler` every `intervalSeconds` with a Scheduled Event, because moto stores rules but
 * never fires them. A run still in progress when the next one is due is not overlapped.
 */
export const startScheduler = (options: SchedulerOptions): Scheduler => {
  let running: Promise<void> | undefined;
  const fire = () => {
    if (running) return;
    const event = toScheduledEvent(options.ruleName, options.region);
    running = options
      .handler(event, options.createContext())
      .then(
        (result) => options.onRun?.({ event, result }),
        (error: unknown) => {
          console.error(
            JSON.stringify({
              level: 'ERROR',
              message: 'scheduled run failed',
              rule: options.ruleName,
              error: String(error),
            }),
          );
          options.onRun?.({ event, error });
        },
      )
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(fire, options.intervalSeconds * 1000);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
};
