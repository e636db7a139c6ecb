import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { accountEventsQuerySchema, accountIdSchema } from '../admin/account-events.js';
import { auditQuerySchema } from '../admin/admin-audit-trail.js';
import { previewQuerySchema, reportsQuerySchema } from '../admin/billing-admin.js';
import { listQuerySchema } from '../admin/dead-letter-admin.js';
import { partnerRequestSchema } from '../admin/partner-request.js';
import { notificationRulesSchema, partnerConfigSchema } from '../domain/partner-config.js';
import { portalEventSchema } from '../domain/portal-event.js';
import { redriveRequestSchema } from '../operations/dead-letters.js';
import { doctorQuerySchema } from '../operations/doctor.js';
import { eventIdSchema } from '../operations/reprocess.js';
import { problemContentType } from './problem.js';

/**
 * `GET /v1/openapi.json`: the whole HTTP API, generated from the zod schemas the handlers
 * validate requests with, so the description cannot drift from what is accepted. Responses are
 * described by their status and the problem+json body every error shares.
 */

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details; `errors` names each bad field.' });

const problem = (description: string) => ({
  description,
  content: { [problemContentType]: { schema: problemSchema } },
});

const json = (description: string, schema: z.ZodType = z.looseObject({})) => ({
  description,
  content: { 'application/json': { schema } },
});

const partnerPath = z.object({ partnerId: partnerConfigSchema.shape.partnerId });

/** The errors every admin route can answer, besides its own. */
const adminErrors = {
  '400': problem('A bad path parameter, query or body; `errors` names the field.'),
  '401': problem('No admin token or a wrong one (or, with adminAuth=iam, no SigV4 identity).'),
  '404': problem('The partner, event or route does not exist.'),
  '405': problem('The path exists with other methods (`Allow` lists them).'),
  '422': problem("The partner's setup stops the request (e.g. keys missing)."),
  '503': problem(
    'ConnectWise or AWS is unavailable, or the partner’s pace is spent; `Retry-After` when known.',
  ),
};

/** Answered by every admin route that reads a JSON body, as ingest answers it. */
const bodyErrors = {
  '413': problem('Larger than 256 KB.'),
};

const admin = (operation: ZodOpenApiOperationObject): ZodOpenApiOperationObject => ({
  tags: ['admin'],
  security: [{ adminToken: [] }],
  ...operation,
  responses: { ...adminErrors, ...operation.responses },
});

