import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { provisionResources } from '../../local/provision.js';
import { DynamoDbDeliveryStateStore } from '../../shared/adapters/aws/dynamodb-delivery-state.js';
import { initialDeliveryState } from '../../shared/domain/delivery-control.js';
import { tables } from '../../shared/resources.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
let store: DynamoDbDeliveryStateStore;

beforeAll(async () => {
  const env = await provisionResources({ namePrefix: `delivery${randomUUID().slice(0, 8)}-` });
  store = new DynamoDbDeliveryStateStore(documentClient, env[tables.state.envVar] ?? '');
});

const aPartner = () => `p-${randomUUID().slice(0, 8)}`;

describe('DynamoDbDeliveryStateStore', () => {
  it('starts from the initial state and round-trips the whole state, leases, line and circuit included', async () => {
    const partnerId = aPartner();
    expect(await store.read(partnerId)).toEqual(initialDeliveryState);
    const next = {
      version: 1,
      tat: 1_000_200,
      pausedUntil: 0,
      failures: 3,
      openedAt: 1_000_000,
      nextProbeAt: 1_010_000,
      probeIntervalMs: 20_000,
      leases: { a: 1_130_000 },
      turnAt: 1_002_400,
      recordMs: 1800,
    };
    expect(await store.replace(partnerId, 0, next)).toEqual({ written: true });
    expect(await store.read(partnerId)).toEqual(next);
  });

  it('lets exactly one of two writers of the same version win', async () => {
    const partnerId = aPartner();
    const results = await Promise.all(
      [100, 200].map((tat) => store.replace(partnerId, 0, { ...initialDeliveryState, version: 1, tat })),
    );
    const lost = results.find((result) => !result.written);
    expect(results.filter((result) => result.written)).toHaveLength(1);
    // The loser gets the winner's state back, as a read would have answered.
    expect(lost).toEqual({ written: false, current: await store.read(partnerId) });
    expect((await store.read(partnerId)).version).toBe(1);
  });

  it('pauses in one write that bumps the version, never shortening a pause', async () => {
    const partnerId = aPartner();
    await store.replace(partnerId, 0, { ...initialDeliveryState, version: 1, tat: 500 });
    expect(await store.pause(partnerId, 5000)).toBe(true);
    expect(await store.pause(partnerId, 4000)).toBe(false);
    expect(await store.read(partnerId)).toMatchObject({ version: 2, tat: 500, pausedUntil: 5000 });
    // A writer that read version 1 before the pause loses and must read again.
    expect(await store.replace(partnerId, 1, { ...initialDeliveryState, version: 2 })).toEqual({
      written: false,
      current: { ...initialDeliveryState, version: 2, tat: 500, pausedUntil: 5000 },
    });
  });

  it('pauses a partner that has no state yet', async () => {
    const partnerId = aPartner();
    expect(await store.pause(partnerId, 7000)).toBe(true);
    expect(await store.read(partnerId)).toEqual({ ...initialDeliveryState, version: 1, pausedUntil: 7000 });
  });
});
