import { randomUUID } from 'node:crypto';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbEventStore } from '../../shared/adapters/aws/dynamodb-event-store.js';
import { secrets, syncQueue, tables } from '../../shared/resources.js';
import { signEvent } from '../../shared/signing.js';
import { aLambdaContext, anHttpApiEvent, aSignedEventRequest } from '../helpers/api-gateway-events.js';
import {
  createWebhookSecret,
  provisionIngestEnvironment,
  takeIngestSnapshot,
} from '../helpers/ingest-resources.js';
import { aPortalEvent } from '../helpers/portal-events.js';

const partnerId = `partner-${randomUUID().slice(0, 8)}`;
const secret = `whsec-${randomUUID()}`;
let env: Record<string, string>;
let handler: (event: APIGatewayProxyEventV2, context: ReturnType<typeof aLambdaContext>) => Promise<unknown>;

const invoke = async (event: APIGatewayProxyEventV2) => {
  const response = (await handler(event, aLambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { ...response, json: JSON.parse(response.body ?? 'null') };
};

/** The event as ingest stored it. */
const storedEvent = (eventId: string) =>
  new DynamoDbEventStore(documentClient, env[tables.events.envVar] ?? '').get(partnerId, eventId);

const anEventBody = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ ...aPortalEvent({ partnerId }), ...overrides });

beforeAll(async () => {
  env = await provisionIngestEnvironment(60);
  // Every request reads the secret afresh, so a rotation is visible at once.
  process.env.WEBHOOK_SECRET_CACHE_SECONDS = '0';
  await createWebhookSecret(partnerId, secret);
  ({ handler } = await import('../../functions/ingest/handler.js'));
});

