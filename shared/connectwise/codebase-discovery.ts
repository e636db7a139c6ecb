/**
 * Finds a tenant's codebase (e.g. `v4_6_release/`) with the unauthenticated
 * `GET <site>/login/companyinfo/<companyId>`. Cached at module scope per site and company, so a
 * warm Lambda asks once; a failed lookup is not cached.
 */
import { PartnerConfigurationError } from '../errors.js';
import { errorFromResponse, errorFromTransportFailure } from './error-mapping.js';

const cache = new Map<string, Promise<string>>();

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
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
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

/** The tenant's codebase, ending in `/`; asks the site once per process. */
export const discoverCodebase = (lookup: CodebaseLookup): Promise<string> => {
  const key = `${lookup.origin}|${lookup.companyId.toLowerCase()}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const path = `/login/companyinfo/${encodeURIComponent(lookup.companyId)}`;
  const pending = lookup.retry((timeoutMs) => fetchCodebase(lookup, path, timeoutMs), {
    method: 'GET',
    path,
  });
  cache.set(key, pending);
  pending.catch(() => cache.delete(key));
  return pending;
};

/** Forgets every discovered codebase (tests, or after a partner moves site). */
export const clearCodebaseCache = (): void => {
  cache.clear();
};
