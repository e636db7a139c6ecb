import { randomUUID } from 'node:crypto';
import {
  accountId,
  aPartnerBody,
  type Case,
  cycle,
  json,
  newPartnerId,
  partnerPath,
  privateKey,
  rules,
  runId,
  storedEventId,
  webhookSecret,
} from './admin-corpus-world.js';

/*
 * Requests the admin API refuses for who sent them: no token, a wrong one, one in the wrong place.
 * Each goes to a request that changes something when it gets through, so a token check that let
 * it pass would show in the corpus's snapshot as well as in its status.
 */

/** Requests that change something when they get through: a refused one must leave no trace. */
const changes = [
  { method: 'PUT', path: partnerPath, body: json(aPartnerBody()) },
  { method: 'PUT', path: `/v1/admin/partners/${newPartnerId}`, body: json(aPartnerBody()) },
  { method: 'POST', path: `${partnerPath}/webhook-secret` },
  { method: 'POST', path: `${partnerPath}/billing/sweep` },
  { method: 'POST', path: `/v1/admin/events/${storedEventId}/reprocess` },
  { method: 'POST', path: '/v1/admin/dlq/redrive', body: json({ all: true }) },
  { method: 'PUT', path: `${partnerPath}/notifications`, body: json({ rules }) },
  { method: 'GET', path: '/v1/admin/partners' },
  { method: 'GET', path: '/v1/admin/no-such-route' },
  { method: 'DELETE', path: partnerPath },
];
const changeAt = (index: number) => cycle(changes, index);

/** Authorization headers that are not the admin token as a bearer. */
const badTokens: Case[] = (
  [
    ['no Authorization header', null],
    ['an empty Authorization header', () => ''],
    ['the scheme alone', () => 'Bearer'],
    ['the scheme and a space', () => 'Bearer '],
    ['a wrong token', () => `Bearer wrong-${randomUUID()}`],
    ['the token with a character too many', (t) => `Bearer ${t}x`],
    ['the token truncated by one character', (t) => `Bearer ${t.slice(0, -1)}`],
    ['the first eight characters of the token', (t) => `Bearer ${t.slice(0, 8)}`],
    ['the token in upper case', (t) => `Bearer ${t.toUpperCase()}`],
    ['a 100 000 character token', () => `Bearer ${'A'.repeat(100_000)}`],
    ['the token with a long tail', (t) => `Bearer ${t}${'x'.repeat(10_000)}`],
    ['a unicode token', () => 'Bearer tökén-ünïcødé-✓-日本'],
    ['the token with a zero-width space', (t) => `Bearer ${t}\u200b`],
    ['the token with a NUL', (t) => `Bearer ${t}\u0000`],
    ['a lone surrogate as the token', () => 'Bearer \ud800'],
    ['the token with a trailing newline', (t) => `Bearer ${t}\n`],
    ['the token after a newline', (t) => `\nBearer ${t}`],
    ['the token quoted', (t) => `Bearer "${t}"`],
    ['the token twice', (t) => `Bearer ${t} ${t}`],
    ['two Authorization headers joined', (t) => `Bearer ${t}, Bearer ${t}`],
    ['a tab after the scheme', (t) => `Bearer\t${t}`],
    ['a colon after the scheme', (t) => `Bearer: ${t}`],
    ['the scheme twice', (t) => `Bearer Bearer ${t}`],
    ['the token without a scheme', (t) => t],
    ['the token as Basic credentials', (t) => `Basic ${Buffer.from(`admin:${t}`).toString('base64')}`],
    ['the token under the Token scheme', (t) => `Token ${t}`],
    ['the token base64-encoded', (t) => `Bearer ${Buffer.from(t).toString('base64')}`],
    ['a SigV4 header in token mode', () => 'AWS4-HMAC-SHA256 Credential=AKIA/20261128/us-east-1/execute-api'],
    ['the partner webhook secret (an ingest secret)', () => `Bearer ${webhookSecret}`],
    ['the partner ConnectWise private key', () => `Bearer ${privateKey}`],
    ['the mask GET shows for secrets', () => 'Bearer ********'],
  ] satisfies [string, Case['authorization']][]
).map(([name, authorization], index) => ({ name, authorization, ...changeAt(index), status: 401 }));

const tokensElsewhere: Case[] = [
  { name: 'the token in the query string', query: { access_token: 'TOKEN' } },
  { name: 'the token in X-Admin-Token', headers: { 'x-admin-token': 'TOKEN' } },
  { name: 'the token in a cookie', headers: { cookie: 'token=TOKEN' } },
  { name: 'the token in Proxy-Authorization', headers: { 'proxy-authorization': 'Bearer TOKEN' } },
  { name: 'an IAM identity without a token, in token mode', iam: true },
].map((entry, index) => ({ ...changeAt(index), ...entry, authorization: null, status: 401 }));

/** Every route, and an unknown one, refuses a request without a token before anything else. */
const noTokenPerRoute: Case[] = [
  ['GET', '/v1/admin/partners'],
  ['PUT', partnerPath],
  ['GET', partnerPath],
  ['POST', `${partnerPath}/webhook-secret`],
  ['PUT', `${partnerPath}/notifications`],
  ['GET', `${partnerPath}/notifications`],
  ['GET', `${partnerPath}/doctor`],
  ['GET', `${partnerPath}/billing/preview`],
  ['POST', `${partnerPath}/billing/sweep`],
  ['GET', `${partnerPath}/billing/reports`],
  ['GET', `/v1/admin/accounts/${accountId}/events`],
  ['POST', `/v1/admin/events/${storedEventId}/reprocess`],
  ['GET', '/v1/admin/audit'],
  ['GET', '/v1/admin/dlq'],
  ['POST', '/v1/admin/dlq/redrive'],
  ['GET', '/v1/admin/nothing'],
  ['PATCH', partnerPath],
].map(([method = 'GET', path = '/']) => ({
  name: `${method} ${path.replace(runId, '…')} without a token`,
  method,
  path,
  authorization: null,
  status: 401,
}));

/** Every request the admin API refuses for its credentials (401). */
export const refusedCredentials: Case[] = [...badTokens, ...tokensElsewhere, ...noTokenPerRoute];
