import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbEventLog } from '../../shared/adapters/aws/dynamodb-event-log.js';
import { DynamoDbEventStore } from '../../shared/adapters/aws/dynamodb-event-store.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import { syncQueue, tables } from '../../shared/resources.js';
import { type AdminHandler, callAdmin, loadAdminHandler } from '../helpers/admin-calls.js';
import { aPortalEvent } from '../helpers/portal-events.js';

const runId = randomUUID().slice(0, 8);
const sqs = new SQSClient({});
let env: Record<string, string>;
let handler: AdminHandler;
let adminToken: string;
let events: DynamoDbEventStore;

const reprocess = (eventId: string, partnerId?: string) =>
  callAdmin(handler, {
    method: 'POST',
    path: `/v1/admin/events/${encodeURIComponent(eventId)}/reprocess`,
    ...(partnerId !== undefined && { query: { partnerId } }),
    token: adminToken,
  });

const stored = async (partnerId: string, eventId = `evt-${randomUUID()}`): Promise<PortalEvent> => {
  const event = aPortalEvent({
    partnerId,
    eventId,
    account: { ...aPortalEvent().account, id: `RP${randomUUID().slice(0, 8)}-` },
  });
  await events.putIfAbsent({ event, rawBody: JSON.stringify(event), receivedAt: new Date().toISOString() });
  return event;
};

const received = async () => {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: env[syncQueue.envVar],
      WaitTimeSeconds: 1,
      MaxNumberOfMessages: 10,
      MessageAttributeNames: ['All'],
    }),
  );
  return Messages;
};

beforeAll(async () => {
  ({ env, adminToken, handler } = await loadAdminHandler(`rp-${runId}`));
  events = new DynamoDbEventStore(documentClient, env[tables.events.envVar] ?? '');
});

afterAll(() => {
  sqs.destroy();
});

describe('POST /v1/admin/events/{eventId}/reprocess', () => {
  it("queues the stored event with force and no delay, and notes the operator's request in the account's log", async () => {
    const event = await stored(`rp-a-${runId}`);

    const response = await reprocess(event.eventId);

    expect(response.status).toBe(202);
    expect(response.json).toEqual({
      partnerId: event.partnerId,
      eventId: event.eventId,
      accountId: event.account.id,
      queued: true,
    });
    const messages = await received();
    expect(messages.map((message) => JSON.parse(message.Body ?? ''))).toEqual([
      { partnerId: event.partnerId, eventId: event.eventId, force: true },
    ]);
    const log = new DynamoDbEventLog(documentClient, env[tables.eventLog.envVar] ?? '');
    const { entries } = await log.list(event.account.id, { partnerId: event.partnerId });
    expect(entries).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'reprocess requested by an operator',
        details: expect.objectContaining({ initiatedBy: 'operator' }),
      }),
    ]);
  });

  it('answers 409 when two partners used the id, and queues the one ?partnerId= names', async () => {
    const eventId = `evt-shared-${randomUUID()}`;
    await stored(`rp-b-${runId}`, eventId);
    const second = await stored(`rp-c-${runId}`, eventId);

    const ambiguous = await reprocess(eventId);
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.contentType).toBe('application/problem+json');
    expect(String(ambiguous.json.detail)).toContain('?partnerId=');
    expect(await received()).toEqual([]);

    const named = await reprocess(eventId, second.partnerId);
    expect(named.status).toBe(202);
    expect((await received()).map((message) => JSON.parse(message.Body ?? '').partnerId)).toEqual([
      second.partnerId,
    ]);
  });

  it('answers 404 for an unknown event, 400 for a bad partnerId, and queues nothing', async () => {
    const unknown = await reprocess(`evt-${randomUUID()}`);
    expect(unknown.status).toBe(404);
    const badPartner = await reprocess('evt-1', 'Not A Partner');
    expect(badPartner.status).toBe(400);
    expect((badPartner.json.errors as { field: string }[])[0]?.field).toBeDefined();
    const tooLong = await reprocess('e'.repeat(201));
    expect(tooLong.status).toBe(400);
    expect(await received()).toEqual([]);
  });
});
