import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../local/moto.js';
import { DynamoDbEventLog } from '../../shared/adapters/aws/dynamodb-event-log.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import { tables } from '../../shared/resources.js';
import {
  isPortFree,
  type LocalStackProcess,
  postSignedEvent,
  spawnLocalStack,
  waitForOutput,
} from '../helpers/local-stack-process.js';
import { aPortalEvent } from '../helpers/portal-events.js';

const run = promisify(execFile);
const syncDelaySeconds = 2;
const webhookSecret = `secret-${randomUUID()}`;
const adminToken = `token-${randomUUID()}`;
let sentEvent: PortalEvent | undefined;
let ports: { api: number; simulator: number; moto: number };
let stack: LocalStackProcess;
let startupMs: number;

// One `npm start` for the file; the tests run in order: up, carry an event, shut down.
beforeAll(async () => {
  ports = { api: await findFreePort(), simulator: await findFreePort(), moto: await findFreePort() };
  const startedAt = Date.now();
  stack = spawnLocalStack({
    PORT: String(ports.api),
    CW_SIM_PORT: String(ports.simulator),
    MOTO_PORT: String(ports.moto),
    SYNC_DELAY_SECONDS: String(syncDelaySeconds),
    DEMO_WEBHOOK_SECRET: webhookSecret,
    BRIDGE_ADMIN_TOKEN: adminToken,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  await waitForOutput(stack, /local stack ready in/, 30_000);
  startupMs = Date.now() - startedAt;
}, 40_000);

afterAll(async () => {
  // Only finds a live child when a test failed before the shutdown test.
  if (stack?.child.exitCode === null) {
    stack.child.kill('SIGINT');
    await stack.exited;
  }
});

const eventLogEntriesOf = async (accountId: string, eventId: string) => {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: `http://127.0.0.1:${ports.moto}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const { entries } = await new DynamoDbEventLog(client, tables.eventLog.localName).list(accountId, {
    limit: 100,
  });
  client.destroy();
  return entries.filter((entry) => entry.eventId === eventId);
};

const pollEventLog = async (accountId: string, eventId: string, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  let entries = await eventLogEntriesOf(accountId, eventId);
  while (entries.length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    entries = await eventLogEntriesOf(accountId, eventId);
  }
  return entries;
};

describe('npm start (local/start.ts)', () => {
  it('comes up in under 30 s and prints the API URL and the demo webhook secret', () => {
    expect(startupMs).toBeLessThan(30_000);
    expect(stack.output()).toContain(`http://127.0.0.1:${ports.api}`);
    expect(stack.output()).toContain(webhookSecret);
  });

  it('accepts a signed event with 202 and, after SYNC_DELAY_SECONDS, the sync handler writes its event-log entry', async () => {
    const event = aPortalEvent({ account: { ...aPortalEvent().account, id: `EFS${Date.now()}` } });
    const postedAt = Date.now();
    const response = await postSignedEvent(`http://127.0.0.1:${ports.api}`, webhookSecret, event);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ eventId: event.eventId, status: 'queued' });

    const entries = await pollEventLog(event.account.id, event.eventId, 20_000);
    const firstSeenAfterMs = Date.now() - postedAt;

    expect(entries[0]).toMatchObject({
      partnerId: 'demo',
      eventId: event.eventId,
      accountId: event.account.id,
    });
    // The queue's delivery delay held the record back; 0.5 s of slack for moto's whole-second clock.
    expect(firstSeenAfterMs).toBeGreaterThanOrEqual((syncDelaySeconds - 0.5) * 1000);
    sentEvent = event;
  }, 30_000);

  it('serves the admin API with BRIDGE_ADMIN_TOKEN: the event log of that account holds the entry', async () => {
    const url = `http://127.0.0.1:${ports.api}/v1/admin/accounts/${sentEvent?.account.id}/events`;
    const refused = await fetch(url, { headers: { authorization: 'Bearer wrong' } });
    expect(refused.status).toBe(401);
    const response = await fetch(url, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { entries: { eventId: string }[] };
    expect(page.entries.map((entry) => entry.eventId)).toContain(sentEvent?.eventId);
    const description = await fetch(`http://127.0.0.1:${ports.api}/v1/openapi.json`);
    expect(description.status).toBe(200);
    expect(((await description.json()) as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('prints a send command that, pasted into a shell, gets a signed sample event accepted', async () => {
    const command = /npx cwbridge send .*/.exec(stack.output())?.[0] ?? 'false';
    const { stdout } = await run('sh', ['-c', command]);
    expect(stdout).toMatch(/→ 202/);
    expect(stdout).toContain('"status": "queued"');
  }, 30_000);

  it('stops on Ctrl-C (SIGINT) with exit code 0, taking its moto_server and HTTP server down', async () => {
    stack.child.kill('SIGINT');
    expect(await stack.exited).toBe(0);
    expect(await isPortFree(ports.moto)).toBe(true);
    expect(await isPortFree(ports.api)).toBe(true);
    expect(await isPortFree(ports.simulator)).toBe(true);
  });
});

describe('npm start without moto_server on PATH', () => {
  it('exits with code 1 and says exactly how to install moto', async () => {
    const withoutMoto = spawnLocalStack({
      PATH: '/nonexistent',
      MOTO_PORT: '0',
      PORT: '0',
      CW_SIM_PORT: '0',
    });
    expect(await withoutMoto.exited).toBe(1);
    expect(withoutMoto.output()).toContain("pip install 'moto[server]'");
  }, 20_000);
});
