import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  billingQueue,
  functionTimeoutSeconds,
  secrets,
  syncQueue,
  type TableSpec,
  tables,
} from '../../shared/resources.js';
import { type SynthesizedBridge, synthesizeBridge } from './bridge-app-fixture.js';

const tableSpecs = Object.values(tables) as TableSpec[];
const fourteenDays = 14 * 24 * 3600;

describe('CwBridgeStateful', () => {
  let bridge: SynthesizedBridge;
  beforeAll(() => {
    bridge = synthesizeBridge({}, { bundle: false });
  });

  describe('tables', () => {
    it('creates one table per entry of the resource spec', () => {
      bridge.statefulTemplate.resourceCountIs('AWS::DynamoDB::Table', tableSpecs.length);
    });

    it.each(tableSpecs)('$id has the keys and indexes of the spec', (spec) => {
      const keySchema = [
        { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
        ...(spec.sortKey ? [{ AttributeName: spec.sortKey.name, KeyType: 'RANGE' }] : []),
      ];
      bridge.statefulTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: keySchema,
        ...(spec.indexes.length > 0 && {
          GlobalSecondaryIndexes: spec.indexes.map((index) =>
            Match.objectLike({
              IndexName: index.indexName,
              KeySchema: [
                { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
                ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' }] : []),
              ],
              Projection: { ProjectionType: 'ALL' },
            }),
          ),
        }),
      });
    });

    it.each(tableSpecs)('$id expires items through its TTL attribute', (spec) => {
      bridge.statefulTemplate.hasResourceProperties(
        'AWS::DynamoDB::Table',
        Match.objectLike({
          KeySchema: Match.arrayWith([{ AttributeName: spec.partitionKey.name, KeyType: 'HASH' }]),
          TimeToLiveSpecification: { AttributeName: spec.timeToLiveAttribute, Enabled: true },
        }),
      );
    });

    it('every table has point-in-time recovery, on-demand billing and encryption at rest', () => {
      const all = bridge.statefulTemplate.findResources('AWS::DynamoDB::Table');
      for (const table of Object.values(all)) {
        expect(table.Properties).toMatchObject({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          BillingMode: 'PAY_PER_REQUEST',
          SSESpecification: { SSEEnabled: true },
        });
      }
    });

    it('every table survives stack deletion', () => {
      const all = bridge.statefulTemplate.findResources('AWS::DynamoDB::Table');
      for (const table of Object.values(all)) {
        expect(table).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
    });
  });

  describe('sync queue', () => {
    it('delays delivery by 60 seconds by default', () => {
      bridge.statefulTemplate.hasResourceProperties('AWS::SQS::Queue', {
        DelaySeconds: 60,
        VisibilityTimeout: syncQueue.visibilityTimeoutSeconds,
        RedrivePolicy: Match.anyValue(),
      });
    });

    it('sends a record to the dead-letter queue after 5 receives by default', () => {
      bridge.statefulTemplate.hasResourceProperties('AWS::SQS::Queue', {
        RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }),
      });
    });

    it('keeps dead letters for 14 days', () => {
      bridge.statefulTemplate.hasResourceProperties('AWS::SQS::Queue', {
        MessageRetentionPeriod: fourteenDays,
        RedrivePolicy: Match.absent(),
      });
    });

    it('encrypts every queue (sync, billing and their DLQs) with SQS-managed keys', () => {
      const queues = Object.values(bridge.statefulTemplate.findResources('AWS::SQS::Queue'));
      expect(queues).toHaveLength(4);
      for (const queue of queues) expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true });
    });

    it('refuses requests that do not use TLS on every queue', () => {
      const policies = bridge.statefulTemplate.findResources('AWS::SQS::QueuePolicy', {
        Properties: {
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Effect: 'Deny',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              }),
            ]),
          },
        },
      });
      expect(Object.keys(policies)).toHaveLength(4);
    });

    it('gives the billing queue a dead-letter queue and a visibility above the sweep function’s timeout', () => {
      bridge.statefulTemplate.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: billingQueue.visibilityTimeoutSeconds,
        RedrivePolicy: Match.objectLike({ maxReceiveCount: billingQueue.maxReceiveCount }),
      });
      expect(billingQueue.visibilityTimeoutSeconds).toBeGreaterThan(functionTimeoutSeconds.billingSweep);
    });
  });

  describe('context', () => {
    it('takes the delivery delay and receive count from context', () => {
      const custom = synthesizeBridge({ syncDelaySeconds: 0, maxReceiveCount: 2 }, { bundle: false });
      custom.statefulTemplate.hasResourceProperties('AWS::SQS::Queue', {
        DelaySeconds: 0,
        RedrivePolicy: Match.objectLike({ maxReceiveCount: 2 }),
      });
    });

    it('accepts context given on the command line as strings', () => {
      const custom = synthesizeBridge({ syncDelaySeconds: '15' }, { bundle: false });
      custom.statefulTemplate.hasResourceProperties('AWS::SQS::Queue', { DelaySeconds: 15 });
    });

    it('rejects a delay SQS cannot honour, naming the context key', () => {
      expect(() => synthesizeBridge({ syncDelaySeconds: 901 }, { bundle: false })).toThrow(
        /syncDelaySeconds/,
      );
    });
  });

  describe('admin token', () => {
    it('is generated in Secrets Manager under its well-known name', () => {
      bridge.statefulTemplate.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: secrets.adminToken.name,
        GenerateSecretString: Match.objectLike({ PasswordLength: 48 }),
      });
    });
  });
});
