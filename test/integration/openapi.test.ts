import { randomUUID } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AdminRouteDependencies, adminRoutes } from '../../shared/admin/admin-routes.js';
import { openApiDocument } from '../../shared/http/openapi-document.js';
import { type AdminHandler, callAdmin, loadAdminHandler } from '../helpers/admin-calls.js';
import { aPortalEvent } from '../helpers/portal-events.js';

let handler: AdminHandler;

beforeAll(async () => {
  ({ handler } = await loadAdminHandler(`oa-${randomUUID().slice(0, 8)}`));
});

const operations = (paths: Record<string, Record<string, unknown>>) =>
  Object.entries(paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();

describe('GET /v1/openapi.json', () => {
  it('is served without a token, as OpenAPI 3.1 JSON', async () => {
    const response = await callAdmin(handler, { method: 'GET', path: '/v1/openapi.json', token: null });
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^application\/json/);
    expect(response.json).toMatchObject({ openapi: '3.1.0', info: { title: 'cwbridge' } });
    expect(response.json).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('describes every route the admin router serves, the ingest route and itself, and nothing else', () => {
    const served = adminRoutes({} as AdminRouteDependencies).map((route) => `${route.method} ${route.path}`);
    const described = operations(openApiDocument().paths as Record<string, Record<string, unknown>>);
    expect(described).toEqual([...served, 'POST /v1/events', 'GET /v1/openapi.json'].sort());
  });

  it("holds the ingest handler's own event schema: a valid event passes it and a broken one does not", () => {
    const document = openApiDocument();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const body = document.paths?.['/v1/events']?.post?.requestBody as {
      content: Record<string, { schema: object }>;
    };
    const schema = body.content['application/json']?.schema ?? {};
    const validate = ajv.compile({ ...schema, components: document.components });
    expect(validate(aPortalEvent())).toBe(true);
    expect(validate({ ...aPortalEvent(), severity: 'fatal' })).toBe(false);
    expect(validate({ ...aPortalEvent(), customer: { id: 19652, name: 'Acme' } })).toBe(true);
  });

  it('names the fields of the partner request the admin API validates', () => {
    const put = openApiDocument().paths?.['/v1/admin/partners/{partnerId}']?.put;
    const body = put?.requestBody as
      | { content: Record<string, { schema: { required?: string[] } }> }
      | undefined;
    const schema = body?.content['application/json']?.schema;
    expect(schema?.required).toEqual(expect.arrayContaining(['connectWise', 'settings']));
  });
});
