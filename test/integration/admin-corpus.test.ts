import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbEventLog } from '../../shared/adapters/aws/dynamodb-event-log.js';
import { DynamoDbEventStore } from '../../shared/adapters/aws/dynamodb-event-store.js';
import { syncQueue, tables } from '../../shared/resources.js';
import { type AdminHandler, callAdmin, loadAdminHandler } from '../helpers/admin-calls.js';
import { refusedBodies } from '../helpers/admin-corpus-bodies.js';
import { refusedPathsAndQueries } from '../helpers/admin-corpus-paths.js';
import { refusedCredentials } from '../helpers/admin-corpus-tokens.js';
import { validRequests } from '../helpers/admin-corpus-valid.js';
import {
  accountId,
  aPartnerBody,
  type Case,
  eventsPath,
  issued,
  json,
  notificationsPath,
  otherPartnerId,
  partnerId,
  partnerPath,
  partnerSecrets,
  rules,
  runId,
  sharedEventId,
  storedEventId,
} from '../helpers/admin-corpus-world.js';
import { type AdminSnapshot, takeAdminSnapshot } from '../helpers/admin-resources.js';
import { aLambdaContext, anHttpApiEvent } from '../helpers/api-gateway-events.js';
import { aPortalEvent } from '../helpers/portal-events.js';

/**
 * A fixed corpus of requests to the admin API (the cases are in test/helpers/admin-corpus-*.ts),
 * each with the one answer it must get: the right 4xx with a problem body naming the faulty field
 * where there is one, or 2xx when it is valid. No request may answer 5xx or echo a token or secret.
 * A refused request writes nothing to the tables, queues or secrets the admin API can change, but
 * the audit trail's entry: every change request (not GET) that reached its route leaves one,
 * refused or not; a request refused for its token, or matching no route, leaves none.
 */

const refused = [...refusedCredentials, ...refusedBodies, ...refusedPathsAndQueries];
const valid = validRequests;

let env: Record<string, string>;
let handler: AdminHandler;
let adminToken: string;
let before: AdminSnapshot;

const headerOf = (response: APIGatewayProxyStructuredResultV2, name: string) =>
  Object.entries(response.headers ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

/** Invokes the admin handler with the case's request as API Gateway would hand it over. */
const send = async (entry: Case) => {
  const authorization =
    entry.authorization === undefined ? `Bearer ${adminToken}` : entry.authorization?.(adminToken);
  const headers: Record<string, string> = {
    ...(authorization !== undefined && { authorization }),
    ...(entry.body !== undefined && { 'content-type': 'application/json' }),
  };
  for (const [name, value] of Object.entries(entry.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value.replaceAll('TOKEN', adminToken);
  }
  const event = anHttpApiEvent({
    method: entry.method,
    path: entry.path,
    headers,
    ...(entry.body !== undefined && { body: entry.body }),
    isBase64Encoded: entry.base64 ?? false,
  });
  const query = Object.fromEntries(
    Object.entries(typeof entry.query === 'function' ? entry.query() : (entry.query ?? {})).map(([k, v]) => [
      k,
      v.replaceAll('TOKEN', adminToken),
    ]),
  );
  const withQuery: APIGatewayProxyEventV2 = {
    ...event,
    ...(entry.query && {
      rawQueryString: new URLSearchParams(query).toString(),
      queryStringParameters: query,
    }),
    ...(entry.iam && {
      requestContext: {
        ...event.requestContext,
        authorizer: { iam: { userArn: 'arn:aws:iam::000000000000:user/ops', accountId: '000000000000' } },
      },
    }),
  } as APIGatewayProxyEventV2;
  const response = (await handler(withQuery, aLambdaContext('admin'))) as APIGatewayProxyStructuredResultV2;
  return { response, presented: authorization?.replace(/^\s*\S+\s+/, '').trim() };
};

const answered: { entry: Case; status: number }[] = [];

/** Checks one answer against its case; the case's name is in every failure vitest reports. */
const expectAnswer = async (entry: Case) => {
  const { response, presented } = await send(entry);
  const status = response.statusCode ?? 0;
  answered.push({ entry, status });
  const text = response.body ?? '';
  expect(status, text.slice(0, 300)).toBeLessThan(500);
  expect(status, text.slice(0, 300)).toBe(entry.status);
  // Lambda answers at most 6 MB: a bigger answer is a 502 at the gateway.
  expect(Buffer.byteLength(text)).toBeLessThan(6 * 1024 * 1024);
  const echoed = [adminToken, ...partnerSecrets, ...(presented && presented.length >= 12 ? [presented] : [])];
  const everything = `${JSON.stringify(response.headers ?? {})}\n${text}`;
  for (const secret of echoed) expect(everything.includes(secret), 'a token or secret is echoed').toBe(false);
  const body = JSON.parse(text) as Record<string, unknown>;
  if (status < 400) {
    expect(headerOf(response, 'content-type')).toMatch(/^application\/json/);
    if (entry.answer) expect(body).toMatchObject(entry.answer);
    return;
  }
  expect(headerOf(response, 'content-type')).toBe('application/problem+json');
  expect(body).toMatchObject({
    type: 'about:blank',
    title: expect.any(String),
    status,
    detail: expect.any(String),
    instance: entry.path,
  });
  if (status === 400) {
    const fields = ((body.errors ?? []) as { field: string }[]).map(({ field }) => field);
    expect(fields).toContain(entry.field ?? 'a field the case must name');
  }
  if (status === 401) expect(headerOf(response, 'www-authenticate')).toBe('Bearer');
  if (status === 405) expect(headerOf(response, 'allow')).toBe(entry.allow);
};

/** The audit entries a phase must add: one per change request that reached its route. */
const expectedAudit = (cases: readonly Case[]) =>
  cases
    .filter(
      (entry) => entry.route !== undefined && entry.status !== 401 && entry.method.toUpperCase() !== 'GET',
    )
    .map((entry) => `${entry.method.toUpperCase()} ${entry.route} → ${entry.status} at ${entry.path}`)
    .sort();

const auditAddedSince = (earlier: AdminSnapshot, later: AdminSnapshot) =>
  [...later.audit]
    .filter(([sk]) => !earlier.audit.has(sk))
    .map(([, entry]) => `${entry.action} → ${entry.status} at ${entry.path}`)
    .sort();

beforeAll(async () => {
  ({ env, adminToken, handler } = await loadAdminHandler(`corpus-${runId}`));
  const call = (method: string, path: string, body?: unknown, query?: Record<string, string>) =>
    callAdmin(handler, { method, path, body, ...(query && { query }), token: adminToken });
  expect((await call('PUT', partnerPath, aPartnerBody())).status).toBe(201);
  expect((await call('PUT', notificationsPath, { rules })).status).toBe(200);
  const events = new DynamoDbEventStore(documentClient, env[tables.events.envVar] ?? '');
  const account = { ...aPortalEvent().account, id: accountId };
  for (const event of [
    aPortalEvent({ partnerId, eventId: storedEventId, account }),
    aPortalEvent({ partnerId, eventId: sharedEventId, account }),
    aPortalEvent({ partnerId: otherPartnerId, eventId: sharedEventId, account }),
  ]) {
    await events.putIfAbsent({ event, rawBody: json(event), receivedAt: new Date().toISOString() });
  }
  const eventLog = new DynamoDbEventLog(documentClient, env[tables.eventLog.envVar] ?? '');
  for (const [minute, owner] of [
    [1, partnerId],
    [2, partnerId],
    [3, otherPartnerId],
  ] as const) {
    await eventLog.append({
      accountId,
      partnerId: owner,
      customerId: '19652',
      eventId: `evt-${minute}`,
      at: `2026-11-28T10:0${minute}:00.000Z`,
      level: 'info',
      message: `entry ${minute}`,
    });
  }
  const sqs = new SQSClient({});
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: env[syncQueue.deadLetter.envVar],
      MessageBody: json({ partnerId, eventId: storedEventId }),
      MessageAttributes: { customerId: { DataType: 'String', StringValue: '19652' } },
    }),
  );
  sqs.destroy();
  issued.partnerEventsCursor = String(
    (await call('GET', eventsPath, undefined, { partnerId, limit: '1' })).json.nextCursor,
  );
  issued.auditCursor = String((await call('GET', '/v1/admin/audit', undefined, { limit: '1' })).json.cursor);
  before = await takeAdminSnapshot(env, partnerId);
});

