import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DynamoDbStateCache,
  DynamoDbSyncMarkers,
} from '../../../shared/adapters/aws/dynamodb-state-cache.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const dynamo = mockClient(documentClient);
const key = { pk: 'PARTNER#demo', sk: 'CREATING#fp' };

afterEach(() => {
  dynamo.reset();
});

describe('sync markers in the state table', () => {
  it('read strongly consistently, so a retry on another instance sees the intent its first try wrote', async () => {
    dynamo.on(GetCommand).resolves({});

    await new DynamoDbSyncMarkers(documentClient, 'state').get(key);

    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: key,
      ConsistentRead: true,
    });
  });

  it('while a cache read may be eventually consistent, at half the read cost', async () => {
    dynamo.on(GetCommand).resolves({});

    await new DynamoDbStateCache(documentClient, 'state').get(key);

    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({ ConsistentRead: false });
  });
});
