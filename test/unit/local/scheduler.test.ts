import type { ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createLambdaContext } from '../../../local/lambda-context.js';
import { startScheduler, toScheduledEvent } from '../../../local/scheduler.js';

describe('toScheduledEvent', () => {
  it('is the payload EventBridge sends a rate rule target', () => {
    const event = toScheduledEvent(
      'cwbridge-billing-sweep',
      'us-east-1',
      new Date('2026-11-28T18:00:00.456Z'),
    );
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: '2026-11-28T18:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/cwbridge-billing-sweep'],
      detail: {},
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('startScheduler', () => {
  describe('given a run that takes longer than the interval', () => {
    it('fires repeatedly but never runs two sweeps at once', async () => {
      const events: ScheduledEvent[] = [];
      let running = 0;
      let maxRunning = 0;
      const scheduler = startScheduler({
        ruleName: 'sweep',
        intervalSeconds: 0.05,
        region: 'us-east-1',
        createContext: () => createLambdaContext({ functionName: 'billing-sweep', timeoutSeconds: 1 }),
        handler: async (event) => {
          events.push(event);
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await new Promise((resolve) => setTimeout(resolve, 120));
          running -= 1;
        },
      });
      await new Promise((resolve) => setTimeout(resolve, 600));
      await scheduler.stop();
      expect(events.length).toBeGreaterThanOrEqual(2);
      expect(maxRunning).toBe(1);
      expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    });
  });
});
