import { randomUUID } from 'node:crypto';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { aSampleEvent } from '../cli/sample-event.js';
import { provisionResources } from '../local/provision.js';
import { secrets, syncQueue, tables } from '../shared/resources.js';
import { signEvent } from '../shared/signing.js';
import { aLambdaContext, anHttpApiEvent } from '../test/helpers/api-gateway-events.js';
import { type Benchmark, printSummaries, reportFigure, timeInterleaved } from './harness.js';

const runs = Number(process.env.BENCH_RUNS ?? 300);
const warmup = 20;

/**
 * The ingest handler (middy + Powertools, signature check, DynamoDB store, SQS send) against two
 * bare handlers on the same clients: one that does the same two writes (the event's conditional
 * put, then the SQS send) and nothing else — the difference is the handler's own work (parsing,
 * validation, signature, middleware) — and one that only sends the SQS message.
 */
export const ingestBenchmark: Benchmark = {
  name: 'ingest',
  run: async () => {
    const env = await provisionResources({
      namePrefix: `bench${randomUUID().slice(0, 6)}-`,
      syncDelaySeconds: 60,
    });
    Object.assign(process.env, env, { SYNC_DELAY_SECONDS: '60' });
    const secret = `bench-${randomUUID()}`;
    const { documentClient, secretsManagerClient, sqsClient } = await import(
      '../shared/adapters/aws/clients.js'
    );
    await secretsManagerClient.send(
      new CreateSecretCommand({ Name: secrets.partnerWebhookSecretName('demo'), SecretString: secret }),
    );
    const { handler } = await import('../functions/ingest/handler.js');
    const queueUrl = env[syncQueue.envVar];

    const ingest = async () => {
      const body = JSON.stringify(aSampleEvent());
      const event = anHttpApiEvent({ body, headers: signEvent(secret, body).headers });
      const response = (await handler(event, aLambdaContext())) as APIGatewayProxyStructuredResultV2;
      if (response.statusCode !== 202)
        throw new Error(`ingest answered ${response.statusCode}: ${response.body}`);
    };
    const bareSend = async () => {
      const { eventId } = aSampleEvent();
      await sqsClient.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify({ partnerId: 'demo', eventId }),
          DelaySeconds: 60,
        }),
      );
      return { statusCode: 202 };
    };

    const bareTwoWrites = async () => {
      const body = JSON.stringify(aSampleEvent());
      const event = JSON.parse(body) as ReturnType<typeof aSampleEvent>;
      const receivedAt = new Date().toISOString();
      await documentClient.send(
        new PutCommand({
          TableName: env[tables.events.envVar],
          Item: {
            partnerId: event.partnerId,
            eventId: event.eventId,
            customerId: event.customer.id,
            accountId: event.account.id,
            event,
            rawBody: body,
            receivedAt,
            expiresAt: Math.floor(Date.parse(receivedAt) / 1000) + 30 * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(eventId)',
        }),
      );
      await sqsClient.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify({ partnerId: event.partnerId, eventId: event.eventId }),
          DelaySeconds: 60,
        }),
      );
      return { statusCode: 202 };
    };

    const summaries = await timeInterleaved(
      {
        'ingest handler': ingest,
        'bare two-write handler': bareTwoWrites,
        'bare SQS send handler': bareSend,
      },
      { runs, warmup },
    );
    printSummaries(`ingest vs bare SQS send (moto on localhost, ${runs} runs each, interleaved)`, summaries);
    const ingestMedian = summaries['ingest handler']?.medianMs ?? Number.NaN;
    const bareMedian = summaries['bare SQS send handler']?.medianMs ?? Number.NaN;
    const ingestP95 = summaries['ingest handler']?.p95Ms ?? Number.NaN;
    const bareP95 = summaries['bare SQS send handler']?.p95Ms ?? Number.NaN;
    console.log(
      `  ratio ingest/bare: median ${(ingestMedian / bareMedian).toFixed(2)}x, p95 ${(ingestP95 / bareP95).toFixed(2)}x`,
    );
    const twoWritesMedian = summaries['bare two-write handler']?.medianMs ?? Number.NaN;
    reportFigure(
      'ingest vs a bare handler doing the same two writes (median)',
      ingestMedian / twoWritesMedian,
      '×',
      '≤ 1.15×',
    );
    reportFigure('ingest vs a bare SQS send (median)', ingestMedian / bareMedian, '×', 'report');
  },
};
