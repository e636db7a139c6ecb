import { describe, expect, it } from 'vitest';
import {
  acquireLease,
  admit,
  afterFailure,
  afterSuccess,
  type DeliverySettings,
  type DeliveryState,
  deliverySettingsOf,
  initialDeliveryState,
  pauseUntil,
  releaseLease,
  takeTurns,
} from '../../../shared/domain/delivery-control.js';
import { DeliveryDeferredError } from '../../../shared/errors.js';
import { DeliveryControl, type DeliverySignal } from '../../../shared/sync/delivery-control.js';
import { InMemoryDeliveryStateStore } from '../../helpers/sync-fakes.js';

const settings: DeliverySettings = {
  requestsPerSecond: 5,
  burst: 1,
  failureThreshold: 3,
  probeInitialMs: 1000,
  probeMaxMs: 8000,
  maxInProcessWaitMs: 500,
  maxRecordsInFlight: 2,
  leaseTtlMs: 10_000,
};

/** Admits requests at `nowMs` one after another, as if each wrote its state. */
const admitAll = (count: number, nowMs: number, config = settings) => {
  let state: DeliveryState = initialDeliveryState;
  const waits: number[] = [];
  for (let i = 0; i < count; i++) {
    const admission = admit(state, nowMs, config);
    if (admission.kind === 'defer') return { waits, deferred: admission };
    waits.push(admission.waitMs);
    state = admission.next;
  }
  return { waits, deferred: undefined };
};

describe('the pace (GCRA)', () => {
  it('spaces requests 1/rate apart, stretched by the lateness a request may have, reserving each next slot', () => {
    expect(admitAll(3, 10_000).waits).toEqual([0, 210, 420]);
  });

  it('defers a request whose slot is further away than the in-process wait allows', () => {
    const { waits, deferred } = admitAll(5, 10_000);
    expect(waits).toEqual([0, 210, 420]);
    expect(deferred).toEqual({ kind: 'defer', reason: 'paced', waitMs: 630 });
  });

  it('reserves a slot no sooner than the caller can send, the time before that not counted as waiting', () => {
    const first = admit(initialDeliveryState, 10_000, settings, 60);
    expect(first).toMatchObject({ kind: 'go', waitMs: 60, next: { tat: 10_270 } });
    // What counts toward the 500 ms allowed in process is the wait beyond the 60 ms needed anyway.
    const late = { ...initialDeliveryState, tat: 10_500 };
    expect(admit(late, 10_000, settings, 60)).toMatchObject({ kind: 'go', waitMs: 500 });
    expect(admit({ ...late, tat: 10_561 }, 10_000, settings, 60)).toMatchObject({ kind: 'defer' });
  });

  it('lets a burst go at once after a quiet spell, then holds the pace', () => {
    expect(admitAll(5, 10_000, { ...settings, burst: 3 }).waits).toEqual([0, 0, 0, 210, 420]);
  });

  it('takes the partner pace from its settings, the default 5 when it names none', () => {
    const timings = {
      failureThreshold: 3,
      probeInitialMs: 1,
      probeMaxMs: 2,
      maxInProcessWaitMs: 0,
      leaseTtlMs: 1,
    };
    expect(deliverySettingsOf({}, timings)).toMatchObject({
      requestsPerSecond: 5,
      burst: 5,
      maxRecordsInFlight: 3,
    });
    expect(
      deliverySettingsOf({ connectWiseRequestsPerSecond: 2.5, connectWiseBurst: 1 }, timings),
    ).toMatchObject({ requestsPerSecond: 2.5, burst: 1, maxRecordsInFlight: 2 });
  });
});

