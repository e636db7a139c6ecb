import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { provisionResources } from '../../local/provision.js';
import { secrets } from '../../shared/resources.js';
import { aLambdaContext, anHttpApiEvent } from '../helpers/api-gateway-events.js';

// The admin function as deployed with `-c adminAuth=iam`: no admin token in its environment.
let handler: (event: APIGatewayProxyEventV2, context: ReturnType<typeof aLambdaContext>) => Promise<unknown>;

const operatorArn = 'arn:aws:sts::123456789012:assumed-role/operators/alice';

/** A request as API Gateway's IAM authorizer passes it on: with or without the verified identity. */
const call = async (path: string, iam?: { userArn: string; accountId: string }) => {
  const event = anHttpApiEvent({
    method: 'GET',
    path,
    headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=…' },
  });
  const withIdentity = iam
    ? { ...event, requestContext: { ...event.requestContext, authorizer: { iam } } }
    : event;
  const response = (await handler(
    withIdentity as APIGatewayProxyEventV2,
    aLambdaContext('admin'),
  )) as APIGatewayProxyStructuredResultV2;
  return {
    status: response.statusCode,
    headers: response.headers ?? {},
    body: JSON.parse(response.body ?? 'null'),
  };
};

beforeAll(async () => {
  const env = await provisionResources({ namePrefix: `admin-iam-${randomUUID().slice(0, 8)}-` });
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.stubEnv('ADMIN_AUTH', 'iam');
  vi.stubEnv(secrets.adminToken.envVar, undefined);
  ({ handler } = await import('../../functions/admin/handler.js'));
});

afterAll(() => {
  vi.unstubAllEnvs();
});

describe('admin handler deployed behind IAM authorization', () => {
  it('serves a request that carries the IAM identity API Gateway verified', async () => {
    const response = await call('/v1/admin/accounts/EFS1/events', {
      userArn: operatorArn,
      accountId: '123456789012',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ accountId: 'EFS1', entries: [] });
  });

  it('refuses a request without an IAM identity with 401, asking for SigV4', async () => {
    const response = await call('/v1/admin/accounts/EFS1/events');
    expect(response.status).toBe(401);
    expect(response.headers['WWW-Authenticate']).toBe('AWS4-HMAC-SHA256');
  });
});
