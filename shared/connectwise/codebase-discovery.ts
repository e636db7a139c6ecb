/**
 * Finds a tenant's codebase (e.g. `v4_6_release/`) with the unauthenticated
 * `GET <site>/login/companyinfo/<companyId>`. Cached at module scope per site and company for an
 * hour, so a warm Lambda asks rarely yet follows a cloud tenant's codebase (`v2025_1/`) to the next
 * release instead of calling a retired one until the container ends; a failed lookup is not cached.
 */
import { DeliveryDeferredError, PartnerConfigurationError } from '../errors.js';
import { noRedirects, readBoundedText, refuseRedirect } from './bounded-response.js';
import { errorFromResponse, errorFromTransportFailure } from './error-mapping.js';

/** How long a discovered codebase is used before it is asked again. */
export const codebaseCacheMs = 3_600_000;

const cache = new Map<string, { readonly codebase: Promise<string>; readonly expiresAt: number }>();

// A codebase becomes part of every URL we send keys to, so it must be a plain path segment.
const codebasePattern = /^[A-Za-z0-9_.-]+\/$/;

export interface CodebaseLookup {
  readonly origin: string;
  readonly companyId: string;
  readonly fetch: typeof fetch;
  /** Runs one attempt under the client's retry policy. */
  readonly retry: (
    attempt: (timeoutMs: number) => Promise<string>,
    request: { method: string; path: string },
  ) => Promise<string>;
}

const companyInfoMaxBytes = 64 * 1024;

const fetchCodebase = async (
  { origin, companyId, fetch: fetchFn }: CodebaseLookup,
  path: string,
  timeoutMs: number,
): Promise<string> => {
  const request = { method: 'GET', path };
  let response: Response;
  let text: string;
  try {
    response = await fetchFn(`${origin}${path}`, {
      headers: { Accept: 'application/json' },
      ...noRedirects,
      signal: AbortSignal.timeout(timeoutMs),
    });
    refuseRedirect(response, `${origin}${path}`, request);
    // The answer is a few fields: anything near the cap is not a companyinfo answer.
    text = await readBoundedText(response, companyInfoMaxBytes, request);
  } catch (error) {
    if (error instanceof PartnerConfigurationError || error instanceof DeliveryDeferredError) throw error;
    throw errorFromTransportFailure(request, error, error instanceof Error && error.name === 'TimeoutError');
  }
  if (!response.ok)
    throw errorFromResponse(request, response.status, text, response.headers.get('retry-after'));
  let codebase: unknown;
  try {
    codebase = (JSON.parse(text) as { Codebase?: unknown } | null)?.Codebase;
  } catch {
    codebase = undefined;
  }
  if (typeof codebase !== 'string' || !codebasePattern.test(codebase)) {
    throw new PartnerConfigurationError(
      `ConnectWise site returned no usable codebase for company ${JSON.stringify(companyId)}`,
    );
  }
  return codebase;
};

/** The tenant's codebase, ending in `/`; asks the site at most once an hour per process. */
export const discoverCodebase = (lookup: CodebaseLookup): Promise<string> => {
  const key = `${lookup.origin}|${lookup.companyId.toLowerCase()}`;
  const now = Date.now();
  const cached = cache.get(key);
  if (cached !== undefined && cached.expiresAt > now) return cached.codebase;
  const path = `/login/companyinfo/${encodeURIComponent(lookup.companyId)}`;
  const pending = lookup.retry((timeoutMs) => fetchCodebase(lookup, path, timeoutMs), {
    method: 'GET',
    path,
  });
  const entry = { codebase: pending, expiresAt: now + codebaseCacheMs };
  cache.set(key, entry);
  pending.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return pending;
};

/** Forgets every discovered codebase (tests, or after a partner moves site). */
export const clearCodebaseCache = (): void => {
  cache.clear();
};
