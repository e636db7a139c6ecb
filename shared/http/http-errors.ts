import { PermanentError } from '../errors.js';

/**
 * The caller is not authenticated. `reason` is for logs and metrics only: the response always
 * carries the same `message`, so a caller cannot learn which check failed.
 */
export class UnauthorizedError extends PermanentError {
  override readonly name: string = 'UnauthorizedError';
  override readonly status: number = 401;
  readonly reason: string;

  constructor(message: string, reason: string) {
    super(message);
    this.reason = reason;
  }
}

/** The path exists with other methods; `allow` lists them (the `Allow` header). */
export class MethodNotAllowedError extends PermanentError {
  override readonly name: string = 'MethodNotAllowedError';
  override readonly status: number = 405;
  readonly allow: readonly string[];

  constructor(message: string, allow: readonly string[]) {
    super(message);
    this.allow = allow;
  }
}

/** The request body is larger than the endpoint accepts. */
export class PayloadTooLargeError extends PermanentError {
  override readonly name: string = 'PayloadTooLargeError';
  override readonly status: number = 413;
}

/** The request body is not in a media type the endpoint accepts. */
export class UnsupportedMediaTypeError extends PermanentError {
  override readonly name: string = 'UnsupportedMediaTypeError';
  override readonly status: number = 415;
}
