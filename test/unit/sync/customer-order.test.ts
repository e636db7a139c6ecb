import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { DeliveryDeferredError } from '../../../shared/errors.js';
import { BatchDeferrals } from '../../../shared/sync/batch-deferrals.js';
import { perCustomerInOrder } from '../../../shared/sync/customer-order.js';

const aRecord = (messageId: string, customerId: string, partnerId = 'acme'): SQSRecord =>
  ({
    messageId,
    body: '{}',
    attributes: {},
    messageAttributes: {
      partnerId: { stringValue: partnerId, dataType: 'String' },
      customerId: { stringValue: customerId, dataType: 'String' },
    },
  }) as unknown as SQSRecord;

/** Records that finish only when told to, noting the order they started in. */
const heldRecords = () => {
  const started: string[] = [];
  const release = new Map<string, () => void>();
  const process = (record: SQSRecord) =>
    new Promise<void>((resolve) => {
      started.push(record.messageId);
      release.set(record.messageId, resolve);
    });
  return { started, release: (id: string) => release.get(id)?.(), process };
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('perCustomerInOrder', () => {
  it("runs one customer's records one after another and other customers' at once", async () => {
    const held = heldRecords();
    const run = perCustomerInOrder(new BatchDeferrals(2000), held.process);
    const runs = [run(aRecord('a1', '1')), run(aRecord('a2', '1')), run(aRecord('b1', '2'))];
    await settle();
    expect(held.started).toEqual(['a1', 'b1']);

    held.release('a1');
    await settle();
    expect(held.started).toEqual(['a1', 'b1', 'a2']);
    for (const id of ['a2', 'b1']) held.release(id);
    await Promise.all(runs);
  });

  it("starts a waiting record at once when its partner's deferral is noted, so it is deferred without waiting", async () => {
    const held = heldRecords();
    const deferrals = new BatchDeferrals(2000);
    const run = perCustomerInOrder(deferrals, held.process);
    const runs = [run(aRecord('a1', '1')), run(aRecord('a2', '1')), run(aRecord('a3', '1'))];
    await settle();
    expect(held.started).toEqual(['a1']);

    deferrals.note('acme', new DeliveryDeferredError('busy', 'acme', 1000));
    await settle();
    expect(held.started).toEqual(['a1', 'a2', 'a3']);
    for (const id of ['a1', 'a2', 'a3']) held.release(id);
    await Promise.all(runs);
  });

  it("keeps a waiting record in line when another partner's deferral is noted, or its own has lapsed", async () => {
    const held = heldRecords();
    const clock = { now: 0 };
    const deferrals = new BatchDeferrals(2000, () => clock.now);
    const run = perCustomerInOrder(deferrals, held.process);
    const runs = [run(aRecord('a1', '1')), run(aRecord('a2', '1'))];
    deferrals.note('globex', new DeliveryDeferredError('busy', 'globex', 1000));
    await settle();
    expect(held.started).toEqual(['a1']);

    // A pace deferral that is over by the time the waiting record looks: it stays in line.
    deferrals.note('acme', new DeliveryDeferredError('paced', 'acme', 500));
    clock.now += 500;
    await settle();
    expect(held.started).toEqual(['a1']);
    held.release('a1');
    await settle();
    expect(held.started).toEqual(['a1', 'a2']);
    held.release('a2');
    await Promise.all(runs);
  });
});