describe('the pause after a 429', () => {
  it('holds every request until Retry-After has passed', () => {
    const paused = pauseUntil(initialDeliveryState, 13_000);
    expect(paused).toMatchObject({ pausedUntil: 13_000 });
    expect(admit(paused as DeliveryState, 11_000, settings)).toEqual({
      kind: 'defer',
      reason: 'paused',
      waitMs: 2000,
    });
    expect(admit(paused as DeliveryState, 12_600, settings)).toMatchObject({ kind: 'go', waitMs: 400 });
  });

  it('never shortens a longer pause', () => {
    const paused = pauseUntil(initialDeliveryState, 15_000) as DeliveryState;
    expect(pauseUntil(paused, 12_000)).toBeUndefined();
  });
});

describe('records in flight per partner', () => {
  it('leases up to the limit, then refuses until one is given back or lapses', () => {
    const one = acquireLease(initialDeliveryState, 'a', 1000, settings) as DeliveryState;
    const two = acquireLease(one, 'b', 1000, settings) as DeliveryState;
    expect(acquireLease(two, 'c', 1000, settings)).toBeUndefined();
    expect(
      acquireLease(releaseLease(two, 'a', 1000, settings) as DeliveryState, 'c', 1000, settings)?.leases,
    ).toEqual({
      b: 11_000,
      c: 11_000,
    });
    expect(acquireLease(two, 'c', 11_001, settings)?.leases).toEqual({ c: 21_001 });
  });

  it('lets a record take its own live lease again when every place is held, renewing it', () => {
    const one = acquireLease(initialDeliveryState, 'a', 1000, settings) as DeliveryState;
    const full = acquireLease(one, 'b', 1000, settings) as DeliveryState;
    expect(acquireLease(full, 'a', 5000, settings)?.leases).toEqual({ a: 15_000, b: 11_000 });
  });

  it('writes nothing when giving back a lease it does not hold', () => {
    expect(releaseLease(initialDeliveryState, 'a', 1000, settings)).toBeUndefined();
  });

  it('notes how long records hold their places, as a moving mean', () => {
    const held = acquireLease(initialDeliveryState, 'a', 1000, settings) as DeliveryState;
    const first = releaseLease(held, 'a', 3000, settings) as DeliveryState;
    expect(first.recordMs).toBe(2000);
    const again = acquireLease(first, 'b', 3000, settings) as DeliveryState;
    expect((releaseLease(again, 'b', 13_000, settings) as DeliveryState).recordMs).toBe(3000);
  });
});

describe("the line for a partner's places", () => {
  it('spaces turns by what the pace serves: two requests a record, 400 ms apart at 5 req/s', () => {
    const first = takeTurns(initialDeliveryState, 10_000, settings, 1);
    expect(first).toMatchObject({ waitMs: 400, spacingMs: 400, next: { turnAt: 10_800 } });
    // The next record turned away, 100 ms later, comes back after the first.
    const second = takeTurns(first.next, 10_100, settings, 1);
    expect(second.waitMs).toBe(700);
    expect(second.next.version).toBe(first.next.version + 1);
  });

  it('keeps turns for the records of the batch turned away with the first', () => {
    const turns = takeTurns(initialDeliveryState, 10_000, settings, 4);
    expect(turns.next.turnAt).toBe(10_400 + 4 * 400);
    expect(takeTurns(turns.next, 10_000, settings, 1).waitMs).toBe(2000);
  });

  it('spaces turns wider when records hold their places longer than the pace needs', () => {
    const slow = { ...initialDeliveryState, recordMs: 3000 };
    // Two places, each freed every 3 s: one place every 1.5 s.
    expect(takeTurns(slow, 10_000, settings, 1)).toMatchObject({ waitMs: 1500, spacingMs: 1500 });
  });

  it('starts a new line from now once the old one has passed', () => {
    const old = { ...initialDeliveryState, turnAt: 5000 };
    expect(takeTurns(old, 10_000, settings, 1).waitMs).toBe(400);
  });
});

