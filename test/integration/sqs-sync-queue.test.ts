import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionResources } from '../../local/provision.js';
import { SqsSyncQueue } from '../../shared/adapters/aws/sqs-sync-queue.js';
import { syncQueue } from '../../shared/resources.js';

const sqs = new SQSClient({});
let queueUrl: string;

beforeAll(async () => {
  const env = await provisionResources({
    namePrefix: `queue${randomUUID().slice(0, 8)}-`,
    syncDelaySeconds: 0,
  });
  queueUrl = env[syncQueue.envVar] ?? '';
});

afterAll(() => sqs.destroy());

describe('SqsSyncQueue', () => {
  it('sends the reference with the partner as message group (SQS fair queues) and both ids as attributes', async () => {
    const message = { partnerId: 'acme-msp', eventId: 'evt-1', delivery: { deferrals: 2 } };
    await new SqsSyncQueue(sqs, queueUrl).enqueue(message, { delaySeconds: 0, customerId: '19652' });

    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        WaitTimeSeconds: 2,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );

    expect(Messages).toHaveLength(1);
    expect(JSON.parse(Messages[0]?.Body ?? '')).toEqual(message);
    expect(Messages[0]?.Attributes?.MessageGroupId).toBe('acme-msp');
    expect(Messages[0]?.MessageAttributes).toMatchObject({
      partnerId: { StringValue: 'acme-msp' },
      customerId: { StringValue: '19652' },
    });
  });
});
