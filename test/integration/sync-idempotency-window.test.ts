import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS } from '../../cw-simulator/demo-seed.js';
import { syncQueue, tables } from '../../shared/resources.js';
import { aPortalEvent } from '../helpers/portal-events.js';
import { type SyncEnvironment, startSyncEnvironment } from '../helpers/sync-environment.js';
import { anSqsEvent, aSyncRecord, storeEvent } from '../helpers/sync-events.js';

const partnerId = 'sync-idempotency-window';
let world: SyncEnvironment;

beforeAll(async () => {
  world = await startSyncEnvironment({ partnerId });
});
afterAll(async () => {
  await world?.stop();
});

describe('sync idempotency records', () => {
  describe('given an event whose ticket and data sync jobs completed', () => {
    it('keep it recognised for as long as the dead-letter queue can hand it back for redrive', async () => {
      const event = aPortalEvent({
        partnerId,
        customer: { id: String(DEMO_CUSTOMERS[0]?.portalCustomerId), name: 'Acme Dental Group' },
        account: { id: `EFS${Date.now()}`, name: 'Server', service: 'BDR', plan: 'Cloud 1TB' },
      });
      await storeEvent(world.eventStore, event);
      const startedAt = Math.floor(Date.now() / 1000);

      await world.invoke(anSqsEvent(aSyncRecord(event)));

      const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
      const { Items = [] } = await documents.send(
        new ScanCommand({ TableName: world.env[tables.idempotency.envVar] }),
      );
      // The table belongs to this file alone and this is its only event: one record per job (keys are hashed).
      expect(Items).toHaveLength(2);
      const redriveWindow = syncQueue.deadLetter.retentionDays * 86_400;
      for (const record of Items) {
        expect(record.status).toBe('COMPLETED');
        expect(Number(record.expiration)).toBeGreaterThan(startedAt + redriveWindow);
      }
    });
  });
});
