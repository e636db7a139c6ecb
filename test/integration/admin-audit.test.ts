import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbEventStore } from '../../shared/adapters/aws/dynamodb-event-store.js';
import type { AdminAuditEntry } from '../../shared/ports/admin-audit.js';
import { tables } from '../../shared/resources.js';
import { type AdminCall, type AdminHandler, callAdmin, loadAdminHandler } from '../helpers/admin-calls.js';
import { aPortalEvent } from '../helpers/portal-events.js';
import { usedSecret } from '../helpers/test-secrets.js';

const runId = randomUUID().slice(0, 8);
let handler: AdminHandler;
let adminToken: string;
let events: DynamoDbEventStore;

const call = (request: Omit<AdminCall, 'token'>) => callAdmin(handler, { ...request, token: adminToken });
const privateKey = usedSecret(`private-${randomUUID()}`);
const webhookSecret = usedSecret(`whsec-${randomUUID()}`);

const aPartnerBody = () => ({
  connectWise: {
    siteUrl: 'https://api-na.myconnectwise.net',
    companyId: 'acme',
    clientId: 'client-123',
    managementSolutionName: 'Backup Portal',
    publicKey: 'public-key',
    privateKey,
  },
  webhookSecret,
  settings: { ticketBoard: 'Help Desk' },
  serviceCatalogue: [],
});

const trail = async (query: Record<string, string> = {}) => {
  const response = await call({ method: 'GET', path: '/v1/admin/audit', query });
  expect(response.status).toBe(200);
  return response.json as unknown as { entries: AdminAuditEntry[]; cursor?: string };
};

beforeAll(async () => {
  let env: Record<string, string>;
  ({ env, adminToken, handler } = await loadAdminHandler(`audit-${runId}`));
  events = new DynamoDbEventStore(documentClient, env[tables.events.envVar] ?? '');
});

describe('the admin audit trail', () => {
  it('records each change with who, from where, what and what came of it, newest first; reads are not recorded', async () => {
    const partnerId = `audit-${runId}`;
    expect(
      (await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}`, body: aPartnerBody() })).status,
    ).toBe(201);
    await call({
      method: 'PUT',
      path: `/v1/admin/partners/${partnerId}/notifications`,
      body: { rules: [{ action: 'ticket', severities: ['error'], eventTypes: 'all' }] },
    });
    await call({ method: 'GET', path: `/v1/admin/partners/${partnerId}` });
    const event = aPortalEvent({ partnerId });
    await events.putIfAbsent({ event, rawBody: JSON.stringify(event), receivedAt: new Date().toISOString() });
    expect((await call({ method: 'POST', path: `/v1/admin/events/${event.eventId}/reprocess` })).status).toBe(
      202,
    );
    expect(
      (await call({ method: 'POST', path: '/v1/admin/dlq/redrive', body: { partnerId, dryRun: true } }))
        .status,
    ).toBe(200);
    // Refused: recorded with the problem.
    expect(
      (await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}`, body: { connectWise: {} } }))
        .status,
    ).toBe(400);

    const { entries } = await trail();

    expect(entries.map((entry) => [entry.action, entry.status])).toEqual([
      ['PUT /v1/admin/partners/{partnerId}', 400],
      ['POST /v1/admin/dlq/redrive', 200],
      ['POST /v1/admin/events/{eventId}/reprocess', 202],
      ['PUT /v1/admin/partners/{partnerId}/notifications', 200],
      ['PUT /v1/admin/partners/{partnerId}', 201],
    ]);
    const [refused, redrive, reprocess, rules, created] = entries;
    expect(created).toMatchObject({
      caller: 'admin token',
      sourceIp: '127.0.0.1',
      userAgent: 'portal/1.0',
      path: `/v1/admin/partners/${partnerId}`,
      target: { partnerId },
      outcome: { created: true },
    });
    expect(Date.parse(created?.at ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(rules?.outcome).toEqual({ rules: 1 });
    expect(reprocess).toMatchObject({
      target: { eventId: event.eventId },
      outcome: { events: 1, partnerId },
    });
    expect(redrive?.outcome).toMatchObject({ filter: `partner ${partnerId}`, dryRun: true, moved: 0 });
    expect(refused?.outcome).toMatchObject({ problem: 'Bad Request' });
    // Bodies are never kept: no key or secret in the trail.
    const text = JSON.stringify(entries);
    expect(text).not.toContain(privateKey);
    expect(text).not.toContain(webhookSecret);
  });

  it('pages with limit and cursor', async () => {
    const first = await trail({ limit: '2' });
    expect(first.entries).toHaveLength(2);
    expect(first.cursor).toBeDefined();
    const second = await trail({ limit: '2', cursor: first.cursor ?? '' });
    expect((second.entries[0]?.at ?? '') <= (first.entries[1]?.at ?? '')).toBe(true);
    expect(second.entries.map((e) => e.path)).not.toContain(undefined);
  });

  it('answers 400 naming the bad cursor or limit', async () => {
    for (const [query, field] of [
      [{ cursor: 'bm90LWEtY3Vyc29y' }, 'cursor'],
      [{ limit: '1000' }, 'limit'],
    ] as const) {
      const response = await call({ method: 'GET', path: '/v1/admin/audit', query });
      expect(response.status).toBe(400);
      expect((response.json.errors as { field: string }[])[0]?.field).toBe(field);
    }
  });
});
