import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { provisionResources } from '../../local/provision.js';
import { documentClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbEventLog } from '../../shared/adapters/aws/dynamodb-event-log.js';
import { DynamoDbPartnerRepository } from '../../shared/adapters/aws/dynamodb-partner-repository.js';
import { secrets, tables } from '../../shared/resources.js';
import { type AdminCall, type AdminHandler, callAdmin } from '../helpers/admin-calls.js';
import { usedSecret } from '../helpers/test-secrets.js';

const runId = randomUUID().slice(0, 8);
const adminToken = `admin-${randomUUID()}`;
const secretsManager = new SecretsManagerClient({});
let env: Record<string, string>;
let handler: AdminHandler;

const call = (request: Omit<AdminCall, 'token'> & { token?: string | null }) =>
  callAdmin(handler, { ...request, token: request.token === undefined ? adminToken : request.token });

const newPartnerId = () => `p-${runId}-${randomUUID().slice(0, 6)}`;

const aPartnerBody = (overrides: Record<string, unknown> = {}) => ({
  connectWise: {
    siteUrl: 'https://api-na.myconnectwise.net',
    companyId: 'acme',
    clientId: 'client-123',
    managementSolutionName: 'Backup Portal',
    publicKey: 'pub-key-1',
    privateKey: usedSecret('priv-key-1'),
  },
  webhookSecret: usedSecret('whsec-1-0123456789abcdef'),
  settings: { updateBackupStatistics: true, updateInvoiceDescriptions: false, ticketBoard: 'Help Desk' },
  serviceCatalogue: [{ service: 'Cloud Backup', billing: 'storage', vendorType: 'BDR' }],
  ...overrides,
});

const readSecret = async (name: string, stage = 'AWSCURRENT') =>
  (await secretsManager.send(new GetSecretValueCommand({ SecretId: name, VersionStage: stage })))
    .SecretString;

beforeAll(async () => {
  env = await provisionResources({ namePrefix: `admin-${runId}-` });
  const tokenSecretName = `admin-test-${runId}/admin-token`;
  await secretsManager.send(new CreateSecretCommand({ Name: tokenSecretName, SecretString: adminToken }));
  Object.assign(process.env, env, { [secrets.adminToken.envVar]: tokenSecretName });
  ({ handler } = await import('../../functions/admin/handler.js'));
});

