/**
 * Typed errors of the ConnectWise adapter. Each extends the shared hierarchy, so `retryable`
 * alone tells the queue what to do. Messages carry ConnectWise's own text and the request's
 * method and path (never its query, headers or keys).
 */
import { NotFoundError, PartnerConfigurationError, RetryableError, ValidationError } from '../errors.js';

/** Where a failed call went: enough to find it in ConnectWise's logs, nothing secret. */
export interface ConnectWiseRequestInfo {
  readonly method: string;
  /** Path after `apis/3.0`, without the query string. */
  readonly path: string;
  /** HTTP status ConnectWise answered with; undefined when no response arrived. */
  readonly httpStatus?: number;
  /** ConnectWise's error `code`, e.g. `InvalidObject`. */
  readonly code?: string;
  /** ConnectWise's error `message`, as it sent it (it alone tells a refused clientId from refused keys). */
  readonly serverMessage?: string;
}

/** One field error from ConnectWise's `errors[]`. */
export interface ConnectWiseFieldError {
  readonly field: string;
  readonly message: string;
  readonly code?: string;
}

/** 400/409 (and other 4xx): ConnectWise rejected the request; sending it again cannot help. */
export class ConnectWiseValidationError extends ValidationError {
  override readonly name = 'ConnectWiseValidationError';
  readonly request: ConnectWiseRequestInfo;
  readonly fieldErrors: readonly ConnectWiseFieldError[];

  constructor(
    message: string,
    request: ConnectWiseRequestInfo,
    fieldErrors: readonly ConnectWiseFieldError[],
  ) {
    super(message, fieldErrors);
    this.request = request;
    this.fieldErrors = fieldErrors;
  }
}

/** A ConnectWise answer only the partner's setup can fix: permanent, with the request it came from. */
export abstract class ConnectWiseSetupError extends PartnerConfigurationError {
  readonly request: ConnectWiseRequestInfo;

  constructor(message: string, request: ConnectWiseRequestInfo) {
    super(message);
    this.request = request;
  }
}

/** 401/403: wrong keys, wrong clientId or a missing security role — the partner must fix it. */
export class ConnectWiseAuthError extends ConnectWiseSetupError {
  override readonly name = 'ConnectWiseAuthError';
}

/** 404: the record (or, on some cloud hosts, the whole tenant) does not exist. */
export class ConnectWiseNotFoundError extends NotFoundError {
  override readonly name = 'ConnectWiseNotFoundError';
  readonly request: ConnectWiseRequestInfo;

  constructor(message: string, request: ConnectWiseRequestInfo) {
    super(message);
    this.request = request;
  }
}

/** 5xx, timeouts and dropped connections: ConnectWise may answer later. */
export class ConnectWiseUnavailableError extends RetryableError {
  override readonly name: string = 'ConnectWiseUnavailableError';
  override readonly deferrable = true;
  readonly request: ConnectWiseRequestInfo;

  constructor(
    message: string,
    request: ConnectWiseRequestInfo,
    options: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, options);
    this.request = request;
  }
}

/**
 * A POST whose connection dropped or timed out after it was sent: ConnectWise may have created
 * the record. Never re-sent in process; the caller must look the record up (by its fingerprint,
 * e.g. `externalXRef`) before creating it again. Still `retryable` for the queue.
 */
export class ConnectWiseAmbiguousWriteError extends ConnectWiseUnavailableError {
  override readonly name = 'ConnectWiseAmbiguousWriteError';
}

/** 429: ConnectWise is throttling us; `retryAfterSeconds` comes from its `Retry-After`. */
export class ConnectWiseRateLimitError extends RetryableError {
  override readonly name = 'ConnectWiseRateLimitError';
  override readonly deferrable = true;
  readonly request: ConnectWiseRequestInfo;

  constructor(message: string, request: ConnectWiseRequestInfo, retryAfterSeconds: number | undefined) {
    super(message, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
    this.request = request;
  }
}

/** Every retryable error the adapter throws. */
export type ConnectWiseRetryableError = ConnectWiseUnavailableError | ConnectWiseRateLimitError;

/**
 * ConnectWise answered 3xx. The bridge never follows a redirect: the keys and the record would go
 * wherever `Location` points (an internal address included), so it is the site's configuration to fix.
 */
export class ConnectWiseRedirectError extends ConnectWiseSetupError {
  override readonly name = 'ConnectWiseRedirectError';
}

/** A response past the size cap, or a list past the page cap: a broken or hostile site, not an outage. */
export class ConnectWiseResponseTooLargeError extends ConnectWiseSetupError {
  override readonly name = 'ConnectWiseResponseTooLargeError';
}
