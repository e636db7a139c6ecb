/**
 * Reads the RFC 8288 `Link` header ConnectWise pages with:
 * `<https://site/v4_6_release/apis/3.0/service/tickets?page=2&pageSize=1000>; rel="next", <...>; rel="last"`.
 */

/** The URL of the link with relation `rel`, or undefined. */
export const findLink = (header: string | null, rel: string): string | undefined => {
  if (header === null) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match === null) continue;
    const [, url, params = ''] = match;
    const rels = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(params)?.[1]?.toLowerCase().split(/\s+/) ?? [];
    if (url !== undefined && rels.includes(rel)) return url;
  }
  return undefined;
};
