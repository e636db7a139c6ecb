/**
 * The ConnectWise Manage REST adapter: auth headers, codebase discovery, timeouts, paging and
 * typed errors. Retries happen in retry-policy.ts and nowhere else.
 */

import { PartnerConfigurationError } from '../errors.js';
import type {
  ConnectWiseApi,
  ConnectWiseConnection,
  ListOptions,
  PatchOperation,
} from '../ports/connectwise.js';
import { defaultMaxResponseBytes } from './bounded-response.js';
import { discoverCodebase } from './codebase-discovery.js';
import { ConnectWiseResponseTooLargeError } from './errors.js';
import { basicAuthorization, connectWiseHeaders, type ExchangeResult, exchange } from './http-exchange.js';
import { findLink } from './link-header.js';
import { defaultRetryPolicyOptions, type RetryPolicyOptions, runWithRetry } from './retry-policy.js';
import { assertSafeSiteUrl, type HostLookup, resolvedAddressGuard } from './site-url-guard.js';

/** ConnectWise's hard maximum page size. */
export const maxPageSize = 1000;
/**
 * The most pages one list walk follows: 200 full pages is 200,000 records, more than any tenant
 * the bridge lists (companies, a company's additions). A site that keeps linking a next page is
 * broken or hostile; walking on would outrun the invocation and its memory.
 */
export const defaultMaxPages = 200;

export interface ConnectWiseClientOptions {
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Per-attempt timeout. @default 10000 */
  readonly timeoutMs?: number;
  /** Attempts per request, including the first. @default 5 */
  readonly maxAttempts?: number;
  /** Milliseconds the Lambda has left; no wait or attempt is started that would outlast it. */
  readonly remainingTimeMs?: () => number;
  /** Time kept free at the end of the invocation. @default 2000 */
  readonly safetyMarginMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Lift the siteUrl guard (local stack and tests with the simulator only). @default false */
  readonly allowPrivateSiteUrl?: boolean;
  /** Page with `pagination-type: forward-only` instead of navigable pages. @default false */
  readonly forwardOnlyPaging?: boolean;
  /** Pages one `list` follows at most. @default defaultMaxPages */
  readonly maxPages?: number;
  /** Larger answers are not read. @default 10 MB (`defaultMaxResponseBytes`) */
  readonly maxResponseBytes?: number;
  /** Resolves the site's host for the private-address check. @default the system resolver */
  readonly lookup?: HostLookup;
}

type Query = Record<string, string | number | boolean>;

const checkPath = (path: string): string => {
  if (!/^\/[A-Za-z0-9_/.-]*$/.test(path) || path.includes('..')) {
    throw new TypeError(`Invalid ConnectWise API path: ${JSON.stringify(path)}`);
  }
  return path;
};

export class ConnectWiseHttpClient implements ConnectWiseApi {
  readonly #connection: ConnectWiseConnection;
  readonly #origin: string;
  readonly #authorization: string;
  readonly #fetch: typeof fetch;
  readonly #policy: RetryPolicyOptions;
  readonly #forwardOnly: boolean;
  readonly #maxPages: number;
  readonly #maxResponseBytes: number;