describe('the circuit', () => {
  const failTimes = (count: number, nowMs: number) => {
    let state: DeliveryState = initialDeliveryState;
    const opened: boolean[] = [];
    for (let i = 0; i < count; i++) {
      const result = afterFailure(state, nowMs, settings);
      state = result.next;
      opened.push(result.opened);
    }
    return { state, opened };
  };

  it('opens at the threshold of consecutive failures, once', () => {
    const { state, opened } = failTimes(4, 10_000);
    expect(opened).toEqual([false, false, true, false]);
    expect(state).toMatchObject({ openedAt: 10_000, nextProbeAt: 11_000 });
  });

  it('turns requests away until the probe is due, then lets exactly one through', () => {
    const { state } = failTimes(3, 10_000);
    expect(admit(state, 10_400, settings)).toEqual({ kind: 'defer', reason: 'circuit-open', waitMs: 600 });
    const probe = admit(state, 11_000, settings);
    expect(probe).toMatchObject({ kind: 'go', probe: true });
    if (probe.kind !== 'go') throw new Error('expected the probe');
    // A second instance at the same moment reads the state the probe wrote.
    expect(admit(probe.next, 11_000, settings)).toMatchObject({ kind: 'defer', reason: 'circuit-open' });
  });

  it('probes at a growing interval, capped', () => {
    let { state } = failTimes(3, 0);
    const probeTimes: number[] = [];
    let now = 0;
    while (probeTimes.length < 6) {
      const admission = admit(state, now, settings);
      if (admission.kind === 'go') {
        probeTimes.push(now);
        state = afterFailure(admission.next, now, settings).next;
      }
      now += 100;
    }
    expect(probeTimes).toEqual([1000, 3000, 7000, 15_000, 23_000, 31_000]);
  });

  it('closes on the first success and forgets the failures', () => {
    const { state } = failTimes(3, 10_000);
    const closed = afterSuccess(state);
    expect(closed?.openedAt).toBe(10_000);
    expect(closed?.next).toMatchObject({ failures: 0 });
    expect(closed?.next.openedAt).toBeUndefined();
    expect(admit(closed?.next as DeliveryState, 20_000, settings)).toMatchObject({
      kind: 'go',
      probe: false,
    });
  });

  it('writes nothing for a success when nothing failed', () => {
    expect(afterSuccess(initialDeliveryState)).toBeUndefined();
  });
});

/** Makes every write of `store` fail, as when DynamoDB is unreachable; returns the undo. */
const failWrites = (store: InMemoryDeliveryStateStore): (() => void) => {
  const replace = store.replace;
  store.replace = async () => {
    throw new Error('DynamoDB unreachable');
  };
  return () => {
    store.replace = replace;
  };
};

/** A second sync instance on the same store and clock, whose waits take no time. */
const anotherInstance = (store: InMemoryDeliveryStateStore, clock: { readonly now: number }) =>
  new DeliveryControl({ store, now: () => clock.now, sleep: async () => undefined, random: () => 0.5 });