/** Every route of the HTTP API, by path and method (lower case, as OpenAPI writes them). */
export const apiPaths: ZodOpenApiPathsObject = {
  '/v1/events': {
    post: {
      tags: ['ingest'],
      summary: 'Accept one portal event, signed with the partner webhook secret',
      requestParams: {
        header: z.object({
          'x-bridge-timestamp': z.string().meta({ description: 'Unix seconds; within ±300 s of now' }),
          'x-bridge-signature': z
            .string()
            .meta({ description: 'v1=<hex HMAC-SHA256(webhook secret, "<timestamp>.<raw body>")>' }),
        }),
      },
      requestBody: { content: { 'application/json': { schema: portalEventSchema } } },
      responses: {
        '202': json(
          'Stored and queued (or a duplicate of a queued event)',
          z.object({ eventId: z.string(), status: z.enum(['queued', 'duplicate']) }),
        ),
        '400': problem('Not JSON, or not a valid event; `errors` names the field.'),
        '401': problem('Missing, bad or expired signature, or an unknown partner.'),
        '413': problem('Larger than 256 KB.'),
        '415': problem('Not application/json.'),
      },
    },
  },
  '/v1/openapi.json': {
    get: {
      tags: ['meta'],
      summary: 'This description of the HTTP API',
      responses: { '200': json('The OpenAPI document') },
    },
  },
  '/v1/admin/partners': {
    get: admin({ summary: 'List partners', responses: { '200': json('The partners') } }),
  },
  '/v1/admin/partners/{partnerId}': {
    put: admin({
      summary: 'Create or replace a partner (keys and secrets go to Secrets Manager)',
      requestParams: { path: partnerPath },
      requestBody: { content: { 'application/json': { schema: partnerRequestSchema } } },
      responses: {
        ...bodyErrors,
        '200': json('Replaced; secrets masked'),
        '201': json('Created; secrets masked (a generated webhook secret is shown this once)'),
      },
    }),
    get: admin({
      summary: 'A partner in the shape PUT accepts, secrets masked',
      requestParams: { path: partnerPath },
      responses: { '200': json('The partner') },
    }),
  },
  '/v1/admin/partners/{partnerId}/webhook-secret': {
    post: admin({
      summary: "Rotate the partner's webhook secret (the previous one stays valid for a while)",
      requestParams: { path: partnerPath },
      responses: { '201': json('The new secret, shown this once') },
    }),
  },
  '/v1/admin/partners/{partnerId}/notifications': {
    put: admin({
      summary: "Replace the partner's notification rules",
      requestParams: { path: partnerPath },
      requestBody: {
        content: { 'application/json': { schema: z.object({ rules: notificationRulesSchema }) } },
      },
      responses: { ...bodyErrors, '200': json('The rules saved') },
    }),
    get: admin({
      summary: "The partner's notification rules",
      requestParams: { path: partnerPath },
      responses: { '200': json('{rules}') },
    }),
  },
  '/v1/admin/partners/{partnerId}/doctor': {
    get: admin({
      summary: "Check the partner's ConnectWise setup (reads only)",
      requestParams: { path: partnerPath, query: doctorQuerySchema },
      responses: { '200': json('{findings: [{check, status: ok|warn|fail, detail, fix}], customers}') },
    }),
  },
  '/v1/admin/partners/{partnerId}/billing/preview': {
    get: admin({
      summary: 'The billing reconciliation report, nothing written to ConnectWise',
      requestParams: { path: partnerPath, query: previewQuerySchema },
      responses: { '200': json('The report; nextCursor continues one that stopped early') },
    }),
  },
  '/v1/admin/partners/{partnerId}/billing/sweep': {
    post: admin({
      summary: "Run the partner's billing reconciliation now",
      requestParams: { path: partnerPath },
      responses: {
        '202': json(
          'The run: {partnerId, runId, startedAt, queued, planned?}; planned (every customer) once its pages are all queued',
        ),
      },
    }),
  },
  '/v1/admin/partners/{partnerId}/billing/reports': {
    get: admin({
      summary: 'The latest billing reports, newest first',
      requestParams: { path: partnerPath, query: reportsQuerySchema },
      responses: { '200': json('{reports}') },
    }),
  },
  '/v1/admin/accounts/{accountId}/events': {
    get: admin({
      summary: "An account's event log, newest first",
      requestParams: { path: z.object({ accountId: accountIdSchema }), query: accountEventsQuerySchema },
      responses: { '200': json('{entries, cursor?}') },
    }),
  },
  '/v1/admin/events/{eventId}/reprocess': {
    post: admin({
      summary: 'Run a stored event again (tickets and the data sync, the 12-hour window bypassed)',
      requestParams: {
        path: z.object({ eventId: eventIdSchema }),
        query: z.object({ partnerId: partnerConfigSchema.shape.partnerId.optional() }),
      },
      responses: {
        '202': json('Queued'),
        '409': problem('More than one partner used the event id: give ?partnerId='),
      },
    }),
  },
  '/v1/admin/audit': {
    get: admin({
      summary: 'The admin audit trail: every change made through the admin API, newest first',
      requestParams: { query: auditQuerySchema },
      responses: {
        '200': json(
          '{entries: [{at, caller, sourceIp, userAgent, action, path, target, status, outcome}], cursor?}',
        ),
      },
    }),
  },
  '/v1/admin/dlq': {
    get: admin({
      summary: 'The dead-lettered sync records, each with why it failed',
      requestParams: { query: listQuerySchema },
      responses: {
        '200': json('{messages: [{messageId, partnerId, eventId, receiveCount, reason, sentAt}]}'),
      },
    }),
  },
  '/v1/admin/dlq/redrive': {
    post: admin({
      summary: 'Move dead-lettered records back to the sync queue (all, one partner, or named events)',
      requestBody: { content: { 'application/json': { schema: redriveRequestSchema } } },
      responses: {
        ...bodyErrors,
        '200': json('{dryRun, moved, skipped, failed, done}'),
        '409': problem('Another redrive is running'),
      },
    }),
  },
};

let document: ReturnType<typeof createDocument> | undefined;

/** The OpenAPI 3.1 document, built once per container. */
export const openApiDocument = (): ReturnType<typeof createDocument> => {
  document ??= createDocument({
    openapi: '3.1.0',
    info: {
      title: 'cwbridge',
      version: '1',
      description:
        "Pushes a backup portal's events into ConnectWise Manage: POST /v1/events for the portal, /v1/admin for operators.",
    },
    components: {
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } },
    },
    paths: apiPaths,
  });
  return document;
};