  /** @throws PartnerConfigurationError when `connection.siteUrl` fails the siteUrl guard. */
  constructor(connection: ConnectWiseConnection, options: ConnectWiseClientOptions = {}) {
    this.#origin = assertSafeSiteUrl(connection.siteUrl, {
      allowPrivateSiteUrl: options.allowPrivateSiteUrl ?? false,
    });
    this.#connection = connection;
    this.#authorization = basicAuthorization(connection);
    const baseFetch = options.fetch ?? globalThis.fetch;
    // The name passed the guard; what it resolves to is checked at request time.
    this.#fetch =
      options.allowPrivateSiteUrl === true ? baseFetch : resolvedAddressGuard(baseFetch, options.lookup);
    this.#forwardOnly = options.forwardOnlyPaging ?? false;
    this.#maxPages = options.maxPages ?? defaultMaxPages;
    this.#maxResponseBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;
    const {
      fetch: _f,
      allowPrivateSiteUrl: _a,
      forwardOnlyPaging: _p,
      maxPages: _m,
      maxResponseBytes: _b,
      lookup: _l,
      ...policy
    } = options;
    const defined = Object.fromEntries(Object.entries(policy).filter(([, value]) => value !== undefined));
    this.#policy = { ...defaultRetryPolicyOptions, ...defined };
  }

  async get<T>(path: string, query: Query = {}): Promise<T> {
    const url = await this.#url(path, query);
    return (await this.#send('GET', url)).body as T;
  }

  async list<T>(path: string, options: ListOptions = {}): Promise<T[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const pageSize = Math.max(1, Math.min(maxPageSize, options.pageSize ?? maxPageSize, limit));
    const query: Query = { pageSize, ...(this.#forwardOnly ? {} : { page: 1 }) };
    for (const key of ['conditions', 'childConditions', 'orderBy', 'fields'] as const) {
      const value = options[key];
      if (value !== undefined && value !== '') query[key] = value;
    }
    const headers: Record<string, string> = this.#forwardOnly ? { 'pagination-type': 'forward-only' } : {};
    const records: T[] = [];
    let url: string | undefined = await this.#url(path, query);
    let pages = 0;
    while (url !== undefined && records.length < limit) {
      pages += 1;
      if (pages > this.#maxPages) {
        throw new ConnectWiseResponseTooLargeError(
          `ConnectWise ${path} kept linking a next page after ${this.#maxPages} pages: the list was not read`,
          { method: 'GET', path },
        );
      }
      const page = await this.#send('GET', url, undefined, headers);
      if (!Array.isArray(page.body))
        throw new PartnerConfigurationError(`ConnectWise ${path} did not return a list`);
      records.push(...(page.body as T[]));
      const next = page.body.length === 0 ? undefined : findLink(page.link, 'next');
      url = next === undefined || next === url ? undefined : await this.#checkNextUrl(next, path);
    }
    return records.slice(0, limit);
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return (await this.#send('POST', await this.#url(path), body)).body as T;
  }

  async patch<T>(path: string, operations: readonly PatchOperation[]): Promise<T> {
    const body = operations.map(({ op, path: field, value }) =>
      op === 'remove' ? { op, path: field } : { op, path: field, value },
    );
    return (await this.#send('PATCH', await this.#url(path), body)).body as T;
  }

  async put<T>(path: string, body: unknown): Promise<T> {
    return (await this.#send('PUT', await this.#url(path), body)).body as T;
  }

  async delete(path: string): Promise<void> {
    await this.#send('DELETE', await this.#url(path));
  }

  /** `<site>/<codebase>apis/3.0`, discovered once per process. */
  async #apiBase(): Promise<string> {
    const codebase = await discoverCodebase({
      origin: this.#origin,
      companyId: this.#connection.companyId,
      fetch: this.#fetch,
      retry: (attempt, request) => runWithRetry(attempt, this.#policy, request),
    });
    return `${this.#origin}/${codebase}apis/3.0`;
  }

  async #url(path: string, query: Query = {}): Promise<string> {
    const url = new URL(`${await this.#apiBase()}${checkPath(path)}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
    return url.toString();
  }

  // Our keys go wherever the next link points, so it must stay inside this tenant's API.
  async #checkNextUrl(next: string, path: string): Promise<string> {
    const base = await this.#apiBase();
    const resolved = new URL(next, `${base}/`).toString();
    if (!resolved.startsWith(`${base}/`)) {
      throw new PartnerConfigurationError(`ConnectWise ${path} returned a next-page link outside its API`);
    }
    return resolved;
  }

  async #send(
    method: string,
    url: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<ExchangeResult> {
    const path = new URL(url).pathname.replace(/^.*?\/apis\/3\.0/, '');
    const headers = {
      ...connectWiseHeaders(this.#authorization, this.#connection.clientId),
      ...extraHeaders,
    };
    return runWithRetry(
      (timeoutMs) =>
        exchange(this.#fetch, {
          method,
          url,
          path,
          body,
          headers,
          timeoutMs,
          maxResponseBytes: this.#maxResponseBytes,
        }),
      this.#policy,
      { method, path },
    );
  }
}