describe('admin handler', () => {
  describe('authentication', () => {
    it('answers 401 problem+json without a bearer token', async () => {
      const response = await call({ method: 'GET', path: '/v1/admin/partners/demo', token: null });
      expect(response.status).toBe(401);
      expect(response.contentType).toBe('application/problem+json');
      expect(response.json).toMatchObject({ status: 401, title: 'Unauthorized' });
      expect(response.headers['WWW-Authenticate']).toBe('Bearer');
    });

    it('answers 401 with the same problem for a wrong token', async () => {
      const response = await call({
        method: 'GET',
        path: '/v1/admin/partners/demo',
        token: `${adminToken}x`,
      });
      expect(response.status).toBe(401);
      expect(response.json.detail).toBe('A valid admin bearer token is required.');
    });

    it('does not reveal which routes exist to an unauthenticated caller', async () => {
      const response = await call({ method: 'GET', path: '/v1/admin/dlq', token: null });
      expect(response.status).toBe(401);
    });
  });

  describe('PUT /v1/admin/partners/{partnerId}', () => {
    it('creates a partner, storing keys and webhook secret in Secrets Manager and masking them', async () => {
      const partnerId = newPartnerId();
      const response = await call({
        method: 'PUT',
        path: `/v1/admin/partners/${partnerId}`,
        body: aPartnerBody(),
      });
      expect(response.status).toBe(201);
      expect(response.json).toMatchObject({
        partnerId,
        connectWise: { companyId: 'acme', publicKey: '********', privateKey: '********' },
        webhookSecret: '********',
      });
      expect(JSON.stringify(response.json)).not.toMatch(/priv-key-1|pub-key-1|whsec-1/);
      expect(JSON.parse((await readSecret(secrets.partnerConnectWiseKeysName(partnerId))) ?? '{}')).toEqual({
        publicKey: 'pub-key-1',
        privateKey: usedSecret('priv-key-1'),
      });
      expect(await readSecret(secrets.partnerWebhookSecretName(partnerId))).toBe('whsec-1-0123456789abcdef');
    });

    it('stores the configuration without secrets in the partners table', async () => {
      const partnerId = newPartnerId();
      await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}`, body: aPartnerBody() });
      const repository = new DynamoDbPartnerRepository(documentClient, env[tables.partners.envVar] ?? '');
      const stored = await repository.getConfig(partnerId);
      expect(stored?.connectWise).toEqual({
        siteUrl: 'https://api-na.myconnectwise.net',
        companyId: 'acme',
        clientId: 'client-123',
        managementSolutionName: 'Backup Portal',
      });
      expect(stored?.settings).toMatchObject({ ticketBoard: 'Help Desk', autoResolveTickets: false });
    });

    it('refuses a new partner without its secrets, naming each missing field', async () => {
      const body = aPartnerBody({ webhookSecret: undefined });
      const { publicKey: _p, privateKey: _k, ...connectWise } = body.connectWise as Record<string, string>;
      const response = await call({
        method: 'PUT',
        path: `/v1/admin/partners/${newPartnerId()}`,
        body: { ...body, connectWise },
      });
      expect(response.status).toBe(400);
      expect(response.contentType).toBe('application/problem+json');
      expect(response.json.errors).toEqual([
        { field: 'connectWise.publicKey', message: 'is required' },
        { field: 'connectWise.privateKey', message: 'is required' },
        { field: 'webhookSecret', message: 'is required' },
      ]);
    });

    it('answers 400 naming every invalid field', async () => {
      const body = aPartnerBody({ settings: { updateBackupStatistics: 'yes' }, colour: 'blue' });
      const response = await call({ method: 'PUT', path: `/v1/admin/partners/${newPartnerId()}`, body });
      expect(response.status).toBe(400);
      const fields = (response.json.errors as { field: string }[]).map((error) => error.field);
      expect(fields).toEqual(
        expect.arrayContaining(['settings.updateBackupStatistics', 'settings.ticketBoard', '(root)']),
      );
    });

    it('refuses a webhook secret shorter than 16 characters, naming the field', async () => {
      const body = aPartnerBody({ webhookSecret: 'letmein' });
      const response = await call({ method: 'PUT', path: `/v1/admin/partners/${newPartnerId()}`, body });
      expect(response.status).toBe(400);
      expect(response.json.errors).toEqual([
        { field: 'webhookSecret', message: expect.stringContaining('at least 16 characters') },
      ]);
    });

    it('refuses a siteUrl that is not public https', async () => {
      const body = aPartnerBody();
      const connectWise = { ...(body.connectWise as object), siteUrl: 'http://169.254.169.254' };
      const response = await call({
        method: 'PUT',
        path: `/v1/admin/partners/${newPartnerId()}`,
        body: { ...body, connectWise },
      });
      expect(response.status).toBe(400);
      expect(response.json.errors).toEqual([{ field: 'connectWise.siteUrl', message: expect.any(String) }]);
    });

    it('refuses a partner id that is not lowercase letters, digits and dashes', async () => {
      const response = await call({
        method: 'PUT',
        path: '/v1/admin/partners/Not_Valid',
        body: aPartnerBody(),
      });
      expect(response.status).toBe(400);
    });

    it('rotates the webhook secret keeping the old one as the previous version', async () => {
      const partnerId = newPartnerId();
      await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}`, body: aPartnerBody() });
      const response = await call({
        method: 'PUT',
        path: `/v1/admin/partners/${partnerId}`,
        body: aPartnerBody({ webhookSecret: 'whsec-2-0123456789abcdef' }),
      });
      expect(response.status).toBe(200);
      const name = secrets.partnerWebhookSecretName(partnerId);
      expect(await readSecret(name)).toBe('whsec-2-0123456789abcdef');
      expect(await readSecret(name, 'AWSPREVIOUS')).toBe('whsec-1-0123456789abcdef');
    });

    it('keeps stored secrets when a GET result is sent back with its masks', async () => {
      const partnerId = newPartnerId();
      await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}`, body: aPartnerBody() });
      const fetched = await call({ method: 'GET', path: `/v1/admin/partners/${partnerId}` });
      const edited = {
        ...fetched.json,
        settings: { ...(fetched.json.settings as object), ticketBoard: 'NOC' },
      };
      const response = await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}`, body: edited });
      expect(response.status).toBe(200);
      expect(response.json.settings).toMatchObject({ ticketBoard: 'NOC' });
      expect(await readSecret(secrets.partnerWebhookSecretName(partnerId))).toBe('whsec-1-0123456789abcdef');
      expect(await readSecret(secrets.partnerConnectWiseKeysName(partnerId))).toContain('priv-key-1');
    });
  });

  describe('generated webhook secrets', () => {
    const aGeneratedSecret = /^whsec_[A-Za-z0-9_-]{43}$/;

    it('keeps ticket priorities by severity and returns them', async () => {
      const partnerId = newPartnerId();
      const body = aPartnerBody({
        settings: { ticketBoard: 'Help Desk', ticketPriorities: { warning: 3, error: 1 } },
      });
      expect((await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}`, body })).status).toBe(201);
      const shown = await call({ method: 'GET', path: `/v1/admin/partners/${partnerId}` });
      expect(shown.json).toMatchObject({ settings: { ticketPriorities: { warning: 3, error: 1 } } });
      const bad = await call({
        method: 'PUT',
        path: `/v1/admin/partners/${partnerId}`,
        body: aPartnerBody({ settings: { ticketBoard: 'Help Desk', ticketPriorities: { error: 'high' } } }),
      });
      expect(bad.status).toBe(400);
      expect((bad.json.errors as { field: string }[])[0]?.field).toBe('settings.ticketPriorities.error');
    });

    it('generates the secret of a new partner on PUT with "generate", showing it this once', async () => {
      const partnerId = newPartnerId();
      const response = await call({
        method: 'PUT',
        path: `/v1/admin/partners/${partnerId}`,
        body: aPartnerBody({ webhookSecret: 'generate' }),
      });
      expect(response.status).toBe(201);
      expect(response.headers['Cache-Control']).toBe('no-store');
      const generated = String(response.json.webhookSecret);
      expect(generated).toMatch(aGeneratedSecret);
      expect(await readSecret(secrets.partnerWebhookSecretName(partnerId))).toBe(generated);
      const fetched = await call({ method: 'GET', path: `/v1/admin/partners/${partnerId}` });
      expect(fetched.json.webhookSecret).toBe('********');
    });

    it('rotates to a new random secret on POST …/webhook-secret, the old one staying valid', async () => {
      const partnerId = newPartnerId();
      await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}`, body: aPartnerBody() });
      const first = await call({ method: 'POST', path: `/v1/admin/partners/${partnerId}/webhook-secret` });
      expect(first.status).toBe(201);
      expect(first.headers['Cache-Control']).toBe('no-store');
      expect(first.json).toMatchObject({ partnerId, previousSecretStillValid: true });
      const name = secrets.partnerWebhookSecretName(partnerId);
      expect(await readSecret(name)).toBe(first.json.webhookSecret);
      expect(await readSecret(name, 'AWSPREVIOUS')).toBe('whsec-1-0123456789abcdef');

      const second = await call({ method: 'POST', path: `/v1/admin/partners/${partnerId}/webhook-secret` });
      expect(second.json.webhookSecret).toMatch(aGeneratedSecret);
      expect(second.json.webhookSecret).not.toBe(first.json.webhookSecret);
      expect(await readSecret(name, 'AWSPREVIOUS')).toBe(first.json.webhookSecret);
    });

    it('answers 404 for the webhook secret of an unknown partner and stores nothing', async () => {
      const partnerId = newPartnerId();
      const response = await call({ method: 'POST', path: `/v1/admin/partners/${partnerId}/webhook-secret` });
      expect(response.status).toBe(404);
      await expect(readSecret(secrets.partnerWebhookSecretName(partnerId))).rejects.toThrow();
    });
  });

  describe('GET /v1/admin/partners/{partnerId}', () => {
    it('returns the shape PUT accepts with every secret masked', async () => {
      const partnerId = newPartnerId();
      await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}`, body: aPartnerBody() });
      const response = await call({ method: 'GET', path: `/v1/admin/partners/${partnerId}` });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        ...aPartnerBody(),
        partnerId,
        connectWise: { ...aPartnerBody().connectWise, publicKey: '********', privateKey: '********' },
        webhookSecret: '********',
        settings: { ...aPartnerBody().settings, autoResolveTickets: false },
      });
    });

    it('answers 404 for a partner that is not configured', async () => {
      const response = await call({ method: 'GET', path: `/v1/admin/partners/${newPartnerId()}` });
      expect(response.status).toBe(404);
      expect(response.contentType).toBe('application/problem+json');
    });
  });

  describe('PUT /v1/admin/partners/{partnerId}/notifications', () => {
    const rules = [
      { action: 'ticket', severities: ['warning', 'error'], eventTypes: 'all' },
      { action: 'sync', severities: ['info', 'warning', 'error'], eventTypes: ['usage.report'] },
    ];

    it('replaces the partner notification rules', async () => {
      const partnerId = newPartnerId();
      await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}`, body: aPartnerBody() });
      const response = await call({
        method: 'PUT',
        path: `/v1/admin/partners/${partnerId}/notifications`,
        body: { rules },
      });
      expect(response.status).toBe(200);
      const repository = new DynamoDbPartnerRepository(documentClient, env[tables.partners.envVar] ?? '');
      expect(await repository.getRules(partnerId)).toEqual(rules);
    });

    it('answers 400 naming the invalid rule field', async () => {
      const partnerId = newPartnerId();
      await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}`, body: aPartnerBody() });
      const response = await call({
        method: 'PUT',
        path: `/v1/admin/partners/${partnerId}/notifications`,
        body: { rules: [{ action: 'ticket', severities: ['fatal'], eventTypes: 'all' }] },
      });
      expect(response.status).toBe(400);
      expect((response.json.errors as { field: string }[])[0]?.field).toBe('rules.0.severities.0');
    });

    it('answers 404 for rules of an unknown partner', async () => {
      const response = await call({
        method: 'PUT',
        path: `/v1/admin/partners/${newPartnerId()}/notifications`,
        body: { rules },
      });
      expect(response.status).toBe(404);
    });

    it('reads back with GET the rules PUT saved, and answers 404 for an unknown partner', async () => {
      const partnerId = newPartnerId();
      await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}`, body: aPartnerBody() });
      await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}/notifications`, body: { rules } });

      const response = await call({ method: 'GET', path: `/v1/admin/partners/${partnerId}/notifications` });

      expect(response.status).toBe(200);
      expect(response.json).toEqual({ partnerId, rules });
      const unknown = await call({
        method: 'GET',
        path: `/v1/admin/partners/${newPartnerId()}/notifications`,
      });
      expect(unknown.status).toBe(404);
      expect(unknown.contentType).toBe('application/problem+json');
      const invalid = await call({
        method: 'GET',
        path: `/v1/admin/partners/${'x'.repeat(65)}/notifications`,
      });
      expect(invalid.status).toBe(400);
    });
  });

  describe('GET /v1/admin/partners', () => {
    it('lists every configured partner by id with its ConnectWise site, and no secret', async () => {
      const [first, second] = [newPartnerId(), newPartnerId()];
      for (const partnerId of [first, second]) {
        await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}`, body: aPartnerBody() });
      }

      const response = await call({ method: 'GET', path: '/v1/admin/partners' });

      expect(response.status).toBe(200);
      const partners = response.json.partners as { partnerId: string }[];
      const ids = partners.map((partner) => partner.partnerId);
      expect(ids).toEqual([...ids].sort());
      expect(partners.find((partner) => partner.partnerId === first)).toEqual({
        partnerId: first,
        siteUrl: 'https://api-na.myconnectwise.net',
        companyId: 'acme',
        managementSolutionName: 'Backup Portal',
        ticketBoard: 'Help Desk',
      });
      expect(ids).toContain(second);
      expect(JSON.stringify(response.json)).not.toMatch(/priv-key-1|whsec-1/);
    });
  });

  describe('GET /v1/admin/accounts/{accountId}/events', () => {
    const accountId = `EFS${runId}`;
    const path = `/v1/admin/accounts/${accountId}/events`;
    const idsOf = (response: { json: Record<string, unknown> }) =>
      (response.json.entries as { eventId: string }[]).map((entry) => entry.eventId);
    beforeAll(async () => {
      const eventLog = new DynamoDbEventLog(documentClient, env[tables.eventLog.envVar] ?? '');
      const entry = { accountId, customerId: '19652', level: 'info' as const };
      for (const minute of [1, 2, 3]) {
        await eventLog.append({
          ...entry,
          partnerId: 'demo',
          eventId: `evt-${minute}`,
          at: `2026-11-28T10:0${minute}:00.000Z`,
          message: `entry ${minute}`,
        });
      }
      // Another partner's portal using the same account id (or signing events with it).
      await eventLog.append({
        ...entry,
        partnerId: 'other',
        eventId: 'other-1',
        at: '2026-11-28T10:02:30.000Z',
        message: 'written by another partner',
      });
    });

    it('lists the account id across partners newest first, every entry naming its partner', async () => {
      const response = await call({ method: 'GET', path });
      expect(response.status).toBe(200);
      expect(response.json.accountId).toBe(accountId);
      expect(idsOf(response)).toEqual(['evt-3', 'other-1', 'evt-2', 'evt-1']);
      expect((response.json.entries as { partnerId: string }[]).map((e) => e.partnerId)).toEqual([
        'demo',
        'other',
        'demo',
        'demo',
      ]);
    });

    it('lists only one partner’s entries with ?partnerId=', async () => {
      const demo = await call({ method: 'GET', path, query: { partnerId: 'demo' } });
      expect(demo.json.partnerId).toBe('demo');
      expect(idsOf(demo)).toEqual(['evt-3', 'evt-2', 'evt-1']);
      const other = await call({ method: 'GET', path, query: { partnerId: 'other' } });
      expect(idsOf(other)).toEqual(['other-1']);
    });

    it('pages with limit and cursor, for one partner and across partners', async () => {
      const first = await call({ method: 'GET', path, query: { partnerId: 'demo', limit: '2' } });
      expect(idsOf(first)).toEqual(['evt-3', 'evt-2']);
      expect(first.json.nextCursor).toEqual(expect.any(String));
      const second = await call({
        method: 'GET',
        path,
        query: { partnerId: 'demo', limit: '2', cursor: String(first.json.nextCursor) },
      });
      expect(idsOf(second)).toEqual(['evt-1']);

      const across = await call({ method: 'GET', path, query: { limit: '3' } });
      const rest = await call({ method: 'GET', path, query: { cursor: String(across.json.nextCursor) } });
      expect([...idsOf(across), ...idsOf(rest)]).toEqual(['evt-3', 'other-1', 'evt-2', 'evt-1']);
    });

    it('refuses a cursor issued for another partner’s listing, naming cursor', async () => {
      const first = await call({ method: 'GET', path, query: { partnerId: 'demo', limit: '1' } });
      const response = await call({
        method: 'GET',
        path,
        query: { partnerId: 'other', cursor: String(first.json.nextCursor) },
      });
      expect(response.status).toBe(400);
      expect((response.json.errors as { field: string }[])[0]?.field).toBe('cursor');
    });

    it('answers 400 naming partnerId when it is not a partner id', async () => {
      const response = await call({ method: 'GET', path, query: { partnerId: 'Not A Partner' } });
      expect(response.status).toBe(400);
      expect((response.json.errors as { field: string }[])[0]?.field).toBe('partnerId');
    });

    it('answers 400 naming limit when it is out of range', async () => {
      const response = await call({ method: 'GET', path, query: { limit: '1000' } });
      expect(response.status).toBe(400);
      expect((response.json.errors as { field: string }[])[0]?.field).toBe('limit');
    });

    it('answers 400 naming cursor when it was not issued by the API', async () => {
      const response = await call({ method: 'GET', path, query: { cursor: 'not-a-token' } });
      expect(response.status).toBe(400);
      expect((response.json.errors as { field: string }[])[0]?.field).toBe('cursor');
    });

    it('returns an empty page for an account without entries', async () => {
      const response = await call({ method: 'GET', path: `/v1/admin/accounts/EFS-none-${runId}/events` });
      expect(response.status).toBe(200);
      expect(response.json.entries).toEqual([]);
    });
  });

  describe('GET /v1/admin/partners/{partnerId}/billing/preview', () => {
    it('answers the reconciliation report of a partner without customers yet', async () => {
      const partnerId = newPartnerId();
      await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}`, body: aPartnerBody() });
      const response = await call({ method: 'GET', path: `/v1/admin/partners/${partnerId}/billing/preview` });
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({
        partnerId,
        mode: 'preview',
        complete: true,
        customersChecked: 0,
        changes: [],
        customers: [],
      });
    });

    it('answers 404 for a partner that is not configured', async () => {
      const response = await call({
        method: 'GET',
        path: `/v1/admin/partners/${newPartnerId()}/billing/preview`,
      });
      expect(response.status).toBe(404);
    });

    it('answers 400 naming customerId when it is not a portal customer id', async () => {
      const response = await call({
        method: 'GET',
        path: `/v1/admin/partners/${newPartnerId()}/billing/preview`,
        query: { customerId: 'abc' },
      });
      expect(response.status).toBe(400);
      expect((response.json.errors as { field: string }[])[0]?.field).toBe('customerId');
    });
  });

  describe('POST …/billing/sweep and GET …/billing/reports', () => {
    it('starts a run now and lists its report, newest first', async () => {
      const partnerId = newPartnerId();
      await call({ method: 'PUT', path: `/v1/admin/partners/${partnerId}`, body: aPartnerBody() });
      const first = await call({ method: 'POST', path: `/v1/admin/partners/${partnerId}/billing/sweep` });
      expect(first.status).toBe(202);
      expect(first.json).toMatchObject({ partnerId, planned: 0, runId: expect.any(String) });
      const second = await call({ method: 'POST', path: `/v1/admin/partners/${partnerId}/billing/sweep` });

      const listed = await call({ method: 'GET', path: `/v1/admin/partners/${partnerId}/billing/reports` });
      expect(listed.status).toBe(200);
      const reports = listed.json.reports as {
        runId: string;
        trigger: string;
        finishedAt?: string;
        summary?: unknown;
      }[];
      expect(reports.map((report) => report.runId)).toEqual([second.json.runId, first.json.runId]);
      // No customers: the run finishes as soon as it is planned.
      expect(reports[0]).toMatchObject({ trigger: 'operator', finishedAt: expect.any(String) });
      expect(reports[0]?.summary).toMatchObject({ customersChecked: 0, errors: 0 });
    });

    it('answers 404 for a sweep of a partner that is not configured', async () => {
      const response = await call({
        method: 'POST',
        path: `/v1/admin/partners/${newPartnerId()}/billing/sweep`,
      });
      expect(response.status).toBe(404);
    });

    it('answers 400 naming limit when it is out of range', async () => {
      const response = await call({
        method: 'GET',
        path: `/v1/admin/partners/${newPartnerId()}/billing/reports`,
        query: { limit: '500' },
      });
      expect(response.status).toBe(400);
      expect((response.json.errors as { field: string }[])[0]?.field).toBe('limit');
    });
  });

  describe('GET /v1/admin/partners/{partnerId}/doctor', () => {
    it('answers 404 problem+json for a partner that is not configured', async () => {
      const response = await call({ method: 'GET', path: `/v1/admin/partners/${newPartnerId()}/doctor` });
      expect(response.status).toBe(404);
      expect(response.contentType).toBe('application/problem+json');
    });

    it('answers 400 naming partnerId when it is not a partner id', async () => {
      const response = await call({ method: 'GET', path: '/v1/admin/partners/Not_A_Partner/doctor' });
      expect(response.status).toBe(400);
      expect((response.json.errors as { field: string }[])[0]?.field).toBe('partnerId');
    });

    it('answers 400 naming cursor when it is not one the doctor issued', async () => {
      const response = await call({
        method: 'GET',
        path: `/v1/admin/partners/${newPartnerId()}/doctor`,
        query: { cursor: 'a#b' },
      });
      expect(response.status).toBe(400);
      expect((response.json.errors as { field: string }[])[0]?.field).toBe('cursor');
    });
  });

  describe('requests outside the contract', () => {
    it('answers 405 with Allow for a known path and another method', async () => {
      const response = await call({ method: 'DELETE', path: '/v1/admin/partners/demo' });
      expect(response.status).toBe(405);
      expect(response.contentType).toBe('application/problem+json');
      expect(response.json.detail).toBe('/v1/admin/partners/demo does not accept DELETE; use PUT, GET.');
    });

    it('answers 404 for a path that is no admin route', async () => {
      const response = await call({ method: 'GET', path: '/v1/admin/partnres/demo' });
      expect(response.status).toBe(404);
      expect(response.json.detail).toBe('/v1/admin/partnres/demo is not an admin route.');
    });
  });
});
