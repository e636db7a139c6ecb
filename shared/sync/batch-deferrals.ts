import { DeliveryDeferredError } from '../errors.js';
import type { DeliverySignal } from './delivery-control.js';

/** The wait a record sent back at the end of its partner's turn is given (as a busy deferral, it grows with each). */
const turnOverWaitMs = 1000;

/**
 * What one batch of sync records learned of its partners' delivery, so that a batch full of one
 * busy partner's records ends quickly and its sync instance moves on to the records of other
 * partners waiting in the queue:
 * - once a record of a partner is deferred for its pace, a 429's pause or an open circuit, the
 *   partner's later records of the batch are deferred for the rest of that wait without asking
 *   again, before their event is even read: they would get the same answer;
 * - once every place of the partner is taken (busy), the rest of the batch defers the partner's
 *   records: a place freed meanwhile is better taken by another batch than by more of this one.
 *   The record turned away took turns in the partner's line for itself and the batch's records
 *   that had yet to connect (`waiting`): each of those gets the next turn;
 * - a batch spends at most `turnMs` waiting for one partner's pace: once the partner's requests
 *   of the batch have waited that long in all for their slots, a record of the partner that would
 *   connect is sent back to the queue as busy (the partner's share of this instance is used up)
 *   instead of waiting in the instance behind the partner's earlier records. From the queue
 *   another instance or batch takes it, spending no receive; a record turned away again and again
 *   waits longer each time, like any busy one, so a long backlog does not churn the queue. A
 *   partner below its pace never waits for a slot and is never turned away.
 * Scoped to one batch: the next batch asks the shared state afresh.
 */
export class BatchDeferrals {
  readonly #deferred = new Map<
    string,
    {
      readonly error: DeliveryDeferredError;
      readonly until: number;
      readonly notedAt: number;
      /** Turns of the line handed out so far after the noted record's own. */
      handedOut: number;
    }
  >();
  /** Each partner's records of the batch that have not started yet (see `arrived`). */
  readonly #notStarted = new Map<string, number>();
  /** Each partner's records queued to connect behind the one connecting. */
  readonly #queuedToConnect = new Map<string, number>();
  readonly #paceWaitedMs = new Map<string, number>();
  /** Each partner's records connecting, one after another (see `connect`). */
  readonly #connecting = new Map<string, Promise<void>>();
  /** Settled at a partner's first noted deferral (see `deferralNoted`). */
  readonly #noticed = new Map<string, { readonly promise: Promise<void>; readonly resolve: () => void }>();

  constructor(
    private readonly turnMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts how long the partner's requests of the batch waited for their slots of the pace. */
  observe(signal: DeliverySignal): void {
    if (signal.kind !== 'pace-wait') return;
    this.#paceWaitedMs.set(signal.partnerId, (this.#paceWaitedMs.get(signal.partnerId) ?? 0) + signal.waitMs);
  }

  /** Remembers a record's deferral: a busy one for the rest of the batch, any other for its wait. */
  note(partnerId: string, error: DeliveryDeferredError): void {
    const until = error.reason === 'busy' ? Number.POSITIVE_INFINITY : this.now() + error.waitMs;
    const known = this.#deferred.get(partnerId);
    if (!known || known.until < until)
      this.#deferred.set(partnerId, { error, until, notedAt: this.now(), handedOut: 0 });
    this.#notice(partnerId).resolve();
  }

  /** A record of the partner is in the batch, not started yet. */
  arrived(partnerId: string): void {
    this.#notStarted.set(partnerId, (this.#notStarted.get(partnerId) ?? 0) + 1);
  }

  /** A record of the partner that `arrived` starts. */
  starting(partnerId: string): void {
    this.#notStarted.set(partnerId, Math.max(0, (this.#notStarted.get(partnerId) ?? 0) - 1));
  }

  /** Whether a deferral of the partner lasts: its records would be deferred without asking. */
  isDeferred(partnerId: string): boolean {
    const known = this.#deferred.get(partnerId);
    return known !== undefined && known.until > this.now();
  }

  /**
   * Settles once a deferral of the partner is noted in this batch: a record waiting behind others
   * (its customer's earlier records) need not wait for them to learn it is deferred.
   */
  deferralNoted(partnerId: string): Promise<void> {
    return this.#notice(partnerId).promise;
  }

  #notice(partnerId: string) {
    let notice = this.#noticed.get(partnerId);
    if (!notice) {
      let resolve = () => {};
      const promise = new Promise<void>((settle) => {
        resolve = settle;
      });
      notice = { promise, resolve };
      this.#noticed.set(partnerId, notice);
    }
    return notice;
  }

  /**
   * The deferral of an earlier record of the partner, while it lasts: a record gets it without
   * asking. When that record took turns in the partner's line, each call hands out the next turn
   * (ask only for a record that is deferred with it; `isDeferred` only looks).
   */
  pending(partnerId: string): DeliveryDeferredError | undefined {
    const known = this.#deferred.get(partnerId);
    if (!known) return undefined;
    const spacingMs = known.error.turnSpacingMs;
    if (spacingMs !== undefined) {
      known.handedOut += 1;
      const turnAt = known.notedAt + known.error.waitMs + known.handedOut * spacingMs;
      return new DeliveryDeferredError(
        'busy',
        partnerId,
        Math.max(spacingMs, turnAt - this.now()),
        spacingMs,
      );
    }
    if (known.until === Number.POSITIVE_INFINITY) return known.error;
    const left = known.until - this.now();
    return left > 0 ? new DeliveryDeferredError(known.error.reason, partnerId, left) : undefined;
  }

  /**
   * A record's first connection: `takePlace` (the partner's shared place) once the partner's
   * records of the batch that connect before it have, so that they do not contend with each other
   * for it and, once one is turned away, the rest are turned away without asking.
   * @throws DeliveryDeferredError when the record is deferred (its deferral is noted)
   */
  async connect(partnerId: string, takePlace: (waiting: number) => Promise<void>): Promise<void> {
    const before = this.#connecting.get(partnerId) ?? Promise.resolve();
    this.#queuedToConnect.set(partnerId, (this.#queuedToConnect.get(partnerId) ?? 0) + 1);
    let done = () => {};
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    this.#connecting.set(
      partnerId,
      before.then(() => mine),
    );
    await before;
    const queued = (this.#queuedToConnect.get(partnerId) ?? 1) - 1;
    this.#queuedToConnect.set(partnerId, queued);
    try {
      const deferred = this.beforeConnecting(partnerId);
      if (deferred) throw deferred;
      // Turned away, this record's batch-mates that have yet to connect are turned away with it.
      await takePlace(queued + (this.#notStarted.get(partnerId) ?? 0));
    } catch (error) {
      if (error instanceof DeliveryDeferredError) this.note(partnerId, error);
      throw error;
    } finally {
      done();
    }
  }

  /**
   * Before a record's first connection: the deferral it gets without asking (an earlier record's
   * that still lasts, or the batch has waited its turn for the partner's pace), or undefined.
   */
  beforeConnecting(partnerId: string): DeliveryDeferredError | undefined {
    const pending = this.pending(partnerId);
    if (pending) return pending;
    if ((this.#paceWaitedMs.get(partnerId) ?? 0) < this.turnMs) return undefined;
    const turnOver = new DeliveryDeferredError('busy', partnerId, turnOverWaitMs);
    this.note(partnerId, turnOver);
    return turnOver;
  }
}
