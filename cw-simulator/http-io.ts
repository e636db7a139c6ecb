import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, type ApiErrorBody } from './api-error.js';

/** The version header every ConnectWise 2025.1 response carries. */
export const API_VERSION_HEADERS = { 'api-current-version': '2025.1' } as const;

/** Reads the whole request body as text. */
export const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** Parses a JSON body; an empty body is undefined; malformed JSON is a ConnectWise 400. */
export const parseJsonBody = (text: string): unknown => {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'InvalidObject', 'The request body is not valid JSON.');
  }
};

/** Writes a JSON (or empty) response with the ConnectWise version header. */
export const sendJson = (
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void => {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    ...API_VERSION_HEADERS,
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
};

const codesByStatus: Record<number, string> = {
  400: 'InvalidObject',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'UnexpectedError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
};

/** The ConnectWise-shaped body for an injected or unexpected error status. */
export const errorBodyFor = (status: number): ApiErrorBody => ({
  code: codesByStatus[status] ?? 'Error',
  message:
    status === 429
      ? 'Too many requests. Wait for the time in Retry-After and try again.'
      : `The server answered ${status} (injected by the simulator).`,
});
