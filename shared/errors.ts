/**
 * The error hierarchy every layer throws. A `BridgeError` says whether retrying can help:
 * the queue decides retry vs. event log from `retryable`, the HTTP edge maps `status` to a
 * problem response. Messages never carry secrets.
 */
export abstract class BridgeError extends Error {
  abstract readonly retryable: boolean;
  /** HTTP status the edge answers with when this error reaches it. */
  readonly status: number = 500;
}

/** Retrying later may succeed: throttling, outages, timeouts. */
export class RetryableError extends BridgeError {
  override readonly name: string = 'RetryableError';
  readonly retryable = true;
  override readonly status: number = 503;
  /** Seconds the caller should wait before the next try, when the far side said so. */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: { retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Retrying cannot help: bad input, bad configuration, rejected by ConnectWise. */
export class PermanentError extends BridgeError {
  override readonly name: string = 'PermanentError';
  readonly retryable = false;
  override readonly status: number = 400;
}

/** Input that fails validation; `fields` names each failing field. */
export class ValidationError extends PermanentError {
  override readonly name: string = 'ValidationError';
  override readonly status = 400;
  readonly fields: readonly { field: string; message: string }[];

  constructor(message: string, fields: readonly { field: string; message: string }[] = []) {
    super(message);
    this.fields = fields;
  }
}

/** A partner's setup is wrong (missing board status, unmapped customer, bad keys). */
export class PartnerConfigurationError extends PermanentError {
  override readonly name: string = 'PartnerConfigurationError';
  override readonly status = 422;
}

/** A record that should exist does not. */
export class NotFoundError extends PermanentError {
  override readonly name: string = 'NotFoundError';
  override readonly status = 404;
}
