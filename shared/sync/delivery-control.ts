import {
  acquireLease,
  admit,
  afterFailure,
  afterSuccess,
  type DeferralReason,
  type DeliverySettings,
  type DeliveryState,
  isOpen,
  maxLatenessMs,
  releaseLease,
  takeTurns,
  withoutLeases,
} from '../domain/delivery-control.js';
import { DeliveryDeferredError } from '../errors.js';
import type { DeliveryStateStore } from '../ports/delivery-state.js';

/** What delivery control tells the function's metrics and logs. */
export type DeliverySignal =
  | { readonly kind: 'circuit-opened'; readonly partnerId: string }
  | { readonly kind: 'circuit-closed'; readonly partnerId: string; readonly openForMs: number }
  | {
      readonly kind: 'request-deferred';
      readonly partnerId: string;
      readonly reason: DeferralReason;
      /** Set when the circuit is open: how long it has been. */
      readonly openForMs?: number;
    }
  | { readonly kind: 'pace-wait'; readonly partnerId: string; readonly waitMs: number }
  | { readonly kind: 'probe'; readonly partnerId: string; readonly openForMs: number }
  | { readonly kind: 'paused'; readonly partnerId: string; readonly pauseMs: number };

/** How one request went, as far as the circuit and the pause care. */
export type RequestOutcome =
  | { readonly kind: 'answered' }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'rate-limited'; readonly retryAfterMs: number };

/** What `admit` saw, handed back to `report` so a success costs no read. */
export interface AdmissionTicket {
  readonly sawFailures: boolean;
}

export interface DeliveryControlDeps {
  readonly store: DeliveryStateStore;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly onSignal?: (signal: DeliverySignal) => void;
}

/**
 * What a `#transact` step decided: the value to hand back and, when something changes, the state
 * to write — or that the request must wait, after writing `next` when given (deferred only once
 * the decision rests on fresh state or its write went through).
 */
type TransactionStep<T> =
  | { readonly next?: DeliveryState; readonly value: T }
  | { readonly next?: DeliveryState; readonly defer: Deferral };

/** Why and how long a request waits; set with the circuit open or a turn in the line for a place. */
interface Deferral {
  readonly reason: DeferralReason;
  readonly waitMs: number;
  readonly openForMs?: number;
  readonly turnSpacingMs?: number;
}

type Admitted = Extract<ReturnType<typeof admit>, { kind: 'go' }>;

/** How long before its slot a waiting request looks for a pause or an opened circuit. */
const recheckLeadMs = 50;

/** A lead longer than this is not worth reserving ahead: the store is struggling anyway. */
const maxLeadMs = 250;

/**
 * How long the delivery store takes to answer, as TCP estimates a round trip: a moving mean and
 * mean deviation. The lead is the mean plus twice the deviation: a slot reserved that far ahead
 * is seldom missed, and one missed is missed by little.
 */
class LatencyEstimate {
  #meanMs = 0;
  #deviationMs = 0;
  #samples = 0;

  observe(ms: number): void {
    if (this.#samples++ === 0) {
      this.#meanMs = ms;
      this.#deviationMs = ms / 2;
      return;
    }
    this.#deviationMs += (Math.abs(ms - this.#meanMs) - this.#deviationMs) / 4;
    this.#meanMs += (ms - this.#meanMs) / 8;
  }

