import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/local-stack.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import {
  pollUntil,
  postRawEvent,
  type SimRecord,
  simulatorControl,
  simulatorRequests,
  simulatorState,
  startE2eLocalStack,
} from '../helpers/e2e-local-stack.js';
import { aPortalEvent } from '../helpers/portal-events.js';
import { queueDepth } from '../helpers/sync-events.js';

/**
 * 20 s in `npm test`; `npm run test:outage` runs the same test with a 3-minute outage
 * (OUTAGE_SECONDS=180), the length a ConnectWise maintenance window starts at.
 */
const outageSeconds = Number(process.env.OUTAGE_SECONDS ?? 20);
let stack: LocalStack;
let sqs: SQSClient;

beforeAll(async () => {
  // Two receives before the DLQ: a record that spent its receive budget waiting would be lost
  // to the DLQ within seconds (a failed record comes back after the 1–5 s retry backoff the
  // handler sets), so an empty DLQ shows the waiting spent none. The queue's visibility timeout
  // stays the default 30 s, longer than any invocation: a shorter one would let a second consumer
  // receive a record still being handled on a loaded machine, as no deployed stack would.
  stack = await startE2eLocalStack({
    syncDelaySeconds: 0,
    syncMaxReceiveCount: 2,
  });
  sqs = new SQSClient({ endpoint: stack.motoEndpoint });
});

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
});

const simulator = (method: string, path: string, body?: unknown) =>
  simulatorControl(stack.simulatorUrl, method, path, body);

describe(`the local stack during a ${outageSeconds}-second ConnectWise outage`, () => {
  it(
    'defers the five problems that arrive, probes a few times, dead-letters nothing, and opens each ticket once after recovery',
    async () => {
      const stamp = Date.now();
      const problems: PortalEvent[] = Array.from({ length: 5 }, (_, n) =>
        aPortalEvent({
          customer: { id: '19652', name: 'Acme Dental Group' },
          account: { ...aPortalEvent().account, id: `OUT${stamp}-${n}-` },
        }),
      );
      expect(
        (
          await simulator('POST', '/__sim/faults', {
            faults: [{ kind: 'status', status: 503, count: 1_000_000 }],
          })
        ).status,
      ).toBe(201);
      const mark = (await simulatorRequests(stack.simulatorUrl)).at(-1)?.seq ?? 0;

      for (const problem of problems) {
        const response = await postRawEvent(stack.apiUrl, JSON.stringify(problem), {
          secret: stack.settings.demoWebhookSecret,
        });
        expect(response.status).toBe(202);
      }
      await new Promise((resolve) => setTimeout(resolve, outageSeconds * 1000));
      const duringOutage = await simulatorRequests(stack.simulatorUrl, mark);
      expect((await simulator('DELETE', '/__sim/faults')).status).toBe(204);
      const recovered = Date.now();

      const tickets = await pollUntil(
        'a ticket for each of the five problems',
        async () =>
          ((await simulatorState(stack.simulatorUrl)).tickets ?? []).filter((ticket: SimRecord) =>
            String(ticket.externalXRef ?? '').includes(`OUT${stamp}-`),
          ),
        (found) => found.length >= problems.length,
        { timeoutMs: 60_000, intervalMs: 500 },
      );

      const recoveredInMs = Date.now() - recovered;
      console.log(
        `ConnectWise outage of ${outageSeconds} s: ${duringOutage.length} requests during it, ` +
          `${problems.length} tickets ${(recoveredInMs / 1000).toFixed(1)} s after recovery`,
      );
      expect(recoveredInMs).toBeLessThan(60_000);
      for (const problem of problems) {
        expect(
          tickets.filter((ticket) => String(ticket.externalXRef).includes(problem.account.id)),
        ).toHaveLength(1);
      }
      const deadLetters = await queueDepth(sqs, stack.env.SYNC_DLQ_URL);
      expect(deadLetters.visible + deadLetters.inFlight).toBe(0);
      // The circuit opens after three failures (each of the five consumers may have one more in
      // flight), then probes one at a time, 1 s apart growing to 5 s: under a dozen in 20 s. Five
      // records retrying on their own would send five attempts per receive.
      expect(duringOutage.length).toBeGreaterThanOrEqual(3);
      expect(duringOutage.length).toBeLessThanOrEqual(3 + 5 + outageSeconds / 5 + 4);
    },
    outageSeconds * 1000 + 130_000,
  );
});
