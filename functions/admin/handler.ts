import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { documentClient, secretsManagerClient, sqsClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbAdminAudit } from '../../shared/adapters/aws/dynamodb-admin-audit.js';
import { DynamoDbBillingReports } from '../../shared/adapters/aws/dynamodb-billing-reports.js';
import { DynamoDbEventLog } from '../../shared/adapters/aws/dynamodb-event-log.js';
import { DynamoDbEventStore } from '../../shared/adapters/aws/dynamodb-event-store.js';
import { DynamoDbLock } from '../../shared/adapters/aws/dynamodb-lock.js';
import { DynamoDbPartnerRepository } from '../../shared/adapters/aws/dynamodb-partner-repository.js';
import { DynamoDbUnmappedCustomers } from '../../shared/adapters/aws/dynamodb-unmapped-customers.js';
import { SqsBillingUnitQueue } from '../../shared/adapters/aws/sqs-billing-units.js';
import { SqsDeadLetterQueue } from '../../shared/adapters/aws/sqs-dead-letter-queue.js';
import { SqsSyncQueue } from '../../shared/adapters/aws/sqs-sync-queue.js';
import {
  allowPrivateSiteUrlEnvVar,
  connectWiseAccessEnvSchema,
} from '../../shared/adapters/connectwise/connectwise-access.js';
import { createReconcileDeps } from '../../shared/adapters/reconcile-deps.js';
import { runAudited } from '../../shared/admin/admin-audit-trail.js';
import {
  adminAuthEnvVar,
  adminAuthModes,
  authenticateAdminRequest,
  type IamCaller,
} from '../../shared/admin/admin-auth.js';
import { matchAdminRoute, toAdminRequest, unmatchedAdminError } from '../../shared/admin/admin-router.js';
import { adminRoutes } from '../../shared/admin/admin-routes.js';
import { SecretsManagerPartnerSecrets } from '../../shared/admin/secrets-manager-partner-secrets.js';
import { defaultPlanPageSize } from '../../shared/billing/billing-sweep.js';
import {
  ConfigurationError,
  integerWithDefault,
  loadConfig,
  requiredString,
} from '../../shared/config/env.js';
import { UnauthorizedError } from '../../shared/http/http-errors.js';
import { toJsonResponse, toProblemResponse } from '../../shared/http/problem.js';
import { problemErrorHandler } from '../../shared/http/problem-middleware.js';
import { logger, tracer } from '../../shared/observability.js';
import { billingQueue, secrets, syncQueue, tables } from '../../shared/resources.js';

const config = loadConfig(
  connectWiseAccessEnvSchema.extend({
    [adminAuthEnvVar]: z.enum(adminAuthModes).default('token'),
    // Only the token mode reads the admin token; under IAM authorization the function has no grant to it.
    [secrets.adminToken.envVar]: z.string().optional(),
    [tables.partners.envVar]: requiredString,
    [tables.eventLog.envVar]: requiredString,
    // The billing preview's usage state, caches and ConnectWise pace.
    [tables.state.envVar]: requiredString,
    // POST …/billing/sweep sends the run's first page of customers to the billing queue.
    [billingQueue.envVar]: requiredString,
    [billingQueue.planPageSizeEnvVar]: integerWithDefault(defaultPlanPageSize, 1, 1000),
    // GET /dlq and POST /dlq/redrive: the sync queue's dead letters, the stored events they
    // reference, and the sync queue they go back to.
    [syncQueue.envVar]: requiredString,
    [syncQueue.deadLetter.envVar]: requiredString,
    [tables.events.envVar]: requiredString,
  }),
);

const authMode = config[adminAuthEnvVar];
const adminTokenSecretName = config[secrets.adminToken.envVar];
if (authMode === 'token' && !adminTokenSecretName) {
  throw new ConfigurationError(
    `invalid environment: ${secrets.adminToken.envVar}: is required when ${adminAuthEnvVar} is token`,
  );
}

const tokenProvider = new SecretsProvider({ awsSdkV3Client: secretsManagerClient });
// Cached for five minutes: a rotated admin token is accepted everywhere within that time.
const loadAdminToken = async (): Promise<string> => {
  const token = await tokenProvider.get(adminTokenSecretName ?? '', { maxAge: 300 });
  return typeof token === 'string' ? token : '';
};

/** The IAM identity of a request API Gateway authorized with SigV4, if any. */
const iamCallerOf = (event: APIGatewayProxyEventV2): IamCaller | undefined =>
  (event.requestContext as { authorizer?: { iam?: IamCaller } }).authorizer?.iam;