describe('ingest handler', () => {
  describe('given the customer id as a JSON integer', () => {
    it('accepts it as the same customer as its digit string, stored in the string form', async () => {
      const body = anEventBody({ customer: { id: 19652, name: 'Acme Dental Group' } });
      const { eventId } = JSON.parse(body);

      const response = await invoke(aSignedEventRequest(secret, body));

      expect(response.statusCode).toBe(202);
      const stored = await storedEvent(eventId);
      expect(stored?.event.customer.id).toBe('19652');
      expect(stored?.rawBody).toBe(body);
    });

    it('refuses an integer too large to be exact, naming the field and the string form to use', async () => {
      const body = anEventBody().replace(/"customer":\{"id":"\d+"/, '"customer":{"id":12345678901234567890');

      const response = await invoke(aSignedEventRequest(secret, body));

      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.json)).toContain('customer.id');
    });
  });

  describe('given a lone surrogate in a string field', () => {
    it('accepts the event and stores U+FFFD in its place, never a 5xx', async () => {
      const body = anEventBody({ message: 'snapshot \ud800 failed' });
      const { eventId } = JSON.parse(body);

      const response = await invoke(aSignedEventRequest(secret, body));

      expect(response.statusCode).toBe(202);
      const stored = await storedEvent(eventId);
      expect(stored?.event.message).toBe('snapshot \ufffd failed');
    });
  });

  describe('given a valid signed event', () => {
    it('answers 202 queued, stores the raw body and queues one reference that stays invisible for the delay', async () => {
      const before = await takeIngestSnapshot(env);
      const body = anEventBody();
      const { eventId } = JSON.parse(body);

      const response = await invoke(aSignedEventRequest(secret, body));

      expect(response.statusCode).toBe(202);
      expect(response.json).toEqual({ eventId, status: 'queued' });
      const stored = await storedEvent(eventId);
      expect(stored?.rawBody).toBe(body);
      const received = await new SQSClient({}).send(
        new ReceiveMessageCommand({
          QueueUrl: env[syncQueue.envVar],
          WaitTimeSeconds: 0,
          MaxNumberOfMessages: 10,
        }),
      );
      expect(received.Messages ?? []).toHaveLength(0);
      const after = await takeIngestSnapshot(env);
      expect(after).toEqual({
        ...before,
        storedEvents: before.storedEvents + 1,
        delayed: before.delayed + 1,
      });
    });

    it('answers 202 duplicate for the same eventId again and queues nothing more', async () => {
      const body = anEventBody();
      await invoke(aSignedEventRequest(secret, body));
      const before = await takeIngestSnapshot(env);

      const response = await invoke(aSignedEventRequest(secret, body));

      expect(response.statusCode).toBe(202);
      expect(response.json).toEqual({ eventId: JSON.parse(body).eventId, status: 'duplicate' });
      expect(await takeIngestSnapshot(env)).toEqual(before);
    });

    it('accepts a base64-encoded body, mixed-case header names and a charset parameter', async () => {
      const body = anEventBody();
      const signed = signEvent(secret, body);
      const event = anHttpApiEvent({
        body: Buffer.from(body).toString('base64'),
        isBase64Encoded: true,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'x-bridge-timestamp': String(signed.timestamp),
          'x-bridge-signature': signed.signature,
        },
      });
      event.headers = { ...event.headers, 'X-Bridge-Signature': signed.signature };

      const response = await invoke(event);

      expect(response.statusCode).toBe(202);
      expect(response.json.status).toBe('queued');
    });
  });

  describe('given a request it must reject', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const cases: [string, () => APIGatewayProxyEventV2, number, RegExp][] = [
      [
        'no signature headers',
        () => anHttpApiEvent({ body: anEventBody(), headers: { 'content-type': 'application/json' } }),
        401,
        /signature is missing, invalid or expired/,
      ],
      [
        'a signature made with another secret',
        () => aSignedEventRequest('not-the-secret', anEventBody()),
        401,
        /signature is missing, invalid or expired/,
      ],
      [
        'a timestamp older than 300 s',
        () => aSignedEventRequest(secret, anEventBody(), { timestamp: now() - 301 }),
        401,
        /signature is missing, invalid or expired/,
      ],
      [
        'an unknown partner',
        () => aSignedEventRequest(secret, anEventBody({ partnerId: 'nobody' })),
        401,
        /signature is missing, invalid or expired/,
      ],
      [
        'a body that is not JSON',
        () => aSignedEventRequest(secret, `{"partnerId":"${partnerId}",`),
        400,
        /not valid JSON/,
      ],
      [
        'a body over 256 KB',
        () => aSignedEventRequest(secret, anEventBody({ message: 'x'.repeat(256 * 1024) })),
        413,
        /exceeds 256 KB/,
      ],
      [
        'a content type other than JSON',
        () => aSignedEventRequest(secret, anEventBody(), { headers: { 'Content-Type': 'text/plain' } }),
        415,
        /must be application\/json/,
      ],
    ];

    it.each(cases)(
      'answers %s with its status and a problem, storing and queueing nothing',
      async (_, build, status, detail) => {
        const before = await takeIngestSnapshot(env);

        const response = await invoke(build());

        expect(response.statusCode).toBe(status);
        expect(response.headers?.['Content-Type']).toBe('application/problem+json');
        expect(response.json).toMatchObject({ status, detail: expect.stringMatching(detail) });
        expect(await takeIngestSnapshot(env)).toEqual(before);
      },
    );

    it('answers an unknown partner exactly like a bad signature', async () => {
      const unknown = await invoke(aSignedEventRequest(secret, anEventBody({ partnerId: 'nobody' })));
      const forged = await invoke(aSignedEventRequest('guess', anEventBody()));

      expect(unknown.json.detail).toBe(forged.json.detail);
      expect(unknown.json.title).toBe(forged.json.title);
    });

    it('answers a schema failure with 400 naming every failing field', async () => {
      const before = await takeIngestSnapshot(env);
      const body = anEventBody({ type: 'backup.exploded', customer: { id: 'abc', name: 'Acme' } });

      const response = await invoke(aSignedEventRequest(secret, body));

      expect(response.statusCode).toBe(400);
      const fields = response.json.errors.map((error: { field: string }) => error.field);
      expect(fields).toEqual(expect.arrayContaining(['type', 'customer.id']));
      expect(response.json.detail).toMatch(/type: .*customer\.id: /);
      expect(await takeIngestSnapshot(env)).toEqual(before);
    });
  });

  describe('given a rotated webhook secret', () => {
    it('accepts signatures made with the new and the previous secret, and not the one before', async () => {
      const rotatedPartner = `rotating-${randomUUID().slice(0, 8)}`;
      await createWebhookSecret(rotatedPartner, 'first-secret');
      const client = new SecretsManagerClient({});
      const secretId = secrets.partnerWebhookSecretName(rotatedPartner);
      await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: 'second-secret' }));
      await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: 'third-secret' }));
      const bodyFor = () => anEventBody({ partnerId: rotatedPartner, eventId: `evt-${randomUUID()}` });

      const current = await invoke(aSignedEventRequest('third-secret', bodyFor()));
      const previous = await invoke(aSignedEventRequest('second-secret', bodyFor()));
      const retired = await invoke(aSignedEventRequest('first-secret', bodyFor()));

      expect([current.statusCode, previous.statusCode, retired.statusCode]).toEqual([202, 202, 401]);
    });
  });
});
