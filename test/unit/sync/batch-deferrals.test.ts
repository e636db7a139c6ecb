import { describe, expect, it } from 'vitest';
import { DeliveryDeferredError } from '../../../shared/errors.js';
import { BatchDeferrals } from '../../../shared/sync/batch-deferrals.js';

describe('BatchDeferrals', () => {
  const aBatch = (turnMs = 2000) => {
    const clock = { now: 10_000 };
    return { clock, batch: new BatchDeferrals(turnMs, () => clock.now) };
  };

  describe("given a partner's record was deferred", () => {
    it("defers the partner's next record with the same reason and the wait that is left", () => {
      const { clock, batch } = aBatch();
      batch.note('acme', new DeliveryDeferredError('paced', 'acme', 3000));
      clock.now += 1000;

      const deferred = batch.beforeConnecting('acme');

      expect(deferred).toBeInstanceOf(DeliveryDeferredError);
      expect(deferred).toMatchObject({ reason: 'paced', waitMs: 2000, retryAfterSeconds: 2 });
    });

    it('lets the next record ask again once the wait is over', () => {
      const { clock, batch } = aBatch();
      batch.note('acme', new DeliveryDeferredError('paused', 'acme', 1000));
      clock.now += 1000;

      expect(batch.beforeConnecting('acme')).toBeUndefined();
    });

    it('defers the rest of the batch when every place was taken', () => {
      const { clock, batch } = aBatch();
      batch.note('acme', new DeliveryDeferredError('busy', 'acme', 1000));
      clock.now += 60_000;

      expect(batch.beforeConnecting('acme')).toMatchObject({ reason: 'busy', waitMs: 1000 });
    });

    it("hands the partner's later records the turns kept for them after the first's, one each", () => {
      const { clock, batch } = aBatch();
      batch.note('acme', new DeliveryDeferredError('busy', 'acme', 1200, 400));
      clock.now += 100;

      expect(batch.isDeferred('acme')).toBe(true);
      const waits = [1, 2, 3].map(() => batch.pending('acme')?.waitMs);
      expect(waits).toEqual([1500, 1900, 2300]);
      expect(batch.pending('acme')).toMatchObject({ reason: 'busy', turnSpacingMs: 400 });
    });

    it('leaves other partners alone', () => {
      const { batch } = aBatch();
      batch.note('acme', new DeliveryDeferredError('circuit-open', 'acme', 60_000));

      expect(batch.beforeConnecting('globex')).toBeUndefined();
    });

    it('keeps the longer of two waits', () => {
      const { clock, batch } = aBatch();
      batch.note('acme', new DeliveryDeferredError('circuit-open', 'acme', 30_000));
      batch.note('acme', new DeliveryDeferredError('paced', 'acme', 1000));
      clock.now += 5000;

      expect(batch.beforeConnecting('acme')).toMatchObject({ reason: 'circuit-open', waitMs: 25_000 });
    });
  });

  describe("given a partner's requests waited for their slots of the pace", () => {
    const paceWait = (partnerId: string, waitMs: number) => ({
      kind: 'pace-wait' as const,
      partnerId,
      waitMs,
    });

    it('lets its records connect while the waits add up to less than the turn', () => {
      const { batch } = aBatch(2000);
      batch.observe(paceWait('acme', 1200));
      batch.observe(paceWait('acme', 799));
      batch.observe({ kind: 'probe', partnerId: 'acme', openForMs: 5000 });

      expect(batch.beforeConnecting('acme')).toBeUndefined();
    });

    it('sends its later records back as busy once they reach the turn, and every record after them', () => {
      const { clock, batch } = aBatch(2000);
      batch.observe(paceWait('acme', 1200));
      batch.observe(paceWait('acme', 800));

      expect(batch.beforeConnecting('acme')).toMatchObject({ reason: 'busy', waitMs: 1000 });
      clock.now += 5000;
      expect(batch.beforeConnecting('acme')).toMatchObject({ reason: 'busy' });
    });

    it("counts each partner's waits alone", () => {
      const { batch } = aBatch(2000);
      batch.observe(paceWait('acme', 5000));

      expect(batch.beforeConnecting('globex')).toBeUndefined();
    });
  });
});

describe('BatchDeferrals.connect', () => {
  it("takes the partner's places one record at a time, and turns the rest away once one is refused", async () => {
    const batch = new BatchDeferrals(60_000);
    const order: string[] = [];
    let placesLeft = 2;
    const takePlace = (name: string) => async () => {
      order.push(`${name} asks`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (placesLeft === 0) throw new DeliveryDeferredError('busy', 'acme', 1000);
      placesLeft -= 1;
      order.push(`${name} has one`);
    };

    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((name) => batch.connect('acme', takePlace(name))),
    );

    expect(order).toEqual(['a asks', 'a has one', 'b asks', 'b has one', 'c asks']);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
    ]);
    expect(results[3]).toMatchObject({ reason: { reason: 'busy' } });
  });

  it('tells the record it turns away how many of its batch-mates have yet to connect', async () => {
    const batch = new BatchDeferrals(60_000);
    for (let i = 0; i < 5; i++) batch.arrived('acme');
    batch.arrived('globex');
    for (let i = 0; i < 3; i++) batch.starting('acme');
    const asked: number[] = [];
    let release = () => {};
    const first = batch.connect('acme', async (waiting) => {
      asked.push(waiting);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    const second = batch.connect('acme', async (waiting) => {
      asked.push(waiting);
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    await Promise.all([first, second]);

    // The first: the second queued behind it and two not started; the second: those two.
    expect(asked).toEqual([3, 2]);
  });

  it("does not hold up another partner's records", async () => {
    const batch = new BatchDeferrals(60_000);
    let release = () => {};
    const slow = batch.connect(
      'acme',
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );

    await batch.connect('globex', async () => {});
    release();
    await slow;
  });
});