  leadMs(): number {
    return Math.min(maxLeadMs, Math.round(this.#meanMs + 2 * this.#deviationMs));
  }
}

/** Conflicting writes from other instances are retried this often before the request is deferred. */
const maxConflicts = 25;

/**
 * The shared pace, pause and circuit of each partner's ConnectWise, applied to every request of
 * every sync instance: `admit` before a request (waits for its slot, or throws
 * `DeliveryDeferredError`), `report` after it. State lives in the store; the rules are the pure
 * transitions of `shared/domain/delivery-control.ts`.
 */
export class DeliveryControl {
  /** Each partner's state as this instance last wrote or saw it (see `#transact`). */
  readonly #known = new Map<string, DeliveryState>();
  /** The latest 429 pause this instance was told of, per partner (the store has it too). */
  readonly #pausedUntil = new Map<string, number>();
  /**
   * Leases whose release did not reach the store, per partner: given back with this instance's
   * next write of the partner's state, so a lost release costs the partner its place only until
   * then, not for the whole `leaseTtlMs`.
   */
  readonly #unreleased = new Map<string, Set<string>>();
  readonly #storeLatency = new LatencyEstimate();

  constructor(private readonly deps: DeliveryControlDeps) {}

  /**
   * Returns once the request may be sent: after a short wait for its slot of the pace.
   * @throws DeliveryDeferredError when the circuit is open (and this is not the probe), a 429's
   *   pause or the pace would keep the request waiting longer than `maxInProcessWaitMs`
   */
  async admit(partnerId: string, settings: DeliverySettings): Promise<AdmissionTicket> {
    return this.#admit(partnerId, settings, false);
  }

  async #admit(partnerId: string, settings: DeliverySettings, retaken: boolean): Promise<AdmissionTicket> {
    // The slot is reserved for when the request can go out: after the state's write.
    const lead = this.#storeLatency.leadMs();
    const { state, now, admission } = await this.#transact(
      partnerId,
      (current, at): TransactionStep<{ state: DeliveryState; now: number; admission: Admitted }> => {
        const decided = admit(current, at, settings, lead);
        if (decided.kind === 'defer') {
          const openForMs = current.openedAt === undefined ? undefined : at - current.openedAt;
          return { defer: { reason: decided.reason, waitMs: decided.waitMs, openForMs } };
        }
        return { next: decided.next, value: { state: current, now: at, admission: decided } };
      },
      () => {
        throw new DeliveryDeferredError('paced', partnerId, 1000);
      },
    );
    if (admission.probe) this.#signal({ kind: 'probe', partnerId, openForMs: now - (state.openedAt ?? now) });
    // Every wait is to a point in time, not a length: the write's and the read's own latency
    // must not push the send past its slot, next to the next slot's request.
    const slotAt = now + admission.waitMs;
    const paceWaitMs = admission.waitMs - lead;
    if (paceWaitMs > 0) {
      this.#signal({ kind: 'pace-wait', partnerId, waitMs: paceWaitMs });
      // Look again before the slot, early enough for the read to be back by then.
      const untilRecheck = slotAt - this.#storeLatency.leadMs() - recheckLeadMs - this.deps.now();
      if (untilRecheck > 0) await this.deps.sleep(untilRecheck);
      await this.#recheck(partnerId, admission.probe);
    }
    const left = slotAt - this.deps.now();
    if (left > 0) await this.deps.sleep(left);
    // A 429 this instance saw since the slot was granted: its pause is known here before the
    // store has it, so a request of the same instance never goes out into it.
    const pausedUntil = this.#pausedUntil.get(partnerId) ?? 0;
    const at = this.deps.now();
    if (pausedUntil > at && !admission.probe)
      throw this.#deferral(partnerId, { reason: 'paused', waitMs: pausedUntil - at });
    // Woken well past its slot (a busy process's timers run late): sent now, the request would go
    // out next to the next slot's. It takes a new slot instead, once.
    if (at - slotAt > maxLatenessMs(settings) && !admission.probe && !retaken) {
      return this.#admit(partnerId, settings, true);
    }
    return { sawFailures: state.failures > 0 || isOpen(state) };
  }

