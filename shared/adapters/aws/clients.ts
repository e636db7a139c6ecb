import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * AWS clients, built once per process. The endpoint comes from the SDK's own configuration
 * (`AWS_ENDPOINT_URL` points them at moto_server locally), so no code here knows where it runs.
 */
export const dynamoDbClient = new DynamoDBClient({});
export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true },
});
export const sqsClient = new SQSClient({});
export const secretsManagerClient = new SecretsManagerClient({});
