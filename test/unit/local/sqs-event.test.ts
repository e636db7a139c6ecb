import type { Message } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { toSqsRecord } from '../../../local/sqs-event.js';

const source = { queueArn: 'arn:aws:sqs:us-east-1:123456789012:cwbridge-sync', region: 'us-east-1' };

describe('toSqsRecord', () => {
  describe('given a message received with all attributes', () => {
    const message: Message = {
      MessageId: 'm-1',
      ReceiptHandle: 'rh-1',
      Body: '{"partnerId":"demo","eventId":"e1"}',
      MD5OfBody: 'abc',
      Attributes: {
        ApproximateReceiveCount: '2',
        SentTimestamp: '1700000000000',
        ApproximateFirstReceiveTimestamp: '1700000001000',
        SenderId: 'AIDA',
      },
      MessageAttributes: {
        partnerId: { DataType: 'String', StringValue: 'demo' },
        blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
      },
    };

    it('has the shape Lambda delivers, so the sync handler sees what it will see in AWS', () => {
      const record: SQSRecord = toSqsRecord(message, source);
      expect(record).toMatchObject({
        messageId: 'm-1',
        receiptHandle: 'rh-1',
        body: message.Body,
        md5OfBody: 'abc',
        eventSource: 'aws:sqs',
        eventSourceARN: source.queueArn,
        awsRegion: 'us-east-1',
      });
      expect(record.attributes).toEqual({
        ApproximateReceiveCount: '2',
        SentTimestamp: '1700000000000',
        ApproximateFirstReceiveTimestamp: '1700000001000',
        SenderId: 'AIDA',
      });
    });

    it('gives message attributes in Lambda camelCase with base64 binary values', () => {
      const record = toSqsRecord(message, source);
      expect(record.messageAttributes.partnerId).toEqual({
        stringValue: 'demo',
        binaryValue: undefined,
        stringListValues: [],
        binaryListValues: [],
        dataType: 'String',
      });
      expect(record.messageAttributes.blob?.binaryValue).toBe('AQID');
      expect(record.messageAttributes.blob?.dataType).toBe('Binary');
    });
  });
});
