import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaContext } from '../../local/lambda-context.js';
import { provisionResources } from '../../local/provision.js';
import { createPowertoolsRunOnce } from '../../shared/adapters/aws/powertools-run-once.js';
import { WorkInProgressError } from '../../shared/errors.js';
import type { RunOnce } from '../../shared/ports/run-once.js';
import { tables } from '../../shared/resources.js';

let client: DynamoDBClient;
let runOnce: RunOnce;

beforeAll(async () => {
  const env = await provisionResources({ namePrefix: `runonce${randomUUID().slice(0, 8)}-` });
  client = new DynamoDBClient({});
  const powertools = createPowertoolsRunOnce(client, env[tables.idempotency.envVar] ?? '', 3600);
  powertools.registerLambdaContext(createLambdaContext({ functionName: 'sync', timeoutSeconds: 120 }));
  runOnce = powertools.runOnce;
});
afterAll(() => client?.destroy());

const aKey = () => ({ partnerId: 'run-once', eventId: randomUUID(), job: 'data-sync' });

describe('Powertools run-once against DynamoDB', () => {
  describe('given work whose result holds an undefined property (a first data sync has no `from`)', () => {
    it('keeps the result, so a second call replays it instead of finding the work in progress', async () => {
      const key = aKey();
      let runs = 0;
      const work = async () => {
        runs += 1;
        return { kind: 'synced', changes: [{ field: 'Protected devices', from: undefined, to: 3 }] };
      };

      const first = await runOnce(key, work);
      const second = await runOnce(key, work);

      expect(runs).toBe(1);
      expect(first).toEqual({ kind: 'synced', changes: [{ field: 'Protected devices', to: 3 }] });
      expect(second).toEqual(first);
    });
  });

  describe('given work still running under the same key', () => {
    it('refuses a second call with a deferrable error, so the record waits without spending a receive', async () => {
      const key = aKey();
      let finish: () => void = () => undefined;
      const running = runOnce(
        key,
        () =>
          new Promise<{ kind: string }>((resolve) => {
            finish = () => resolve({ kind: 'done' });
          }),
      );
      // The first call's in-progress mark is written before its work starts.
      await new Promise((resolve) => setTimeout(resolve, 300));

      const second = await runOnce(key, async () => ({ kind: 'twice' })).catch((error: unknown) => error);
      finish();

      expect(second).toBeInstanceOf(WorkInProgressError);
      expect(second).toMatchObject({ deferrable: true, retryable: true });
      expect(await running).toEqual({ kind: 'done' });
      expect(await runOnce(key, async () => ({ kind: 'twice' }))).toEqual({ kind: 'done' });
    });
  });
});
