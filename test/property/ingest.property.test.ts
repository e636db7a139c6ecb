import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbEventStore } from '../../shared/adapters/aws/dynamodb-event-store.js';
import { eventTypes, portalEventSchema, severities } from '../../shared/domain/portal-event.js';
import { syncQueue, tables } from '../../shared/resources.js';
import { signEvent } from '../../shared/signing.js';
import { aLambdaContext, anHttpApiEvent } from '../helpers/api-gateway-events.js';
import { createWebhookSecret, provisionIngestEnvironment } from '../helpers/ingest-resources.js';

const partnerId = `prop-${randomUUID().slice(0, 8)}`;
const secret = 'property-secret';
let env: Record<string, string>;
let handler: (event: APIGatewayProxyEventV2, context: ReturnType<typeof aLambdaContext>) => Promise<unknown>;

const identifier = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,40}$/);
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0);
const count = fc.integer({ min: 0, max: 100_000 });
/** Valid JSON text that is not well-formed UTF-16: a lone high or low surrogate inside. */
const loneSurrogateText = fc
  .tuple(text, fc.constantFrom('\ud800', '\udfff', '\udbff'), fc.string({ maxLength: 20 }))
  .map(([before, lone, after]) => `${before}${lone}${after}`);
const isoTime = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());

const validEvent = fc.record({
  eventId: identifier,
  partnerId: fc.constant(partnerId),
  type: fc.constantFrom(...eventTypes),
  severity: fc.constantFrom(...severities),
  occurredAt: isoTime,
  // A JSON integer or a digit string: both are the same customer.
  customer: fc.record({
    id: fc.oneof(fc.stringMatching(/^\d{1,18}$/), fc.maxSafeNat()),
    name: fc.oneof(text, loneSurrogateText),
  }),
  account: fc.record({ id: identifier, name: text, service: text, plan: text }),
  message: fc.oneof(fc.string({ maxLength: 200 }), loneSurrogateText),
  stats: fc.option(
    fc.record({
      servers: count,
      workstations: count,
      successfulJobs: count,
      failedJobs: count,
      storageGb: count,
      localStorageGb: count,
    }),
    { nil: undefined },
  ),
});

/** A valid event with one field replaced by anything JSON can hold (often still valid, mostly not). */
const mutatedEvent = fc
  .tuple(
    validEvent,
    fc.constantFrom(
      'eventId',
      'type',
      'severity',
      'occurredAt',
      'customer',
      'account',
      'message',
      'stats',
      'extra',
    ),
    fc.jsonValue(),
  )
  .map(([event, key, value]) => ({ ...event, [key]: value }));

const body = fc.oneof(
  { arbitrary: validEvent.map((e) => JSON.stringify(e)), weight: 4 },
  { arbitrary: mutatedEvent.map((e) => JSON.stringify(e)), weight: 4 },
  { arbitrary: fc.json(), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary' }), weight: 1 },
);

const signature = (payload: string, timestamp: number) =>
  fc.oneof(
    { arbitrary: fc.constant(signEvent(secret, payload, timestamp).signature), weight: 6 },
    { arbitrary: fc.constant(signEvent('wrong', payload, timestamp).signature), weight: 1 },
    { arbitrary: fc.string(), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );

const request = body.chain((payload) =>
  fc
    .record({
      skew: fc.oneof(
        { arbitrary: fc.integer({ min: -60, max: 60 }), weight: 5 },
        { arbitrary: fc.integer(), weight: 1 },
      ),
      contentType: fc.oneof(
        { arbitrary: fc.constantFrom('application/json', 'Application/JSON; charset=utf-8'), weight: 6 },
        { arbitrary: fc.option(fc.string(), { nil: undefined }), weight: 1 },
      ),
      base64: fc.boolean(),
      upperCaseNames: fc.boolean(),
      rawTimestamp: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 8 },
        { arbitrary: fc.string(), weight: 1 },
      ),
    })
    .chain((shape) => {
      const timestamp = Math.floor(Date.now() / 1000) + shape.skew;
      return signature(payload, timestamp).map((sig) => ({ payload, shape, timestamp, sig }));
    }),
);

describe('ingest handler under random requests', () => {
  beforeAll(async () => {
    env = await provisionIngestEnvironment(0);
    await createWebhookSecret(partnerId, secret);
    ({ handler } = await import('../../functions/ingest/handler.js'));
  });

  it('never answers 5xx, and queues only references to stored, valid events', async () => {
    let queued = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ payload, shape, timestamp, sig }) => {
        const headers: Record<string, string> = {};
        const name = (n: string) => (shape.upperCaseNames ? n.toUpperCase() : n);
        if (shape.contentType !== undefined) headers[name('content-type')] = shape.contentType;
        headers[name('x-bridge-timestamp')] = shape.rawTimestamp ?? String(timestamp);
        if (sig !== undefined) headers[name('x-bridge-signature')] = sig;
        const event = anHttpApiEvent({
          body: shape.base64 ? Buffer.from(payload).toString('base64') : payload,
          isBase64Encoded: shape.base64,
        });
        event.headers = { ...event.headers, ...headers };

        const response = (await handler(event, aLambdaContext())) as APIGatewayProxyStructuredResultV2;

        expect(response.statusCode).toBeLessThan(500);
        if (JSON.parse(response.body ?? '{}').status === 'queued') queued += 1;
      }),
      { numRuns: 150 },
    );

    const references = await drainQueue(env[syncQueue.envVar] ?? '');
    const store = new DynamoDbEventStore(documentClient, env[tables.events.envVar] ?? '');
    for (const reference of references) {
      const stored = await store.get(reference.partnerId, reference.eventId);
      expect(stored).toBeDefined();
      expect(portalEventSchema.safeParse(JSON.parse(stored?.rawBody ?? '')).success).toBe(true);
    }
    expect(references).toHaveLength(queued);
    expect(queued).toBeGreaterThan(0);
  });
});

const drainQueue = async (queueUrl: string): Promise<{ partnerId: string; eventId: string }[]> => {
  const sqs = new SQSClient({});
  const references: { partnerId: string; eventId: string }[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return references;
    for (const message of Messages) {
      references.push(JSON.parse(message.Body ?? '{}'));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  }
};
