import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/local-stack.js';
import { syncQueue } from '../../shared/resources.js';
import { type HttpResult, postRawEvent, startE2eLocalStack } from '../helpers/e2e-local-stack.js';
import { takeIngestSnapshot } from '../helpers/ingest-resources.js';
import { aPortalEvent } from '../helpers/portal-events.js';

// Far longer than this file runs: every accepted record stays delayed, so the poller consumes nothing.
const syncDelaySeconds = 60;
let stack: LocalStack;
let secret: string;

beforeAll(async () => {
  stack = await startE2eLocalStack({ syncDelaySeconds });
  secret = stack.settings.demoWebhookSecret;
});

afterAll(async () => {
  await stack?.stop();
});

const now = () => Math.floor(Date.now() / 1000);
const anEventBody = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ ...aPortalEvent(), ...overrides });
const post = (body: string, options: { timestamp?: number; headers?: Record<string, string> } = {}) =>
  postRawEvent(stack.apiUrl, body, { secret, ...options });
// Reads the handlers' own tables and queue: the stack pointed AWS_ENDPOINT_URL at its moto.
const snapshot = () => takeIngestSnapshot(stack.env);

const receivable = async () => {
  const sqs = new SQSClient({});
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: stack.env[syncQueue.envVar], MaxNumberOfMessages: 10 }),
  );
  sqs.destroy();
  return Messages;
};

describe('POST /v1/events on the local stack', () => {
  describe('given a signed event of the demo partner', () => {
    const body = anEventBody();
    const { eventId } = JSON.parse(body) as { eventId: string };

    it('answers 202 queued, stores it and queues exactly one record, held back by the delivery delay', async () => {
      const response = await post(body);

      expect(response.status).toBe(202);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.body).toEqual({ eventId, status: 'queued' });
      expect(await snapshot()).toEqual({ storedEvents: 1, visible: 0, delayed: 1, inFlight: 0 });
      expect(await receivable()).toEqual([]);
    });

    it('answers the same eventId again with 202 duplicate and still holds one record', async () => {
      // Signed afresh, as a portal retry would be: only the eventId makes it a duplicate.
      const response = await post(body, { timestamp: now() + 1 });

      expect(response.status).toBe(202);
      expect(response.body).toEqual({ eventId, status: 'duplicate' });
      expect(await snapshot()).toEqual({ storedEvents: 1, visible: 0, delayed: 1, inFlight: 0 });
    });
  });

  describe('given a request it must reject', () => {
    interface Rejection {
      readonly label: string;
      readonly status: number;
      readonly cause: RegExp;
      readonly send: () => Promise<HttpResult>;
    }
    const signature = (label: string, send: Rejection['send']): Rejection => ({
      label,
      status: 401,
      cause: /signature is missing, invalid or expired/,
      send,
    });
    const cases: Rejection[] = [
      signature('no signature headers', () => postRawEvent(stack.apiUrl, anEventBody(), {})),
      signature('a signature made with another secret', () =>
        postRawEvent(stack.apiUrl, anEventBody(), { secret: 'not-the-demo-secret' }),
      ),
      signature('a timestamp 301 s old', () => post(anEventBody(), { timestamp: now() - 301 })),
      signature('a timestamp 301 s ahead', () => post(anEventBody(), { timestamp: now() + 301 })),
      signature('an unknown partner', () => post(anEventBody({ partnerId: 'nobody' }))),
      {
        label: 'a body that is not JSON',
        status: 400,
        cause: /not valid JSON/,
        send: () => post('{"partnerId":"demo",'),
      },
      {
        label: 'a body over 256 KB',
        status: 413,
        cause: /exceeds 256 KB/,
        send: () => post(anEventBody({ message: 'x'.repeat(256 * 1024) })),
      },
      {
        label: 'a text/plain body',
        status: 415,
        cause: /must be application\/json/,
        send: () => post(anEventBody(), { headers: { 'Content-Type': 'text/plain' } }),
      },
    ];

    it.each(cases)(
      'answers $label with $status and a problem naming the cause, storing and queueing nothing',
      async ({ send, status, cause }) => {
        const before = await snapshot();

        const response = await send();

        expect(response.status).toBe(status);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(response.body).toMatchObject({ status, detail: expect.stringMatching(cause) });
        expect(await snapshot()).toEqual(before);
      },
    );

    it('answers an unknown partner exactly like a forged signature, so partners cannot be enumerated', async () => {
      const unknown = await post(anEventBody({ partnerId: 'nobody' }));
      const forged = await postRawEvent(stack.apiUrl, anEventBody(), { secret: 'guess' });

      expect([unknown.status, unknown.body.title, unknown.body.detail]).toEqual([
        forged.status,
        forged.body.title,
        forged.body.detail,
      ]);
    });

    it('answers a schema failure with 400 naming every failing field, storing and queueing nothing', async () => {
      const before = await snapshot();
      const body = anEventBody({
        type: 'backup.exploded',
        severity: 'fatal',
        occurredAt: 'yesterday',
        customer: { id: 'abc', name: 'Acme' },
      });

      const response = await post(body);

      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const fields = (response.body.errors as { field: string }[]).map((error) => error.field);
      expect(fields.sort()).toEqual(['customer.id', 'occurredAt', 'severity', 'type']);
      for (const field of fields) expect(response.body.detail).toContain(`${field}: `);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('given a route the API does not have', () => {
    it.each([
      ['GET', '/v1/events'],
      ['POST', '/v1/event'],
      ['GET', '/'],
    ])('answers %s %s with a 404 problem and touches nothing', async (method, path) => {
      const before = await snapshot();

      const response = await fetch(`${stack.apiUrl}${path}`, { method });

      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 404, title: 'Not Found' });
      expect(await snapshot()).toEqual(before);
    });
  });
});
