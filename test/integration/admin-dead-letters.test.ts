import { randomUUID } from 'node:crypto';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbEventStore } from '../../shared/adapters/aws/dynamodb-event-store.js';
import { DynamoDbLock } from '../../shared/adapters/aws/dynamodb-lock.js';
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

const call = (method: string, path: string, body?: unknown, query?: Record<string, string>) =>
  callAdmin(handler, { method, path, body, ...(query && { query }), token: adminToken });

const deadLetterUrl = () => env[syncQueue.deadLetter.envVar] ?? '';
const syncQueueUrl = () => env[syncQueue.envVar] ?? '';

const depth = async (queueUrl: string) => {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)
  );
};

/** A stored event whose sync record failed on its fifth receive and was dead-lettered. */
const aDeadLetteredEvent = async (partnerId: string): Promise<PortalEvent> => {
  const event = aPortalEvent({ partnerId, eventId: `evt-${randomUUID()}` });
  await events.putIfAbsent({ event, rawBody: JSON.stringify(event), receivedAt: new Date().toISOString() });
  await events.noteFailure(partnerId, event.eventId, {
    reason: 'RetryableError: DynamoDB throttled',
    receiveCount: 5,
    at: new Date().toISOString(),
  });
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: deadLetterUrl(),
      MessageBody: JSON.stringify({
        partnerId,
        eventId: event.eventId,
        delivery: { deferrals: 3, failingSince: '2026-11-01T00:00:00.000Z' },
      }),
      MessageAttributes: { customerId: { DataType: 'String', StringValue: event.customer.id } },
    }),
  );
  return event;
};

const [partnerA, partnerB] = [`dlq-a-${runId}`, `dlq-b-${runId}`];
let first: PortalEvent;
let second: PortalEvent;

beforeAll(async () => {
  ({ env, adminToken, handler } = await loadAdminHandler(`dlq-${runId}`));
  events = new DynamoDbEventStore(documentClient, env[tables.events.envVar] ?? '');
  first = await aDeadLetteredEvent(partnerA);
  second = await aDeadLetteredEvent(partnerB);
  await sqs.send(new SendMessageCommand({ QueueUrl: deadLetterUrl(), MessageBody: 'not json at all' }));
});

afterAll(() => {
  sqs.destroy();
});

describe('GET /v1/admin/dlq', () => {
  it('lists every dead letter with its partner, event and the failure the bridge recorded, and leaves them in place', async () => {
    const listed = await call('GET', '/v1/admin/dlq');

    expect(listed.status).toBe(200);
    expect(listed.json.complete).toBe(true);
    const messages = listed.json.messages as Record<string, unknown>[];
    expect(messages).toHaveLength(3);
    expect(messages.find((m) => m.eventId === first.eventId)).toMatchObject({
      messageId: expect.any(String),
      partnerId: partnerA,
      receiveCount: 5,
      reason: 'RetryableError: DynamoDB throttled',
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(messages.find((m) => m.partnerId === undefined)).toMatchObject({
      reason: 'not a sync record: it can never be processed',
    });
    // Released at once: a second look sees all three again, and none is gone.
    expect(((await call('GET', '/v1/admin/dlq')).json.messages as unknown[]).length).toBe(3);
    expect(await depth(deadLetterUrl())).toBe(3);
  });

  it('refuses a bad limit, naming it', async () => {
    const response = await call('GET', '/v1/admin/dlq', undefined, { limit: '0' });
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    expect((response.json.errors as { field: string }[])[0]?.field).toBe('limit');
  });
});

describe('POST /v1/admin/dlq/redrive', () => {
  it('refuses a request without exactly one filter, naming the fields, and moves nothing', async () => {
    for (const body of [
      {},
      { all: true, partnerId: partnerA },
      { all: false },
      { eventIds: [] },
      { all: true, extra: 1 },
    ]) {
      const response = await call('POST', '/v1/admin/dlq/redrive', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.contentType).toBe('application/problem+json');
    }
    const response = await call('POST', '/v1/admin/dlq/redrive', { all: true, partnerId: partnerA });
    expect(response.json.errors).toEqual([
      { field: 'all', message: 'give exactly one of all, partnerId or eventIds' },
    ]);
    expect(await depth(deadLetterUrl())).toBe(3);
    expect(await depth(syncQueueUrl())).toBe(0);
  });

  it('counts in a dry run what a partner filter matches, and moves nothing', async () => {
    const response = await call('POST', '/v1/admin/dlq/redrive', { partnerId: partnerA, dryRun: true });

    expect(response.status).toBe(200);
    expect(response.json).toEqual({ dryRun: true, moved: 1, skipped: 2, failed: 0, done: true });
    expect(await depth(deadLetterUrl())).toBe(3);
    expect(await depth(syncQueueUrl())).toBe(0);
  });

  it('answers 409 while another redrive holds the lock', async () => {
    const locks = new DynamoDbLock(documentClient, env[tables.state.envVar] ?? '');
    expect(await locks.acquire('dlq-redrive', 'someone-else', 60)).toBe(true);
    try {
      const response = await call('POST', '/v1/admin/dlq/redrive', { all: true });
      expect(response.status).toBe(409);
      expect(await depth(deadLetterUrl())).toBe(3);
    } finally {
      await locks.release('dlq-redrive', 'someone-else');
    }
  });

  it('moves the named events back to the sync queue, afresh, and deletes them from the dead-letter queue', async () => {
    const response = await call('POST', '/v1/admin/dlq/redrive', { eventIds: [first.eventId] });

    expect(response.json).toEqual({ dryRun: false, moved: 1, skipped: 2, failed: 0, done: true });
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: syncQueueUrl(),
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    // The deferral history is dropped: the outage tolerance counts from the redrive.
    expect(Messages.map((message) => JSON.parse(message.Body ?? ''))).toEqual([
      { partnerId: partnerA, eventId: first.eventId },
    ]);
    expect(Messages[0]?.MessageAttributes?.customerId?.StringValue).toBe(first.customer.id);
    expect(await depth(deadLetterUrl())).toBe(2);
    // What was skipped is visible again at once.
    const left = (await call('GET', '/v1/admin/dlq')).json.messages as Record<string, unknown>[];
    expect(left.map((m) => m.eventId).filter(Boolean)).toEqual([second.eventId]);
  });
});
