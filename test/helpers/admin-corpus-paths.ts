import {
  accountId,
  aPartnerBody,
  type Case,
  cycle,
  eventsPath,
  issued,
  json,
  otherPartnerId,
  partnerId,
  partnerPath,
  route,
  rules,
  runId,
  sharedEventId,
  storedEventId,
  unknownPartnerId,
} from './admin-corpus-world.js';

/*
 * Requests the admin API refuses for where they go: ids that are no ids (traversal, encoded
 * slashes, double encoding, NUL, unicode, broken escapes), unknown routes (404), known paths with
 * another method (405), bad queries, and partners or events that do not exist (404, 409).
 */

/** Each route under a partner, as a suffix of its path. */
const partnerRoutes = [
  { method: 'GET', suffix: '', route: route.partner },
  { method: 'PUT', suffix: '', route: route.partner, body: json(aPartnerBody()) },
  { method: 'POST', suffix: '/webhook-secret', route: route.webhookSecret },
  { method: 'GET', suffix: '/notifications', route: route.notifications },
  { method: 'PUT', suffix: '/notifications', route: route.notifications, body: json({ rules }) },
  { method: 'GET', suffix: '/doctor', route: route.doctor },
  { method: 'GET', suffix: '/billing/preview', route: route.preview },
  { method: 'POST', suffix: '/billing/sweep', route: route.sweep },
  { method: 'GET', suffix: '/billing/reports', route: route.reports },
];

/** Partner ids in the path that are no partner id: refused naming `partnerId`, nothing looked up. */
const badPartnerIds: Case[] = [
  '..',
  '.',
  '%2E%2E',
  '..%2F..%2Fetc%2Fpasswd',
  'a%2Fb',
  `${partnerId}%2Fnotifications`,
  `${partnerId}%252Fnotifications`,
  '%2561',
  'Not_Valid',
  'UPPER',
  '-leading-dash',
  'a'.repeat(65),
  'a'.repeat(5000),
  'a%20b',
  '%20',
  'a%00',
  'caf%C3%A9',
  '%F0%9F%98%80',
  '%E2%80%AEdemo',
  '%',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AE%C0%AE',
  '%27%3B%20DROP%20TABLE%20partners%3B--',
  '%3Cscript%3E',
].map((id, index) => {
  const { suffix, ...target } = cycle(partnerRoutes, index);
  return {
    name: `partner id ${id.slice(0, 40)} in ${target.method} ${target.route}`,
    ...target,
    path: `/v1/admin/partners/${id}${suffix}`,
    status: 400,
    field: 'partnerId',
  };
});

/** Account ids no event can carry: refused naming `accountId`. */
const badAccountIds: Case[] = [
  '%00',
  'a%20b',
  'a%2Fb',
  '.hidden',
  'A'.repeat(129),
  '%E0%A4%A',
  'caf%C3%A9',
  '%F0%9F%98%80',
  '%ED%A0%80',
].map((id) => ({
  name: `account id ${id.slice(0, 40)}`,
  method: 'GET',
  path: `/v1/admin/accounts/${id}/events`,
  route: route.events,
  status: 400,
  field: 'accountId',
}));

/** Event ids the reprocess route cannot take (400) or has not stored (404). */
const reprocessPaths: Case[] = (
  [
    ['e'.repeat(201), 400, 'eventId'],
    ['%E0%A4%A', 400, 'eventId'],
    ['%ED%A0%80', 400, 'eventId'],
    ['%', 400, 'eventId'],
    [`evt-${runId}-never-sent`, 404],
    ['a%20b', 404],
    ['a%00b', 404],
    ['%2E%2E', 404],
    [`${storedEventId}%2F..%2F..%2Fdlq`, 404],
    ['%E6%97%A5%E6%9C%AC%E8%AA%9E', 404],
    ['%F0%9F%98%80', 404],
    ['%27%20OR%201%3D1--', 404],
    [sharedEventId, 409],
  ] satisfies [string, number, string?][]
).map(([id, status, field]) => ({
  name: `reprocess event id ${id.slice(0, 40)}`,
  method: 'POST',
  path: `/v1/admin/events/${id}/reprocess`,
  route: route.reprocess,
  status,
  ...(field && { field }),
}));

