import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { commonEnv, metricsNamespace, serviceName } from '../shared/resources.js';

export const localRegion = 'us-east-1';

/**
 * The variables a Lambda runtime would give the functions, pointed at moto. Handlers read them at
 * module load, so they are set before any handler is imported. Metrics and tracing default off:
 * there is no CloudWatch agent or X-Ray daemon to receive them locally.
 */
export const awsRuntimeEnv = (motoEndpoint: string): Record<string, string> => ({
  AWS_ENDPOINT_URL: motoEndpoint,
  AWS_REGION: localRegion,
  AWS_DEFAULT_REGION: localRegion,
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  [commonEnv.serviceName]: serviceName,
  [commonEnv.metricsNamespace]: metricsNamespace,
  POWERTOOLS_DEV: process.env.POWERTOOLS_DEV ?? 'true',
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
  POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  POWERTOOLS_TRACE_ENABLED: process.env.POWERTOOLS_TRACE_ENABLED ?? 'false',
});

/** SDK clients the local runtime itself uses, bound to moto explicitly rather than through the environment. */
export const createLocalClients = (motoEndpoint: string) => {
  const config = {
    endpoint: motoEndpoint,
    region: localRegion,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const dynamoDb = new DynamoDBClient(config);
  const clients = {
    sqs: new SQSClient(config),
    secretsManager: new SecretsManagerClient(config),
    documentClient: DynamoDBDocumentClient.from(dynamoDb, {
      marshallOptions: { removeUndefinedValues: true },
    }),
    destroy: () => {
      clients.sqs.destroy();
      clients.secretsManager.destroy();
      dynamoDb.destroy();
    },
  };
  return clients;
};

export type LocalClients = ReturnType<typeof createLocalClients>;
