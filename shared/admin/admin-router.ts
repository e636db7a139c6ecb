import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { NotFoundError, ValidationError } from '../errors.js';
import { MethodNotAllowedError } from '../http/http-errors.js';
import { readBody } from '../ingest/request.js';
import { withWellFormedStrings } from '../ingest/well-formed.js';

/*
 * The admin API's router: a list of `{method, path, run}` matched in order. @middy/http-router was
 * weighed and not taken: it dispatches whole Lambda handlers and knows only "not found" (its
 * notFoundResponse hears just method and path), while the admin API needs a 405 with `Allow` for a
 * known path, a 400 naming a broken %-escape in a path parameter, and the matched route's template
 * for the audit trail and the OpenAPI route test. Those take the thirty lines below either way.
 */

/** An admin API request, reduced to what the routes need. */
export interface AdminRequest {
  readonly method: string;
  /** The raw path, e.g. `/v1/admin/partners/demo`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  /**
   * Parses the body as JSON, lone surrogates replaced by U+FFFD, whatever content type it came
   * with (curl -d and fetch send JSON as form or plain text); throws a 413 over 256 KB, a 400
   * naming `body` when it is not JSON.
   */
  readonly json: () => unknown;
  /** Milliseconds the invocation may still run, so a long route stops in time. */
  readonly remainingMs: () => number;
}

export interface AdminResponse {
  readonly status: number;
  readonly body: unknown;
  /** What a change did, for the audit trail (counts and ids, never secrets). */
  readonly audit?: Readonly<Record<string, unknown>>;
}

export interface AdminRoute {
  readonly method: string;
  /** Path under the API root with `{name}` segments, e.g. `/v1/admin/partners/{partnerId}`. */
  readonly path: string;
  readonly run: (params: Readonly<Record<string, string>>, request: AdminRequest) => Promise<AdminResponse>;
}

const compile = (path: string): RegExp =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}/?$`);

/** Reads an HTTP API (payload 2.0) event into an `AdminRequest`. */
export const toAdminRequest = (
  event: APIGatewayProxyEventV2,
  remainingMs: () => number = () => Number.POSITIVE_INFINITY,
): AdminRequest => ({
  remainingMs,
  method: event.requestContext.http.method.toUpperCase(),
  path: event.rawPath,
  query: event.queryStringParameters ?? {},
  json: () => {
    if (event.body === undefined || event.body === '') return undefined;
    // The rules ingest applies: a bigger body could not be stored (a DynamoDB item holds 400 KB),
    // and a lone surrogate, valid in JSON, is refused by DynamoDB: both answered 500.
    const text = readBody(event).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ValidationError('the request body is not valid JSON', [
        { field: 'body', message: 'is not JSON' },
      ]);
    }
    return withWellFormedStrings(parsed);
  },
});

/** Decodes one path segment; a broken %-escape is the caller's mistake (400), not a server fault. */
const decodePathParameter = (name: string, value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ValidationError(`${name} in the path is not valid percent-encoding`, [
      { field: name, message: 'is not valid percent-encoding' },
    ]);
  }
};

/** A request's route and its raw path parameters. */
export interface AdminRouteMatch {
  readonly route: AdminRoute;
  /** As they appear in the path (still percent-encoded): what the audit trail records. */
  readonly rawParams: Readonly<Record<string, string>>;
}

/** The first route whose method and path match, or undefined. */
export const matchAdminRoute = (
  routes: readonly AdminRoute[],
  request: Pick<AdminRequest, 'method' | 'path'>,
): AdminRouteMatch | undefined => {
  for (const route of routes) {
    if (route.method !== request.method) continue;
    const match = compile(route.path).exec(request.path);
    if (match) return { route, rawParams: { ...match.groups } };
  }
  return undefined;
};

/** Runs a matched route with its decoded path parameters. */
export const runAdminRoute = (match: AdminRouteMatch, request: AdminRequest): Promise<AdminResponse> => {
  const params = Object.fromEntries(
    Object.entries(match.rawParams).map(([name, value]) => [name, decodePathParameter(name, value)]),
  );
  return match.route.run(params, request);
};

/**
 * Runs the first route whose method and path match, with its decoded path parameters.
 * @returns undefined when no route matches.
 */
export const routeAdminRequest = async (
  routes: readonly AdminRoute[],
  request: AdminRequest,
): Promise<AdminResponse | undefined> => {
  const match = matchAdminRoute(routes, request);
  return match ? runAdminRoute(match, request) : undefined;
};

/**
 * The error for a request no route matched: 405 (listing the allowed methods) for a known path
 * with another method, 404 for anything else. The handler answers it as every other problem.
 */
export const unmatchedAdminError = (
  routes: readonly Pick<AdminRoute, 'method' | 'path'>[],
  request: Pick<AdminRequest, 'method' | 'path'>,
): NotFoundError | MethodNotAllowedError => {
  const samePath = routes.filter((route) => compile(route.path).test(request.path));
  if (samePath.length > 0) {
    const allow = [...new Set(samePath.map((route) => route.method))];
    return new MethodNotAllowedError(
      `${request.path} does not accept ${request.method}; use ${allow.join(', ')}.`,
      allow,
    );
  }
  return new NotFoundError(`${request.path} is not an admin route.`);
};
