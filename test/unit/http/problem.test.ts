import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { NotFoundError, RetryableError } from '../../../shared/errors.js';
import { PayloadTooLargeError, UnauthorizedError } from '../../../shared/http/http-errors.js';
import { toProblemResponse } from '../../../shared/http/problem.js';
import { problemErrorHandler } from '../../../shared/http/problem-middleware.js';
import { toValidationError } from '../../../shared/http/validation.js';
import { aLambdaContext, anHttpApiEvent } from '../../helpers/api-gateway-events.js';

const bodyOf = (response: APIGatewayProxyStructuredResultV2) => JSON.parse(response.body ?? '{}');

describe('toProblemResponse', () => {
  describe('given a validation error from zod', () => {
    it('answers 400 listing every failing field in errors and in the detail', () => {
      const schema = z.object({ customer: z.object({ id: z.string() }), type: z.enum(['a']) });
      const parsed = schema.safeParse({ customer: { id: 1 }, type: 'b' });
      if (parsed.success) throw new Error('expected a failure');

      const response = toProblemResponse(toValidationError(parsed.error, 'event'), '/v1/events');

      expect(response.statusCode).toBe(400);
      expect(response.headers?.['Content-Type']).toBe('application/problem+json');
      const problem = bodyOf(response);
      expect(problem).toMatchObject({
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        instance: '/v1/events',
      });
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(['customer.id', 'type']);
      expect(problem.detail).toMatch(/^invalid event: customer\.id: .+; type: .+/);
    });
  });

  describe('given a typed client error', () => {
    it.each([
      [new UnauthorizedError('signature rejected', 'badSignature'), 401, 'Unauthorized'],
      [new PayloadTooLargeError('too big'), 413, 'Payload Too Large'],
      [new NotFoundError('no such partner'), 404, 'Not Found'],
    ])('keeps the status and message of %s', (error, status, title) => {
      const problem = bodyOf(toProblemResponse(error));
      expect(problem).toEqual({ type: 'about:blank', title, status, detail: error.message });
    });

    it('never exposes the internal reason of an authentication failure', () => {
      expect(
        toProblemResponse(new UnauthorizedError('signature rejected', 'unknownPartner')).body,
      ).not.toContain('unknownPartner');
    });
  });

  describe('given an unexpected or server-side error', () => {
    it('answers 500 without the message, name or stack', () => {
      const response = toProblemResponse(new TypeError('secret table cwbridge-x at 10.0.0.1 exploded'));
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toMatch(/cwbridge-x|10\.0\.0\.1|TypeError|at /);
    });

    it('answers 503 with Retry-After for a retryable error and hides its message', () => {
      const response = toProblemResponse(
        new RetryableError('queue https://sqs/x down', { retryAfterSeconds: 4.2 }),
      );
      expect(response.statusCode).toBe(503);
      expect(response.headers?.['Retry-After']).toBe('5');
      expect(response.body).not.toContain('sqs');
    });
  });
});

describe('problemErrorHandler', () => {
  it('turns an error thrown by a middy handler into its problem response', async () => {
    const logged: unknown[] = [];
    const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
      .use(problemErrorHandler({ logger: { error: (...args: unknown[]) => logged.push(args) } }))
      .handler(async () => {
        throw new Error('boom');
      });

    const response = (await handler(anHttpApiEvent(), aLambdaContext())) as APIGatewayProxyStructuredResultV2;

    expect(response.statusCode).toBe(500);
    expect(bodyOf(response)).toMatchObject({ status: 500, instance: '/v1/events' });
    expect(logged).toHaveLength(1);
  });
});
