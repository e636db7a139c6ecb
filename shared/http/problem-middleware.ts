import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { BridgeError } from '../errors.js';
import { toProblemResponse } from './problem.js';

/** What the middleware needs from a logger (Powertools' Logger fits). */
export interface ProblemLogger {
  error(message: string, ...extra: unknown[]): void;
}

/**
 * middy error middleware that answers every error as `application/problem+json`. Register it
 * last: middy runs `onError` in reverse order, so it sets the response first and the Powertools
 * middlewares still flush metrics and clear log state afterwards. Unexpected errors (5xx) are
 * logged with their stack here, once; expected 4xx are the caller's business and logged upstream.
 */
export const problemErrorHandler = (
  options: { logger?: ProblemLogger } = {},
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> => ({
  onError: async (request) => {
    const { error } = request;
    const response = toProblemResponse(error, request.event?.rawPath);
    if (response.statusCode !== undefined && response.statusCode >= 500) {
      options.logger?.error('request failed', {
        error,
        errorName: error instanceof BridgeError ? error.name : (error as Error | null)?.name,
      });
    }
    request.response = response;
  },
});
