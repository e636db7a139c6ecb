import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSMessageAttribute, SQSRecord, SQSRecordAttributes } from 'aws-lambda';

/** Where the records come from: the queue's ARN and region, as Lambda's event source mapping reports them. */
export interface SqsEventSource {
  readonly queueArn: string;
  readonly region: string;
}

const toBase64 = (value: Uint8Array | undefined): string | undefined =>
  value === undefined ? undefined : Buffer.from(value).toString('base64');

// Lambda delivers message attributes with camelCase keys and binary values base64-encoded.
const toLambdaAttribute = (value: MessageAttributeValue): SQSMessageAttribute => ({
  stringValue: value.StringValue,
  binaryValue: toBase64(value.BinaryValue),
  stringListValues: value.StringListValues ?? [],
  binaryListValues: (value.BinaryListValues ?? []).map((item) => toBase64(item) ?? ''),
  dataType: (value.DataType ?? 'String') as SQSMessageAttribute['dataType'],
});

const toRecordAttributes = (attributes: Message['Attributes']): SQSRecordAttributes => {
  const source = (attributes ?? {}) as Record<string, string | undefined>;
  const optional = (name: string) => (source[name] === undefined ? {} : { [name]: source[name] });
  return {
    ApproximateReceiveCount: source.ApproximateReceiveCount ?? '1',
    SentTimestamp: source.SentTimestamp ?? String(Date.now()),
    SenderId: source.SenderId ?? 'AIDAIENQZJOLO23YVJ4VO',
    ApproximateFirstReceiveTimestamp: source.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    ...optional('AWSTraceHeader'),
    ...optional('SequenceNumber'),
    ...optional('MessageGroupId'),
    ...optional('MessageDeduplicationId'),
    ...optional('DeadLetterQueueSourceArn'),
  };
};

/**
 * Converts one message from `ReceiveMessage` (asked with `AttributeNames: ['All']` and
 * `MessageAttributeNames: ['All']`) into the record shape Lambda's SQS event source delivers.
 */
export const toSqsRecord = (message: Message, source: SqsEventSource): SQSRecord => ({
  messageId: message.MessageId ?? '',
  receiptHandle: message.ReceiptHandle ?? '',
  body: message.Body ?? '',
  attributes: toRecordAttributes(message.Attributes),
  messageAttributes: Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, toLambdaAttribute(value)]),
  ),
  md5OfBody: message.MD5OfBody ?? '',
  ...(message.MD5OfMessageAttributes === undefined
    ? {}
    : { md5OfMessageAttributes: message.MD5OfMessageAttributes }),
  eventSource: 'aws:sqs',
  eventSourceARN: source.queueArn,
  awsRegion: source.region,
});
