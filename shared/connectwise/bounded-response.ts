/**
 * What every ConnectWise answer goes through before it is read: no redirect is followed (a 3xx is
 * a configuration error naming where it pointed) and no body larger than the cap is read into
 * memory, so a hostile or broken site can neither aim the bridge at an internal address nor
 * exhaust the sync function's memory.
 */
import { ConnectWiseRedirectError, ConnectWiseResponseTooLargeError } from './errors.js';

/** The largest ConnectWise answer read: far above a 1000-record page of any resource the bridge reads. */
export const defaultMaxResponseBytes = 10 * 1024 * 1024;

/** Options of every fetch to ConnectWise: redirects are answered, never followed. */
export const noRedirects = { redirect: 'manual' } as const satisfies RequestInit;

const hostOf = (location: string | null, base: string): string => {
  if (location === null) return '(no Location)';
  try {
    return new URL(location, base).host;
  } catch {
    return '(an unreadable Location)';
  }
};

/** Throws when `response` is a redirect; the URL it answered for resolves a relative Location. */
export const refuseRedirect = (
  response: Response,
  url: string,
  request: { method: string; path: string },
): void => {
  if (response.status < 300 || response.status > 399) return;
  const host = hostOf(response.headers.get('location'), url);
  throw new ConnectWiseRedirectError(
    `ConnectWise ${request.method} ${request.path} answered ${response.status}, a redirect to ${host}: the bridge does not follow redirects; set the partner's siteUrl to the site that answers the API itself`,
    { ...request, httpStatus: response.status },
  );
};

/** The body as text, or an error once it passes `maxBytes` (checked as it streams in). */
export const readBoundedText = async (
  response: Response,
  maxBytes: number,
  request: { method: string; path: string },
): Promise<string> => {
  const tooLarge = () =>
    new ConnectWiseResponseTooLargeError(
      `ConnectWise ${request.method} ${request.path} answered more than ${maxBytes} bytes: not read`,
      { ...request, httpStatus: response.status },
    );
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    size += part.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(part.value);
  }
  return Buffer.concat(chunks).toString('utf8');
};