  /**
   * A 429 or an opening circuit may have arrived while this request slept for its slot: it then
   * gives the slot up rather than sending into the pause.
   */
  async #recheck(partnerId: string, probe: boolean): Promise<void> {
    const state = await this.#read(partnerId);
    const now = this.deps.now();
    if (state.pausedUntil > now)
      throw this.#deferral(partnerId, { reason: 'paused', waitMs: state.pausedUntil - now });
    if (isOpen(state) && !probe)
      throw this.#deferral(partnerId, { reason: 'circuit-open', waitMs: (state.nextProbeAt ?? now) - now });
  }

  /**
   * Takes one of the partner's places for a record (`maxRecordsInFlight` across all instances).
   * When every place is held, the record takes a turn in the partner's line (`takeTurns`) for
   * itself and the `waiting` records of its batch that will be turned away with it.
   * @throws DeliveryDeferredError (busy, its wait the turn) when every place is held
   */
  async acquire(partnerId: string, settings: DeliverySettings, leaseId: string, waiting = 0): Promise<void> {
    await this.#transact(
      partnerId,
      (state, now) => {
        const next = acquireLease(state, leaseId, now, settings);
        if (next) return { next, value: undefined };
        const turns = takeTurns(state, now, settings, 1 + waiting);
        return {
          next: turns.next,
          defer: { reason: 'busy', waitMs: turns.waitMs, turnSpacingMs: turns.spacingMs },
        };
      },
      () => {
        throw new DeliveryDeferredError('busy', partnerId, 1000);
      },
    );
  }

  /**
   * Gives the place back. When the store cannot be written, the lease goes back with this
   * instance's next write of the partner's state (or lapses after `leaseTtlMs`), and the error is
   * thrown.
   */
  async release(partnerId: string, settings: DeliverySettings, leaseId: string): Promise<void> {
    try {
      await this.#transact(
        partnerId,
        (state, now) => {
          const next = releaseLease(state, leaseId, now, settings);
          return next ? { next, value: undefined } : { value: undefined };
        },
        () => undefined,
      );
    } catch (error) {
      const unreleased = this.#unreleased.get(partnerId) ?? new Set<string>();
      unreleased.add(leaseId);
      this.#unreleased.set(partnerId, unreleased);
      throw error;
    }
  }

  /** Records how a request went: a 5xx or timeout counts toward the circuit, a 429 pauses the partner. */
  async report(
    partnerId: string,
    settings: DeliverySettings,
    ticket: AdmissionTicket,
    outcome: RequestOutcome,
  ): Promise<void> {
    if (outcome.kind === 'answered' && !ticket.sawFailures) return;
    if (outcome.kind === 'rate-limited') {
      const until = this.deps.now() + outcome.retryAfterMs;
      this.#pausedUntil.set(partnerId, Math.max(until, this.#pausedUntil.get(partnerId) ?? 0));
      if (await this.deps.store.pause(partnerId, until)) {
        this.#signal({ kind: 'paused', partnerId, pauseMs: outcome.retryAfterMs });
      }
      return;
    }
    const signal = await this.#transact<DeliverySignal | undefined>(
      partnerId,
      (state, now) => {
        if (outcome.kind === 'answered') {
          const closed = afterSuccess(state);
          if (!closed) return { value: undefined };
          const openedAt = closed.openedAt;
          return {
            next: closed.next,
            value:
              openedAt === undefined
                ? undefined
                : { kind: 'circuit-closed', partnerId, openForMs: now - openedAt },
          };
        }
        const failed = afterFailure(state, now, settings);
        return {
          next: failed.next,
          value: failed.opened ? { kind: 'circuit-opened', partnerId } : undefined,
        };
      },
      // Losing a report under heavy contention only delays the circuit's decision by one answer.
      () => undefined,
    );
    if (signal) this.#signal(signal);
  }

  /**
   * Decide, write if nobody wrote since — again after a conflict, up to `maxConflicts` times, then
   * `exhausted()`. `step` returns the value to hand back and, when something changes, the state to
   * write, or a deferral.
   *
   * The state this instance last wrote or was refused with is tried first, without a read: the
   * conditional write checks it, and a refusal hands back the stored state. That makes a request
   * of an instance working alone on a partner one write instead of a read and a write. A decision
   * that writes nothing (a deferral, an unchanged state) is only taken on state just read or just
   * handed back, never on the remembered one, so a stale memory can cost a write but never
   * defers a request that the stored state would have let through.
   */
  async #transact<T>(
    partnerId: string,
    step: (state: DeliveryState, now: number) => TransactionStep<T>,
    exhausted: () => T,
  ): Promise<T> {
    const remembered = this.#known.get(partnerId);
    let state = remembered ?? (await this.#read(partnerId));
    let fresh = remembered === undefined;
    for (let conflict = 0; conflict < maxConflicts; ) {
      // Every decision sees the leases this instance failed to give back as given back.
      const unreleased = this.#unreleased.get(partnerId);
      const giving = unreleased && new Set(unreleased);
      const decided = step(giving ? withoutLeases(state, giving) : state, this.deps.now());
      const next = decided.next;
      if (next === undefined) {
        if (!fresh) {
          state = await this.#read(partnerId);
          fresh = true;
          continue;
        }
        if ('defer' in decided) throw this.#deferral(partnerId, decided.defer);
        return decided.value;
      }
      const outcome = await this.#timed(() => this.deps.store.replace(partnerId, state.version, next));
      if (outcome.written) {
        this.#known.set(partnerId, next);
        if (giving) this.#gaveBack(partnerId, giving);
        // The write went through: the state it was decided on was the stored one.
        if ('defer' in decided) throw this.#deferral(partnerId, decided.defer);
        return decided.value;
      }
      this.#known.set(partnerId, outcome.current);
      state = outcome.current;
      // A refusal of remembered state is not contention: go again at once with what came back.
      // After a refusal of fresh state, back off; what came back may be old again by then.
      if (fresh) {
        await this.#afterConflict(conflict);
        conflict++;
      }
      fresh = !fresh;
    }
    return exhausted();
  }

  /** A store request, its latency noted for the next slot's lead. */
  async #timed<T>(request: () => Promise<T>): Promise<T> {
    const started = this.deps.now();
    const result = await request();
    this.#storeLatency.observe(this.deps.now() - started);
    return result;
  }

  /** Leases a written state was decided without are given back. */
  #gaveBack(partnerId: string, leaseIds: ReadonlySet<string>): void {
    const unreleased = this.#unreleased.get(partnerId);
    if (!unreleased) return;
    for (const leaseId of leaseIds) unreleased.delete(leaseId);
    if (unreleased.size === 0) this.#unreleased.delete(partnerId);
  }

  /** The stored state, remembered for the next decision. */
  async #read(partnerId: string): Promise<DeliveryState> {
    const state = await this.#timed(() => this.deps.store.read(partnerId));
    this.#known.set(partnerId, state);
    return state;
  }

  /** A request not sent now: counted, and the error that defers its record. */
  #deferral(
    partnerId: string,
    { reason, waitMs, openForMs, turnSpacingMs }: Deferral,
  ): DeliveryDeferredError {
    this.#signal({
      kind: 'request-deferred',
      partnerId,
      reason,
      ...(openForMs !== undefined && { openForMs }),
    });
    return new DeliveryDeferredError(reason, partnerId, waitMs, turnSpacingMs);
  }

  /** Backs off a little more after each lost write, so contending instances spread out. */
  async #afterConflict(conflict: number): Promise<void> {
    await this.deps.sleep(Math.floor(this.deps.random() * 10 * Math.min(conflict + 1, 10)));
  }

  #signal(signal: DeliverySignal): void {
    this.deps.onSignal?.(signal);
  }
}
