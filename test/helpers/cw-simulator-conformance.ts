import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import type { OpenApiDocument, OperationSpec, SchemaNode } from '../../cw-simulator/openapi-spec.js';
import { createSchemaValidator } from '../../cw-simulator/schema-validator.js';

/**
 * Checks requests and responses against the published ConnectWise 2025.1 subset kept as test
 * data (test/fixtures), independent of the simulator's own copy, so the simulator and the client
 * are both held to the document rather than to each other.
 */
const document = JSON.parse(
  readFileSync(new URL('../fixtures/connectwise-openapi-2025.1.json', import.meta.url), 'utf8'),
) as OpenApiDocument;
const strict = createSchemaValidator(document.components.schemas);
const partial = createSchemaValidator(document.components.schemas, { ignoreRequired: true });

/** A request as sent to ConnectWise; `path` is relative to `apis/3.0` or a full URL. */
export interface RecordedRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/** A response as received, for the request it answers. */
export interface RecordedResponse extends RecordedRequest {
  status: number;
  responseBody: unknown;
}

const apiPath = (path: string): string => {
  const withoutOrigin = /^https?:\/\//.test(path) ? new URL(path).pathname : (path.split('?')[0] ?? path);
  const marker = withoutOrigin.indexOf('apis/3.0');
  const relative = marker >= 0 ? withoutOrigin.slice(marker + 'apis/3.0'.length) : withoutOrigin;
  return relative.replace(/\/+$/, '') || '/';
};

const templateRegExp = (template: string): RegExp =>
  new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);

/** The subset's path template and operation for a concrete request, literal segments first. */
export const findOperation = (
  method: string,
  path: string,
): { template: string; operation: OperationSpec } | undefined => {
  const concrete = apiPath(path);
  const templates = Object.keys(document.paths)
    .filter((template) => templateRegExp(template).test(concrete))
    .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  for (const template of templates) {
    const operation = document.paths[template]?.[method.toLowerCase()];
    if (operation !== undefined) return { template, operation };
  }
  return undefined;
};

const describe = (errors: ErrorObject[]): string[] =>
  errors.map(
    (error) =>
      `${error.instancePath || '(body)'} ${error.message ?? 'invalid'} ${JSON.stringify(error.params)}`,
  );

const declaredQuery = (operation: OperationSpec): Set<string> =>
  new Set(
    ((operation as { parameters?: { name: string; in: string }[] }).parameters ?? [])
      .filter((parameter) => parameter.in === 'query')
      .map((parameter) => parameter.name.toLowerCase()),
  );

/** Problems of a request against the subset: unknown method/path, undeclared query, invalid body. */
export const requestConformanceErrors = (request: RecordedRequest): string[] => {
  const found = findOperation(request.method, request.path);
  if (found === undefined) return [`${request.method} ${apiPath(request.path)} is not in the 2025.1 subset`];
  const problems = Object.keys(request.query ?? {})
    .filter((name) => !declaredQuery(found.operation).has(name.toLowerCase()))
    .map((name) => `query parameter ${name} is not declared for ${request.method} ${found.template}`);
  const schema = found.operation.requestBody?.content['application/json']?.schema;
  if (schema === undefined) {
    if (request.body !== undefined && request.body !== null && request.body !== '') {
      problems.push(`${request.method} ${found.template} takes no body`);
    }
    return problems;
  }
  if (request.body === undefined) return [...problems, `${request.method} ${found.template} requires a body`];
  return [...problems, ...describe(strict.validate(schema, request.body))];
};

const successSchema = (operation: OperationSpec, status: number): SchemaNode | undefined => {
  const response = operation.responses[String(status)];
  return response?.content === undefined ? undefined : Object.values(response.content)[0]?.schema;
};

/**
 * Problems of a response: a 2xx body must match the operation's schema for that status (records
 * cut down by `fields` may omit required fields); an error body must be ErrorResponseMessage.
 */
export const responseConformanceErrors = (response: RecordedResponse): string[] => {
  const found = findOperation(response.method, response.path);
  if (found === undefined)
    return [`${response.method} ${apiPath(response.path)} is not in the 2025.1 subset`];
  if (response.status >= 400) {
    return describe(
      strict.validate({ $ref: '#/components/schemas/ErrorResponseMessage' }, response.responseBody),
    );
  }
  if (!(String(response.status) in found.operation.responses)) {
    return [`${response.method} ${found.template} does not answer ${response.status}`];
  }
  const schema = successSchema(found.operation, response.status);
  if (schema === undefined) return response.responseBody === undefined ? [] : ['expected no response body'];
  const validator = response.query?.fields === undefined ? strict : partial;
  return describe(validator.validate(schema, response.responseBody));
};
