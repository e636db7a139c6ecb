/** One field-level entry of a ConnectWise error body. */
export interface ApiFieldError {
  code: string;
  message: string;
  resource: string;
  field: string;
}

/** The ConnectWise error body: `{code, message, errors?}`. */
export interface ApiErrorBody {
  code: string;
  message: string;
  errors?: ApiFieldError[];
}

/**
 * Thrown anywhere in request handling; the server turns it into a ConnectWise-shaped error
 * response, so handlers never write error bodies themselves.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: ApiFieldError[],
  ) {
    super(message);
  }

  /** The JSON body ConnectWise would send for this error. */
  toBody(): ApiErrorBody {
    return this.errors === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, errors: this.errors };
  }
}

/** 400 `InvalidObject` naming the resource type, the code ConnectWise uses for body and filter errors. */
export const invalidObject = (resource: string, errors: ApiFieldError[]): ApiError =>
  new ApiError(400, 'InvalidObject', `${resource} object is invalid`, errors);

/** 404 the way ConnectWise words a missing record or route. */
export const notFound = (message: string): ApiError => new ApiError(404, 'NotFound', message);
