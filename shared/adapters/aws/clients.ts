import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '../../observability.js';

/**
 * AWS clients, built once per process. The endpoint comes from the SDK's own configuration
 * (`AWS_ENDPOINT_URL` points them at moto_server locally), so no code here knows where it runs.
 * Each is wrapped for X-Ray as Powertools shows (a subsegment per call when tracing is on; the
 * client unchanged when it is off, as outside Lambda); the document client shares the wrapped
 * DynamoDB client's middleware.
 */
export const dynamoDbClient = tracer.captureAWSv3Client(new DynamoDBClient({}));
export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true },
});
export const sqsClient = tracer.captureAWSv3Client(new SQSClient({}));
export const secretsManagerClient = tracer.captureAWSv3Client(new SecretsManagerClient({}));
