/**
 * Turns one ConnectWise answer (or the lack of one) into the typed error the rest of the bridge
 * acts on. Status → class is decided here and nowhere else.
 */
import {
  ConnectWiseAmbiguousWriteError,
  ConnectWiseAuthError,
  type ConnectWiseFieldError,
  ConnectWiseNotFoundError,
  ConnectWiseRateLimitError,
  type ConnectWiseRequestInfo,
  ConnectWiseUnavailableError,
  ConnectWiseValidationError,
} from './errors.js';

interface ParsedErrorBody {
  code?: string;
  message?: string;
  fieldErrors: ConnectWiseFieldError[];
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Reads `{code, message, errors[]}`; anything else (an HTML error page) yields no details. */
export const parseErrorBody = (text: string): ParsedErrorBody => {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { fieldErrors: [] };
  }
  if (typeof body !== 'object' || body === null) return { fieldErrors: [] };
  const record = body as Record<string, unknown>;
  const errors = Array.isArray(record.errors) ? record.errors : [];
  const fieldErrors = errors.flatMap((item: unknown): ConnectWiseFieldError[] => {
    if (typeof item !== 'object' || item === null) return [];
    const entry = item as Record<string, unknown>;
    const code = asString(entry.code);
    return [
      {
        field: asString(entry.field) ?? asString(entry.resource) ?? '',
        message: asString(entry.message) ?? asString(entry.details) ?? '',
        ...(code === undefined ? {} : { code }),
      },
    ];
  });
  const code = asString(record.code);
  const message = asString(record.message);
  return {
    fieldErrors,
    ...(code === undefined ? {} : { code }),
    ...(message === undefined ? {} : { message }),
  };
};

/** `Retry-After` in seconds; the HTTP-date form is converted against `now`. */
export const parseRetryAfter = (header: string | null, now: number = Date.now()): number | undefined => {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
};

/**
 * A POST answered 500, 502 or 504 may have been saved: ConnectWise answers 500 when a workflow or
 * notification fails after the ticket is stored, and a gateway's 502/504 says nothing about the
 * backend. Only 503 (nothing served) is safe to re-send in process; the rest go back to the queue,
 * whose retry looks the record up by its fingerprint before creating it again.
 */
const mayHaveCommittedOn = (method: string, status: number): boolean => method === 'POST' && status !== 503;

/** The error for a non-2xx response whose body has been read as text. */
export const errorFromResponse = (
  request: Omit<ConnectWiseRequestInfo, 'httpStatus' | 'code'>,
  status: number,
  bodyText: string,
  retryAfterHeader: string | null,
): Error => {
  const parsed = parseErrorBody(bodyText);
  const info: ConnectWiseRequestInfo = {
    ...request,
    httpStatus: status,
    ...(parsed.code === undefined ? {} : { code: parsed.code }),
    ...(parsed.message === undefined ? {} : { serverMessage: parsed.message }),
  };
  const where = `ConnectWise ${request.method} ${request.path} answered ${status}`;
  const detail = parsed.message === undefined ? '' : `: ${parsed.message}`;
  if (status === 401 || status === 403) {
    return new ConnectWiseAuthError(
      `${where}${detail} (check the API keys, clientId and security role)`,
      info,
    );
  }
  if (status === 404) return new ConnectWiseNotFoundError(`${where}${detail}`, info);
  if (status === 429) {
    return new ConnectWiseRateLimitError(`${where}${detail}`, info, parseRetryAfter(retryAfterHeader));
  }
  if (status >= 500 && mayHaveCommittedOn(request.method, status)) {
    return new ConnectWiseAmbiguousWriteError(`${where}${detail}; the record may have been created`, info);
  }
  if (status >= 500 || status === 408) return new ConnectWiseUnavailableError(`${where}${detail}`, info);
  const fields = parsed.fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return new ConnectWiseValidationError(
    `${where}${detail}${fields === '' ? '' : ` (${fields})`}`,
    info,
    parsed.fieldErrors,
  );
};

// Failures before any byte left: nothing reached ConnectWise, so even a POST may be re-sent.
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

const causeCode = (error: unknown): string | undefined => {
  const cause = error instanceof Error ? error.cause : undefined;
  if (typeof cause === 'object' && cause !== null && 'code' in cause) return asString(cause.code);
  return undefined;
};

/** The error for a request that got no (complete) response: timeout, reset, refused. */
export const errorFromTransportFailure = (
  request: Omit<ConnectWiseRequestInfo, 'httpStatus' | 'code'>,
  failure: unknown,
  timedOut: boolean,
): ConnectWiseUnavailableError => {
  const code = causeCode(failure);
  const what = timedOut ? 'timed out' : `failed (${code ?? 'connection error'})`;
  const message = `ConnectWise ${request.method} ${request.path} ${what}`;
  const mayHaveCommitted = request.method === 'POST' && (code === undefined || !notSentCodes.has(code));
  return mayHaveCommitted
    ? new ConnectWiseAmbiguousWriteError(`${message}; the record may have been created`, request, {
        cause: failure,
      })
    : new ConnectWiseUnavailableError(message, request, { cause: failure });
};