/** `?partnerId=` for a reprocess that is no partner id (400) or not the event's (404). */
const reprocessQueries: Case[] = (
  [
    [{ partnerId: 'Not A Partner' }, 400],
    [{ partnerId: '' }, 400],
    [{ partnerId: '../demo' }, 400],
    [{ partnerId: 'x'.repeat(65) }, 400],
    [{ partnerId: unknownPartnerId }, 404],
  ] satisfies [Record<string, string>, number][]
).map(([query, status]) => ({
  name: `reprocess ?partnerId=${json(query.partnerId).slice(0, 30)}`,
  method: 'POST',
  path: `/v1/admin/events/${sharedEventId}/reprocess`,
  route: route.reprocess,
  query,
  status,
  ...(status === 400 && { field: 'partnerId' }),
}));

/** Paths no route matches, as sent (API Gateway does not normalise them): 404. */
const unknownRoutes: Case[] = [
  '/v1/admin',
  '/v1/admin/',
  '/',
  '/v1/events',
  '/v1/openapi.json/',
  '/v1/admin//partners',
  '//v1/admin/partners',
  '/v1/admin/partners//',
  `${partnerPath}//doctor`,
  `${partnerPath}/doctor/extra`,
  `${partnerPath}/billing`,
  `${partnerPath}/../../dlq`,
  '/v1/admin/dlq/../partners',
  '/V1/admin/partners',
  '/v1/Admin/partners',
  '/v1/admin/Partners',
  '/v1/admin/partners.json',
  `/v1/admin/partners%2F${partnerId}`,
  `${partnerPath}/doctor;jsessionid=x`,
  '/v1/admin/dlq/redrive/now',
  '/v1/admin/audit/1',
  '/v2/admin/partners',
  `/v1/admin/accounts/${accountId}`,
].map((path) => ({ name: `unknown route ${path.replace(runId, '…')}`, method: 'GET', path, status: 404 }));

/** Known paths with a method they do not take: 405 with `Allow`. */
const wrongMethods: Case[] = (
  [
    ['DELETE', partnerPath, 'PUT, GET'],
    ['PATCH', partnerPath, 'PUT, GET'],
    ['POST', partnerPath, 'PUT, GET'],
    ['HEAD', partnerPath, 'PUT, GET'],
    ['OPTIONS', partnerPath, 'PUT, GET'],
    ['TRACE', partnerPath, 'PUT, GET'],
    ['FOO', partnerPath, 'PUT, GET'],
    ['POST', '/v1/admin/partners', 'GET'],
    ['DELETE', '/v1/admin/partners', 'GET'],
    ['PUT', '/v1/admin/partners/', 'GET'],
    ['GET', `${partnerPath}/webhook-secret`, 'POST'],
    ['DELETE', `${partnerPath}/webhook-secret`, 'POST'],
    ['POST', `${partnerPath}/notifications`, 'PUT, GET'],
    ['DELETE', `${partnerPath}/notifications`, 'PUT, GET'],
    ['POST', `${partnerPath}/doctor`, 'GET'],
    ['POST', `${partnerPath}/billing/preview`, 'GET'],
    ['GET', `${partnerPath}/billing/sweep`, 'POST'],
    ['PUT', `${partnerPath}/billing/reports`, 'GET'],
    ['DELETE', `/v1/admin/accounts/${accountId}/events`, 'GET'],
    ['GET', `/v1/admin/events/${storedEventId}/reprocess`, 'POST'],
    ['PUT', `/v1/admin/events/${storedEventId}/reprocess`, 'POST'],
    ['DELETE', '/v1/admin/audit', 'GET'],
    ['DELETE', '/v1/admin/dlq', 'GET'],
    ['POST', '/v1/admin/dlq', 'GET'],
    ['GET', '/v1/admin/dlq/redrive', 'POST'],
    ['PUT', '/v1/admin/dlq/redrive/', 'POST'],
  ] satisfies [string, string, string][]
).map(([method, path, allow]) => ({
  name: `${method} ${path.replace(runId, '…')}`,
  method,
  path,
  status: 405,
  allow,
}));

const asCursor = (value: unknown) => Buffer.from(json(value)).toString('base64url');
const auditCursor = (sk: string) => Buffer.from(sk).toString('base64url');