describe('DeliveryControl', () => {
  const world = () => {
    const clock = { now: 10_000 };
    const store = new InMemoryDeliveryStateStore();
    const signals: DeliverySignal[] = [];
    const slept: number[] = [];
    const control = new DeliveryControl({
      store,
      now: () => clock.now,
      sleep: async (ms) => {
        slept.push(ms);
        clock.now += ms;
      },
      random: () => 0.5,
      onSignal: (signal) => signals.push(signal),
    });
    return { clock, store, signals, slept, control };
  };

  it('sleeps for the reserved slot and shares the pace across callers', async () => {
    const { control, slept } = world();
    await control.admit('p1', settings);
    await control.admit('p1', settings);
    await control.admit('p2', settings);
    // 160 ms, a look for a pause, then the last 50 ms to the slot.
    expect(slept).toEqual([160, 50]);
  });

  it("reserves the slot for when the request goes out, after the state's write", async () => {
    const { control, store, clock } = world();
    // Every store request takes 40 ms.
    const read = store.read.bind(store);
    const replace = store.replace.bind(store);
    store.read = async (partnerId) => {
      clock.now += 40;
      return read(partnerId);
    };
    store.replace = async (partnerId, version, next) => {
      clock.now += 40;
      return replace(partnerId, version, next);
    };
    await control.admit('p2', settings);
    clock.now += 5000;
    const decidedAt = clock.now;
    await control.admit('p1', settings);
    const sentAt = clock.now;
    expect(sentAt).toBeGreaterThan(decidedAt + 40);
    // The next request's slot is one interval after this one went out, not after it was decided.
    expect((await store.read('p1')).tat).toBe(sentAt + 210);
  });

  it('takes a new slot when it wakes well past its own, rather than go out next to the next one', async () => {
    const store = new InMemoryDeliveryStateStore();
    const clock = { now: 10_000 };
    let overshootMs = 0;
    const control = new DeliveryControl({
      store,
      now: () => clock.now,
      sleep: async (ms) => {
        clock.now += ms + overshootMs;
        overshootMs = 0;
      },
      random: () => 0.5,
    });
    await control.admit('p1', settings);
    // Its slot is at 10 210; a busy process wakes it at 10 310, when the next slot is 110 ms off.
    overshootMs = 150;
    await control.admit('p1', settings);
    expect(clock.now).toBe(10_420);
    expect((await store.read('p1')).tat).toBe(10_630);
  });

  it('opens the circuit after three unavailable answers, defers the rest, and closes on a good probe', async () => {
    const { control, clock, signals } = world();
    for (let i = 0; i < 3; i++) {
      const ticket = await control.admit('p1', { ...settings, requestsPerSecond: 100 });
      await control.report('p1', settings, ticket, { kind: 'unavailable' });
    }
    await expect(control.admit('p1', settings)).rejects.toBeInstanceOf(DeliveryDeferredError);
    clock.now += 1000;
    const probe = await control.admit('p1', settings);
    await control.report('p1', settings, probe, { kind: 'answered' });

    expect(signals.map((signal) => signal.kind).filter((kind) => kind !== 'pace-wait')).toEqual([
      'circuit-opened',
      'request-deferred',
      'probe',
      'circuit-closed',
    ]);
    await expect(control.admit('p1', settings)).resolves.toEqual({ sawFailures: false });
  });

  it('admits a request of an instance working alone with one write and no read', async () => {
    const { control, store, clock } = world();
    const calls: string[] = [];
    const read = store.read.bind(store);
    const replace = store.replace.bind(store);
    store.read = (partnerId) => {
      calls.push('read');
      return read(partnerId);
    };
    store.replace = (partnerId, version, next) => {
      calls.push('replace');
      return replace(partnerId, version, next);
    };
    for (let i = 0; i < 3; i++) {
      await control.admit('p1', settings);
      clock.now += 1000;
    }
    // The first admission reads the stored state; the others start from what it wrote.
    expect(calls).toEqual(['read', 'replace', 'replace', 'replace']);
  });

  it('never defers on remembered state that another instance has changed since', async () => {
    const { control, store, clock, signals } = world();
    const other = anotherInstance(store, clock);
    for (let i = 0; i < 3; i++) {
      const ticket = await control.admit('p1', { ...settings, requestsPerSecond: 100 });
      await control.report('p1', settings, ticket, { kind: 'unavailable' });
    }
    // This instance remembers an open circuit; the other one probes and closes it.
    clock.now += 1000;
    const probe = await other.admit('p1', settings);
    await other.report('p1', settings, probe, { kind: 'answered' });
    signals.length = 0;

    await expect(control.admit('p1', settings)).resolves.toEqual({ sawFailures: false });
    expect(signals.filter((signal) => signal.kind === 'request-deferred')).toEqual([]);
  });

  it('takes a write refused for remembered state again from the state handed back', async () => {
    const { control, store, clock } = world();
    const other = anotherInstance(store, clock);
    await control.admit('p1', settings);
    clock.now += 1000;
    await other.admit('p1', settings);
    const before = (await store.read('p1')).version;
    let reads = 0;
    const read = store.read.bind(store);
    store.read = (partnerId) => {
      reads += 1;
      return read(partnerId);
    };
    clock.now += 1000;
    await control.admit('p1', settings);
    expect(reads).toBe(0);
    expect((await store.read('p1')).version).toBe(before + 1);
  });

  it('turns away a request of the same instance granted before a 429 whose pause has not reached the store', async () => {
    const store = new InMemoryDeliveryStateStore();
    const clock = { now: 10_000 };
    let onSleep: (() => Promise<void>) | undefined;
    const control = new DeliveryControl({
      store,
      now: () => clock.now,
      sleep: async (ms) => {
        const hook = onSleep;
        onSleep = undefined;
        await hook?.();
        clock.now += ms;
      },
      random: () => 0.5,
    });
    // The pause write is still on its way: the store does not have it when the waiting request looks.
    store.pause = async () => true;
    const first = await control.admit('p1', settings);
    onSleep = () => control.report('p1', settings, first, { kind: 'rate-limited', retryAfterMs: 3000 });

    await expect(control.admit('p1', settings)).rejects.toMatchObject({ reason: 'paused' });
    clock.now += 3000;
    await expect(control.admit('p1', settings)).resolves.toEqual({ sawFailures: false });
  });

  it('gives a lease whose release failed back with its next write, so the place is free before it lapses', async () => {
    const { control, store, clock } = world();
    const other = anotherInstance(store, clock);
    await control.acquire('p1', settings, 'a');
    await other.acquire('p1', settings, 'b');
    const restore = failWrites(store);
    await expect(control.release('p1', settings, 'a')).rejects.toThrow('DynamoDB unreachable');
    restore();
    // Both places are held in the store: a third record is turned away while 'a' has not lapsed.
    await expect(other.acquire('p1', settings, 'c')).rejects.toMatchObject({ reason: 'busy' });

    clock.now += 1000;
    await control.admit('p1', settings);
    expect(Object.keys((await store.read('p1')).leases ?? {})).toEqual(['b']);
    await expect(other.acquire('p1', settings, 'c')).resolves.toBeUndefined();
  });

  it('gives records turned away for want of a place turns in one line, across instances', async () => {
    const { control, store, clock } = world();
    const other = anotherInstance(store, clock);
    await control.acquire('p1', settings, 'a');
    await other.acquire('p1', settings, 'b');

    // 'c' is turned away with two batch-mates: its turn, then theirs, then 'd' of another instance.
    const turnedAway = await control.acquire('p1', settings, 'c', 2).catch((error: unknown) => error);
    expect(turnedAway).toMatchObject({ reason: 'busy', waitMs: 400, turnSpacingMs: 400 });
    await expect(other.acquire('p1', settings, 'd')).rejects.toMatchObject({ reason: 'busy', waitMs: 1600 });
    expect((await store.read('p1')).turnAt).toBe(clock.now + 2000);
  });

  it('keeps a lease it failed to give back when its own record takes it again', async () => {
    const { control, store, clock } = world();
    await control.acquire('p1', settings, 'a');
    const restore = failWrites(store);
    await expect(control.release('p1', settings, 'a')).rejects.toThrow();
    restore();
    await control.acquire('p1', settings, 'a');
    clock.now += 1000;
    await control.admit('p1', settings);
    expect(Object.keys((await store.read('p1')).leases ?? {})).toEqual(['a']);
  });

  it('retries its write when another instance wrote in between', async () => {
    const { control, store } = world();
    const replace = store.replace.bind(store);
    let conflicts = 2;
    store.replace = async (partnerId, version, next) => {
      if (conflicts-- > 0) {
        await replace(partnerId, version, { ...next, version: next.version });
        return { written: false, current: await store.read(partnerId) };
      }
      return replace(partnerId, version, next);
    };
    await control.admit('p1', settings);
    expect((await store.read('p1')).version).toBe(3);
  });
});
