import { STATUS_CODES } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { BridgeError, RetryableError, ValidationError } from '../errors.js';
import { MethodNotAllowedError } from './http-errors.js';

export const problemContentType = 'application/problem+json';

/** One failing field of a 400. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** An RFC 9457 problem document, with `errors` as the extension listing failing fields. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly errors?: readonly FieldProblem[];
}

const internalDetail = 'The request could not be processed. Retry later; the error has been logged.';

/**
 * Maps any thrown value to a problem document. A `BridgeError` keeps its status and message
 * (messages never carry secrets by contract); anything else is a 500 whose detail says nothing
 * about internals. 5xx details are generic even for our own errors, since they may name resources.
 */
export const toProblem = (error: unknown, instance?: string): ProblemDetails => {
  const status = error instanceof BridgeError ? error.status : 500;
  const detail = error instanceof BridgeError && status < 500 ? error.message : internalDetail;
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    ...(instance && { instance }),
    ...(error instanceof ValidationError && error.fields.length > 0 && { errors: error.fields }),
  };
};

/**
 * The API Gateway (HTTP API, payload v2) response for `error`: `application/problem+json`, with
 * `Retry-After` when a retryable error knows how long to wait and `Allow` for a 405. Every
 * problem the HTTP API answers is built here.
 */
export const toProblemResponse = (error: unknown, instance?: string): APIGatewayProxyStructuredResultV2 => {
  const problem = toProblem(error, instance);
  const retryAfter = error instanceof RetryableError ? error.retryAfterSeconds : undefined;
  return {
    statusCode: problem.status,
    headers: {
      'Content-Type': problemContentType,
      ...(retryAfter !== undefined && { 'Retry-After': String(Math.ceil(retryAfter)) }),
      ...(error instanceof MethodNotAllowedError && { Allow: error.allow.join(', ') }),
    },
    body: JSON.stringify(problem),
  };
};

/** A JSON success response for API Gateway. */
export const toJsonResponse = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});