/** Limits, cursors and ids in queries that the route cannot take: refused naming the parameter. */
const badQueries: Case[] = (
  [
    ...['0', '-1', '101', 'abc', '1.5', '', 'Infinity', 'NaN', '1,2'].map(
      (limit) => [route.events, eventsPath, { limit }, 'limit'] as const,
    ),
    ...['', 'not-a-token', 'x'.repeat(2049), asCursor([]), asCursor({ sk: 1 }), asCursor(null), '%%%'].map(
      (cursor) => [route.events, eventsPath, { cursor }, 'cursor'] as const,
    ),
    ...['Not A Partner', '', 'x'.repeat(65), '../demo', `${partnerId}#x`].map(
      (id) => [route.events, eventsPath, { partnerId: id }, 'partnerId'] as const,
    ),
    [
      route.events,
      eventsPath,
      () => ({ partnerId: otherPartnerId, cursor: issued.partnerEventsCursor }),
      'cursor',
    ],
    [
      route.events,
      `/v1/admin/accounts/${accountId}-other/events`,
      () => ({ partnerId, cursor: issued.partnerEventsCursor }),
      'cursor',
    ],
    [route.events, eventsPath, () => ({ cursor: issued.auditCursor }), 'cursor'],
    ...['0', '101', 'abc'].map((limit) => [route.audit, '/v1/admin/audit', { limit }, 'limit'] as const),
    ...[
      'bm90LWEtY3Vyc29y',
      '',
      'x'.repeat(201),
      auditCursor('2026-01-01T00:00:00.000Z#not-a-uuid'),
      auditCursor(`PARTNER#${partnerId}`),
    ].map((cursor) => [route.audit, '/v1/admin/audit', { cursor }, 'cursor'] as const),
    [route.audit, '/v1/admin/audit', () => ({ cursor: issued.partnerEventsCursor }), 'cursor'],
    ...['0', '1001', 'abc', '-5'].map((limit) => [route.dlq, '/v1/admin/dlq', { limit }, 'limit'] as const),
    ...['0', '51', 'abc'].map(
      (limit) => [route.reports, `${partnerPath}/billing/reports`, { limit }, 'limit'] as const,
    ),
    ...['abc', '-1', '1.5', '1'.repeat(19), ''].map(
      (customerId) =>
        [route.preview, `${partnerPath}/billing/preview`, { customerId }, 'customerId'] as const,
    ),
    [route.preview, `${partnerPath}/billing/preview`, { cursor: 'next' }, 'cursor'],
    ...['a#b', 'x'.repeat(101), ''].map(
      (cursor) => [route.doctor, `${partnerPath}/doctor`, { cursor }, 'cursor'] as const,
    ),
  ] satisfies (readonly [string, string, Case['query'], string])[]
).map(([target, path, query, field], index) => ({
  name: `${target} ?${typeof query === 'function' ? 'an issued cursor out of place' : new URLSearchParams(query).toString().slice(0, 40)} #${index + 1}`,
  method: 'GET',
  path,
  route: target,
  query,
  status: 400,
  field,
}));

/** Routes of a partner that is not configured: 404. */
const unknownPartner: Case[] = (
  [
    ['GET', '', route.partner],
    ['GET', '/notifications', route.notifications],
    ['PUT', '/notifications', route.notifications, json({ rules })],
    ['POST', '/webhook-secret', route.webhookSecret],
    ['GET', '/doctor', route.doctor],
    ['GET', '/billing/preview', route.preview],
    ['POST', '/billing/sweep', route.sweep],
  ] satisfies [string, string, string, string?][]
).map(([method, suffix, target, body]) => ({
  name: `${method} ${target} of a partner that is not configured`,
  method,
  path: `/v1/admin/partners/${unknownPartnerId}${suffix}`,
  route: target,
  ...(body && { body }),
  status: 404,
}));

/** Every request the admin API refuses for its path, method or query. */
export const refusedPathsAndQueries: Case[] = [
  ...badPartnerIds,
  ...badAccountIds,
  ...reprocessPaths,
  ...reprocessQueries,
  ...unknownRoutes,
  ...wrongMethods,
  ...badQueries,
  ...unknownPartner,
];
