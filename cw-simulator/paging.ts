import { ApiError } from './api-error.js';
import type { JsonRecord } from './store.js';

/** ConnectWise's documented page sizes. */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 1000;

/** Which page a list request asks for. */
export interface PageRequest {
  page: number;
  pageSize: number;
  /** Forward-only mode: records with `id > pageId`. */
  pageId: number;
  forwardOnly: boolean;
}

const positiveInteger = (
  params: URLSearchParams,
  name: string,
  fallback: number,
  minimum: number,
): number => {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) {
    throw new ApiError(400, 'InvalidObject', `${name} must be an integer of at least ${minimum}.`);
  }
  return value;
};

/** Reads page, pageSize (clamped to 1000 like ConnectWise), pageId and the `pagination-type` header. */
export const readPageRequest = (
  params: URLSearchParams,
  paginationType: string | undefined,
): PageRequest => ({
  page: positiveInteger(params, 'page', 1, 1),
  pageSize: Math.min(positiveInteger(params, 'pageSize', DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE),
  pageId: positiveInteger(params, 'pageId', 0, 0),
  forwardOnly: paginationType?.toLowerCase() === 'forward-only',
});

const linkTo = (url: URL, changes: Record<string, string | undefined>): string => {
  const target = new URL(url);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) target.searchParams.delete(name);
    else target.searchParams.set(name, value);
  }
  return `<${target.toString()}>`;
};

const navigablePage = (records: JsonRecord[], request: PageRequest, url: URL) => {
  const lastPage = Math.max(1, Math.ceil(records.length / request.pageSize));
  const start = (request.page - 1) * request.pageSize;
  const size = String(request.pageSize);
  const at = (page: number) => linkTo(url, { page: String(page), pageSize: size });
  const links: string[] = [];
  if (request.page > 1)
    links.push(`${at(1)}; rel="first"`, `${at(Math.min(request.page - 1, lastPage))}; rel="prev"`);
  if (request.page < lastPage)
    links.push(`${at(request.page + 1)}; rel="next"`, `${at(lastPage)}; rel="last"`);
  return { items: records.slice(start, start + request.pageSize), links };
};

const forwardOnlyPage = (records: JsonRecord[], request: PageRequest, url: URL) => {
  const remaining = [...records].sort((a, b) => a.id - b.id).filter((record) => record.id > request.pageId);
  const items = remaining.slice(0, request.pageSize);
  const last = items.at(-1);
  const links =
    remaining.length > items.length && last !== undefined
      ? [
          `${linkTo(url, { pageId: String(last.id), pageSize: String(request.pageSize), page: undefined })}; rel="next"`,
        ]
      : [];
  return { items, links };
};

/**
 * One page of records and its RFC 5988 `Link` header value (undefined when there is nothing to
 * link): navigable mode links first/prev/next/last by page number; forward-only mode orders by
 * id and links only `next`, with `pageId` set to the last id returned.
 */
export const pageRecords = (
  records: JsonRecord[],
  request: PageRequest,
  url: URL,
): { items: JsonRecord[]; link: string | undefined } => {
  const { items, links } = request.forwardOnly
    ? forwardOnlyPage(records, request, url)
    : navigablePage(records, request, url);
  return { items, link: links.length > 0 ? links.join(', ') : undefined };
};