// The request being served: the preview's ConnectWise client never waits past its end.
const invocation = new AsyncLocalStorage<Context>();
const remainingMs = (): number => invocation.getStore()?.getRemainingTimeInMillis() ?? 30_000;

const partners = new DynamoDbPartnerRepository(documentClient, config[tables.partners.envVar]);
const stateTable = config[tables.state.envVar];
const reconcileDeps = createReconcileDeps({ env: config, stateTableName: stateTable, remainingMs });
const eventLog = new DynamoDbEventLog(documentClient, config[tables.eventLog.envVar]);
const events = new DynamoDbEventStore(documentClient, config[tables.events.envVar]);
// A redrive and a reprocess send records back to the sync queue.
const requeue = new SqsSyncQueue(sqsClient, config[syncQueue.envVar]);
const audit = new DynamoDbAdminAudit(documentClient, stateTable);
const routes = adminRoutes({
  partnerAdmin: {
    partners,
    secrets: new SecretsManagerPartnerSecrets(secretsManagerClient),
    allowPrivateSiteUrl: config[allowPrivateSiteUrlEnvVar] === 'true',
  },
  eventLog,
  billing: {
    partners,
    ...reconcileDeps,
  },
  sweep: {
    partners,
    usage: reconcileDeps.usage,
    reports: new DynamoDbBillingReports(documentClient, stateTable),
    queue: new SqsBillingUnitQueue(sqsClient, config[billingQueue.envVar]),
    planPageSize: config[billingQueue.planPageSizeEnvVar],
    now: () => new Date(),
    newRunId: () => randomUUID(),
    // Only a partner without customers finishes here; the billing-sweep function finishes the rest.
    onRunFinished: (run) =>
      logger.info('billing sweep run finished', { partnerId: run.partnerId, runId: run.runId }),
  },
  deadLetters: {
    deadLetters: new SqsDeadLetterQueue(sqsClient, config[syncQueue.deadLetter.envVar]),
    events,
    syncQueue: requeue,
    locks: new DynamoDbLock(documentClient, stateTable),
    newId: () => randomUUID(),
  },
  reprocess: { events, syncQueue: requeue, eventLog, now: () => new Date() },
  doctor: {
    partners,
    connectWise: reconcileDeps.connectWise,
    usage: reconcileDeps.usage,
    unmapped: new DynamoDbUnmappedCustomers(documentClient, stateTable),
    cache: reconcileDeps.cache,
    markers: reconcileDeps.markers,
    now: () => new Date(),
  },
  audit,
});

/** `/v1/admin/*`: authenticates the caller (bearer token or IAM, per deployment), then runs the matching route, or answers 501/405/404. */
export const adminHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyResultV2> => invocation.run(context, () => serve(event));

/** Where the API describes itself: public, like any published API description (no secrets in it). */
export const openApiPath = '/v1/openapi.json';

const serve = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  if (event.rawPath === openApiPath && event.requestContext.http.method.toUpperCase() === 'GET') {
    // Loaded on the first request for it: zod-openapi stays out of every other cold start.
    const { openApiDocument } = await import('../../shared/http/openapi-document.js');
    const json = toJsonResponse(200, openApiDocument());
    return { ...json, headers: { ...json.headers, 'Cache-Control': 'public, max-age=300' } };
  }
  let caller: string;
  try {
    caller = await authenticateAdminRequest(
      authMode,
      { authorization: event.headers.authorization, iam: iamCallerOf(event) },
      loadAdminToken,
    );
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
    logger.warn('admin request rejected', { reason: error.reason, path: event.rawPath });
    const problem = toProblemResponse(error, event.rawPath);
    const challenge = authMode === 'token' ? 'Bearer' : 'AWS4-HMAC-SHA256';
    return { ...problem, headers: { ...problem.headers, 'WWW-Authenticate': challenge } };
  }
  const request = toAdminRequest(event, remainingMs);
  const match = matchAdminRoute(routes, request);
  if (!match) throw unmatchedAdminError(routes, request);
  const response = await runAudited({ audit, now: () => new Date() }, match, request, {
    caller,
    sourceIp: event.requestContext.http.sourceIp,
    userAgent: event.requestContext.http.userAgent,
  });
  logger.info('admin request served', {
    method: request.method,
    path: request.path,
    status: response.status,
    caller,
  });
  const json = toJsonResponse(response.status, response.body);
  // Admin answers are operators' data (and once, a generated webhook secret): never cached.
  return { ...json, headers: { ...json.headers, 'Cache-Control': 'no-store' } };
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(problemErrorHandler({ logger }))
  .handler(adminHandler);
