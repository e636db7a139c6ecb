import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { provisionResources } from '../../local/provision.js';
import { tables } from '../../shared/resources.js';

describe('provisionResources', () => {
  describe('given an empty moto', () => {
    it('creates every table of the spec with its keys and TTL, and the queue with its redrive policy', async () => {
      const env = await provisionResources({
        namePrefix: `t${randomUUID().slice(0, 8)}-`,
        maxReceiveCount: 3,
      });
      const dynamo = new DynamoDBClient({});
      const events = await dynamo.send(new DescribeTableCommand({ TableName: env[tables.events.envVar] }));
      expect(events.Table?.KeySchema).toEqual([
        { AttributeName: 'partnerId', KeyType: 'HASH' },
        { AttributeName: 'eventId', KeyType: 'RANGE' },
      ]);
      expect(events.Table?.GlobalSecondaryIndexes?.[0]?.IndexName).toBe('byEventId');
      const ttl = await dynamo.send(
        new DescribeTimeToLiveCommand({ TableName: env[tables.eventLog.envVar] }),
      );
      expect(ttl.TimeToLiveDescription?.AttributeName).toBe('expiresAt');

      const sqs = new SQSClient({});
      const attributes = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: env.SYNC_QUEUE_URL, AttributeNames: ['All'] }),
      );
      const redrive = JSON.parse(attributes.Attributes?.RedrivePolicy ?? '{}');
      expect(redrive.maxReceiveCount).toBe(3);
      expect(redrive.deadLetterTargetArn).toContain('cwbridge-sync-dlq');
      expect(attributes.Attributes?.DelaySeconds).toBe('60');
    });

    it('is safe to run twice with the same names', async () => {
      const namePrefix = `t${randomUUID().slice(0, 8)}-`;
      const first = await provisionResources({ namePrefix });
      await expect(provisionResources({ namePrefix })).resolves.toEqual(first);
    });
  });
});
