import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { aLambdaContext, anHttpApiEvent } from './api-gateway-events.js';
import { usedSecret } from './test-secrets.js';

export type AdminHandler = (
  event: APIGatewayProxyEventV2,
  context: ReturnType<typeof aLambdaContext>,
) => Promise<unknown>;

export interface AdminCall {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly query?: Record<string, string>;
  /** The bearer token; `null` sends none. */
  readonly token: string | null;
}

/** Invokes the admin handler as API Gateway would, and reads the answer. */
export const callAdmin = async (handler: AdminHandler, { method, path, body, query, token }: AdminCall) => {
  const event = anHttpApiEvent({
    method,
    path,
    headers: {
      ...(token !== null && { Authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const withQuery: APIGatewayProxyEventV2 = query
    ? { ...event, rawQueryString: new URLSearchParams(query).toString(), queryStringParameters: query }
    : event;
  const response = (await handler(withQuery, aLambdaContext('admin'))) as APIGatewayProxyStructuredResultV2;
  return {
    status: response.statusCode,
    contentType: response.headers?.['Content-Type'],
    headers: response.headers ?? {},
    json: JSON.parse(response.body ?? 'null') as Record<string, unknown>,
  };
};

/**
 * Provisions a fresh set of resources in the run's moto, stores an admin token for them, and
 * loads the admin handler over that environment (once per test file: the handler reads it at load).
 */
export const loadAdminHandler = async (prefix: string) => {
  const { CreateSecretCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const { provisionResources } = await import('../../local/provision.js');
  const { secrets } = await import('../../shared/resources.js');
  const adminToken = usedSecret(`admin-${randomUUID()}`);
  const env = await provisionResources({ namePrefix: `${prefix}-` });
  const tokenSecretName = `${prefix}/admin-token`;
  const secretsManager = new SecretsManagerClient({});
  await secretsManager.send(new CreateSecretCommand({ Name: tokenSecretName, SecretString: adminToken }));
  secretsManager.destroy();
  Object.assign(process.env, env, { [secrets.adminToken.envVar]: tokenSecretName });
  const { handler } = (await import('../../functions/admin/handler.js')) as { handler: AdminHandler };
  return { env, adminToken, handler };
};