describe(`the admin API under a corpus of ${refused.length + valid.length} requests`, () => {
  it('holds at least 200 requests, among them refused and valid ones', () => {
    expect(refused.length + valid.length).toBeGreaterThanOrEqual(200);
    expect(refused.every((entry) => entry.status >= 400 && entry.status < 500)).toBe(true);
    expect(valid.every((entry) => entry.status >= 200 && entry.status < 300)).toBe(true);
  });

  describe('refused requests', () => {
    it.each(refused.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
      await expectAnswer(entry);
    });

    it('wrote nothing but one audit entry for each change request that reached its route', async () => {
      const after = await takeAdminSnapshot(env, partnerId);
      expect(after.tables).toEqual(before.tables);
      expect(after.queues).toEqual(before.queues);
      expect(after.secrets).toEqual(before.secrets);
      expect(auditAddedSince(before, after)).toEqual(expectedAudit(refused));
      const trail = JSON.stringify([...after.audit.values()]);
      for (const secret of [adminToken, ...partnerSecrets]) expect(trail.includes(secret)).toBe(false);
      before = after;
    });
  });

  describe('valid requests', () => {
    it.each(valid.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
      await expectAnswer(entry);
    });

    it('queued what they asked for and audited each change', async () => {
      const after = await takeAdminSnapshot(env, partnerId);
      const queued = (name: string) => (after.queues[name] ?? 0) - (before.queues[name] ?? 0);
      // Two reprocesses and one redriven record, out of the dead-letter queue.
      expect(queued(syncQueue.localName)).toBe(3);
      expect(queued(syncQueue.deadLetter.localName)).toBe(-1);
      expect(after.secrets.length).toBeGreaterThan(before.secrets.length);
      expect(auditAddedSince(before, after)).toEqual(expectedAudit(valid));
    });
  });
});

afterAll(() => {
  const byStatus = new Map<number, number>();
  for (const { status } of answered) byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  const counts = [...byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${n} × ${status}`);
  console.log(`admin corpus: ${answered.length} requests, ${counts.join(', ')}`);
});
