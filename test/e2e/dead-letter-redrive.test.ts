import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/local-stack.js';
import type { DeadLetterEntry } from '../../shared/operations/dead-letters.js';
import { runCliCaptured } from '../helpers/cli-run.js';
import {
  pollUntil,
  postRawEvent,
  type SimRecord,
  simulatorControl,
  simulatorState,
  startE2eLocalStack,
} from '../helpers/e2e-local-stack.js';
import { aPortalEvent } from '../helpers/portal-events.js';
import { queueDepth } from '../helpers/sync-events.js';

let stack: LocalStack;
let sqs: SQSClient;

beforeAll(async () => {
  // An outage tolerated for 2 s, then two receives 1 s apart (the retry backoff the handler sets on
  // a failed record): the record is dead-lettered within seconds instead of the deployed 13 days.
  // The queue's visibility timeout stays the default 30 s, longer than any invocation: with 2 s, a
  // slow invocation on a loaded machine let a second consumer take the same record, and the
  // dead-letter queue held it twice, as no deployed stack would (180 s against a 120 s timeout).
  stack = await startE2eLocalStack({
    syncDelaySeconds: 0,
    syncMaxReceiveCount: 2,
    syncRetryBaseSeconds: 1,
    syncRetryMaxSeconds: 1,
    syncOutageToleranceSeconds: 2,
  });
  sqs = new SQSClient({ endpoint: stack.motoEndpoint });
});

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
});

const simulator = (method: string, path: string, body?: unknown) =>
  simulatorControl(stack.simulatorUrl, method, path, body);

/** `cwbridge …` against the local stack, with what it printed. */
const cli = (...args: string[]) =>
  runCliCaptured([...args, '--url', stack.apiUrl, '--token', stack.settings.adminToken]);

const deadLetterCount = async () => {
  const depth = await queueDepth(sqs, stack.env.SYNC_DLQ_URL);
  return depth.visible + depth.inFlight;
};

describe('a record dead-lettered by an outage that outlasts its tolerance', () => {
  it('is listed with its failure, redriven by the CLI once ConnectWise is back, and opens exactly one ticket', async () => {
    const problem = aPortalEvent({
      customer: { id: '19652', name: 'Acme Dental Group' },
      account: { ...aPortalEvent().account, id: `DLQ${Date.now()}-` },
    });
    const faults = await simulator('POST', '/__sim/faults', {
      faults: [{ kind: 'status', status: 503, count: 1_000_000 }],
    });
    expect(faults.status).toBe(201);
    const accepted = await postRawEvent(stack.apiUrl, JSON.stringify(problem), {
      secret: stack.settings.demoWebhookSecret,
    });
    expect(accepted.status).toBe(202);

    await pollUntil('the record to reach the dead-letter queue', deadLetterCount, (count) => count === 1, {
      timeoutMs: 45_000,
      intervalMs: 500,
    });

    const listed = await cli('dlq', 'list', '--json');
    expect(listed.code).toBe(0);
    const { messages } = JSON.parse(listed.out) as { messages: DeadLetterEntry[] };
    expect(messages).toEqual([
      expect.objectContaining({
        partnerId: 'demo',
        eventId: problem.eventId,
        reason: expect.stringMatching(/ConnectWise/),
      }),
    ]);
    const table = await cli('dlq', 'list');
    expect(table.out).toContain(problem.eventId);
    expect(table.out).toContain('1 dead letter(s)');

    expect((await simulator('DELETE', '/__sim/faults')).status).toBe(204);
    const dryRun = await cli('dlq', 'redrive', '--all', '--dry-run');
    expect(dryRun.out).toBe('would move 1, skipped 0, failed 0');
    expect(await deadLetterCount()).toBe(1);

    const redriven = await cli('dlq', 'redrive', '--partner', 'demo', '--json');
    expect(redriven.code).toBe(0);
    expect(JSON.parse(redriven.out)).toMatchObject({ moved: 1, skipped: 0, failed: 0, done: true });

    const tickets = await pollUntil(
      'the ticket of the redriven problem',
      async () =>
        ((await simulatorState(stack.simulatorUrl)).tickets ?? []).filter((ticket: SimRecord) =>
          String(ticket.externalXRef ?? '').includes(problem.account.id),
        ),
      (found) => found.length >= 1,
      { timeoutMs: 45_000, intervalMs: 500 },
    );
    expect(tickets).toHaveLength(1);
    expect(await deadLetterCount()).toBe(0);
    // A second redrive finds nothing, and the ticket is still the only one.
    expect((await cli('dlq', 'redrive', '--all')).out).toBe('moved 0, skipped 0, failed 0');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = ((await simulatorState(stack.simulatorUrl)).tickets ?? []).filter((ticket: SimRecord) =>
      String(ticket.externalXRef ?? '').includes(problem.account.id),
    );
    expect(after).toHaveLength(1);
  }, 150_000);

  it('answers a CLI call with a bad token with the API problem and exit code 1', async () => {
    const { code, err } = await runCliCaptured(['dlq', 'list', '--url', stack.apiUrl, '--token', 'wrong']);
    expect(code).toBe(1);
    expect(err).toMatch(/401/);
  });
});
