/**
 * Delivery control of one partner's ConnectWise, as pure transitions of the state every sync
 * instance shares: a pace (a token bucket in its GCRA form: one "theoretical arrival time"
 * instead of a token count, so a caller can reserve the next free slot and sleep until it), a
 * pause set by a 429's Retry-After, and a circuit that opens after consecutive unavailable
 * answers and lets one probe through at a growing interval. Times are epoch milliseconds.
 */

/** What all sync instances share about one partner's ConnectWise. */
export interface DeliveryState {
  /** Optimistic-concurrency counter: every write expects the version it read. */
  readonly version: number;
  /** When the next request would be due at exactly the pace (GCRA's theoretical arrival time). */
  readonly tat: number;
  /** No request before this (a 429's Retry-After). */
  readonly pausedUntil: number;
  /** Unavailable answers (5xx, timeouts, connection failures) since the last success. */
  readonly failures: number;
  /** Set while the circuit is open: when it opened. */
  readonly openedAt?: number;
  /** While open: when the next probe may go. */
  readonly nextProbeAt?: number;
  /** While open: the wait after the next probe, doubling up to `probeMaxMs`. */
  readonly probeIntervalMs?: number;
  /** Records being worked on against this partner's ConnectWise: lease id → when it lapses. */
  readonly leases?: Readonly<Record<string, number>>;
  /**
   * When the next record turned away for want of a place is due back (see `takeTurns`): the
   * records waiting for a place come back one after another, about as fast as places free up.
   */
  readonly turnAt?: number;
  /** How long a record holds its place, as a moving mean of the places given back. */
  readonly recordMs?: number;
}

export const initialDeliveryState: DeliveryState = { version: 0, tat: 0, pausedUntil: 0, failures: 0 };

/** One partner's pace and the circuit's timings. */
export interface DeliverySettings {
  /** The partner's `connectWiseRequestsPerSecond`. */
  readonly requestsPerSecond: number;
  /** Requests that may go at once after a quiet spell (at least 1). */
  readonly burst: number;
  /** Consecutive unavailable answers that open the circuit. */
  readonly failureThreshold: number;
  /** Wait before the first probe of an open circuit. */
  readonly probeInitialMs: number;
  /** Longest wait between probes. */
  readonly probeMaxMs: number;
  /** A request waits in process for its slot at most this long; a longer wait defers the record. */
  readonly maxInProcessWaitMs: number;
  /**
   * Records of the partner worked on at once across all sync instances. A few saturate the pace;
   * more would only hold sync instances waiting for slots while other partners' records queue.
   */
  readonly maxRecordsInFlight: number;
  /** A lease its holder never released (a crashed instance) lapses after this long. */
  readonly leaseTtlMs: number;
}

/** The partner's pace when its configuration names none (DESIGN: default 5). */
export const defaultRequestsPerSecond = 5;

/** Why a request was not sent now. */
export type DeferralReason = 'circuit-open' | 'paused' | 'paced' | 'busy';

export type Admission =
  | {
      readonly kind: 'go';
      /** The state to write (conditional on `state.version`) before the request is sent. */
      readonly next: DeliveryState;
      /** How long to wait for the reserved slot before sending. */
      readonly waitMs: number;
      /** This request is the open circuit's probe. */
      readonly probe: boolean;
    }
  | { readonly kind: 'defer'; readonly reason: DeferralReason; readonly waitMs: number };

/**
 * How late past its slot a request may go out (later, it takes a new slot): a quarter of the
 * pace's nominal interval, at most 50 ms.
 */
export const maxLatenessMs = (settings: Pick<DeliverySettings, 'requestsPerSecond'>): number =>
  Math.min(50, 250 / settings.requestsPerSecond);

/**
 * The spacing of slots: the pace's interval stretched so that `requestsPerSecond` requests, each
 * sent up to `maxLatenessMs` late, still never make more than that many in any one second (at 5
 * requests a second, 210 ms instead of 200).
 */
const intervalMs = (settings: DeliverySettings): number =>
  (1000 + maxLatenessMs(settings)) / settings.requestsPerSecond;

export const isOpen = (state: DeliveryState): boolean => state.openedAt !== undefined;

/**
 * May one request go now? An open circuit lets one probe through once `nextProbeAt` has passed
 * (and moves `nextProbeAt` on, so concurrent instances do not probe too); otherwise the request
 * gets the next slot of the pace, no earlier than the pause, if that slot is near enough.
 * `sendAfterMs` is how long the caller needs before it can send (writing the state it is given):
 * the slot is reserved no earlier than that, so the time the request goes out is the time the
 * pace counts, and a slow write does not bunch it with the next slot's request.
 */
export const admit = (
  state: DeliveryState,
  nowMs: number,
  settings: DeliverySettings,
  sendAfterMs = 0,
): Admission => {
  let next: DeliveryState = { ...state, version: state.version + 1 };
  let probe = false;
  if (isOpen(state)) {
    const probeAt = state.nextProbeAt ?? nowMs;
    if (nowMs < probeAt) return { kind: 'defer', reason: 'circuit-open', waitMs: probeAt - nowMs };
    const interval = state.probeIntervalMs ?? settings.probeInitialMs;
    next = {
      ...next,
      nextProbeAt: nowMs + interval,
      probeIntervalMs: Math.min(settings.probeMaxMs, interval * 2),
    };
    probe = true;
  }
  const interval = intervalMs(settings);
  const tolerance = (Math.max(1, settings.burst) - 1) * interval;
  const allowAt = Math.max(state.tat - tolerance, state.pausedUntil, nowMs + sendAfterMs);
  const waitMs = allowAt - nowMs;
  // A probe is never deferred for the pace: the circuit has already moved its next probe on.
  if (waitMs - sendAfterMs > settings.maxInProcessWaitMs && !probe) {
    return { kind: 'defer', reason: state.pausedUntil > nowMs ? 'paused' : 'paced', waitMs };
  }
  return { kind: 'go', next: { ...next, tat: Math.max(state.tat, allowAt) + interval }, waitMs, probe };
};

/** After an unavailable answer: one more failure, and the circuit opens at the threshold. */
export const afterFailure = (
  state: DeliveryState,
  nowMs: number,
  settings: DeliverySettings,
): { readonly next: DeliveryState; readonly opened: boolean } => {
  const failures = state.failures + 1;
  const next = { ...state, version: state.version + 1, failures };
  if (isOpen(state) || failures < settings.failureThreshold) return { next, opened: false };
  return {
    next: {
      ...next,
      openedAt: nowMs,
      nextProbeAt: nowMs + settings.probeInitialMs,
      probeIntervalMs: Math.min(settings.probeMaxMs, settings.probeInitialMs * 2),
    },
    opened: true,
  };
};

/**
 * After an answer that shows the site is up (2xx-4xx, 429 aside): the failures are forgotten and an
 * open circuit closes. Undefined when there is nothing to write (the common case).
 */
export const afterSuccess = (
  state: DeliveryState,
): { readonly next: DeliveryState; readonly openedAt?: number } | undefined => {
  if (state.failures === 0 && !isOpen(state)) return undefined;
  const { openedAt, nextProbeAt: _n, probeIntervalMs: _p, ...rest } = state;
  return {
    next: { ...rest, version: state.version + 1, failures: 0 },
    ...(openedAt !== undefined && { openedAt }),
  };
};

/**
 * After a 429: nobody sends before `untilMs`. Undefined when the pause already reaches that far.
 * The rule of `DeliveryStateStore.pause`, which applies it in one atomic write.
 */
export const pauseUntil = (state: DeliveryState, untilMs: number): DeliveryState | undefined =>
  untilMs <= state.pausedUntil ? undefined : { ...state, version: state.version + 1, pausedUntil: untilMs };

const liveLeases = (state: DeliveryState, nowMs: number): Record<string, number> =>
  Object.fromEntries(Object.entries(state.leases ?? {}).filter(([, expiresAt]) => expiresAt > nowMs));

/**
 * May one more record of the partner be worked on? Lapsed leases are dropped on the way. Undefined
 * when `maxRecordsInFlight` records hold one: the record waits its turn outside the function.
 */
export const acquireLease = (
  state: DeliveryState,
  leaseId: string,
  nowMs: number,
  settings: Pick<DeliverySettings, 'maxRecordsInFlight' | 'leaseTtlMs'>,
): DeliveryState | undefined => {
  const leases = liveLeases(state, nowMs);
  // A record's lease is its own to take again: a retry after its release was lost renews it.
  if (leases[leaseId] === undefined && Object.keys(leases).length >= settings.maxRecordsInFlight)
    return undefined;
  return {
    ...state,
    version: state.version + 1,
    leases: { ...leases, [leaseId]: nowMs + settings.leaseTtlMs },
  };
};

/**
 * Gives a lease back, noting how long it was held in `recordMs`; undefined when it is not held
 * (it lapsed, or was never taken).
 */
export const releaseLease = (
  state: DeliveryState,
  leaseId: string,
  nowMs: number,
  settings: Pick<DeliverySettings, 'leaseTtlMs'>,
): DeliveryState | undefined => {
  const expiresAt = state.leases?.[leaseId];
  if (expiresAt === undefined) return undefined;
  const heldMs = Math.max(0, nowMs - (expiresAt - settings.leaseTtlMs));
  const recordMs = state.recordMs === undefined ? heldMs : state.recordMs + (heldMs - state.recordMs) / 8;
  return {
    ...withoutLeases(state, new Set([leaseId])),
    version: state.version + 1,
    recordMs: Math.round(recordMs),
  };
};

/** What a record costs in requests, about: the places and the turns are sized by it. */
const requestsPerRecord = 2;

/**
 * How far apart the turns of records waiting for a place are: as fast as the pace serves records
 * (`requestsPerRecord` requests each), or as fast as the places have been freeing up when records
 * hold them longer than that.
 */
const turnSpacingMs = (
  state: DeliveryState,
  settings: Pick<DeliverySettings, 'requestsPerSecond' | 'maxRecordsInFlight'>,
): number =>
  Math.round(
    Math.max(
      (requestsPerRecord * 1000) / settings.requestsPerSecond,
      (state.recordMs ?? 0) / settings.maxRecordsInFlight,
    ),
  );

/** The turns `takeTurns` gave: the first's wait, and how far apart the others are. */
export interface Turns {
  readonly next: DeliveryState;
  readonly waitMs: number;
  readonly spacingMs: number;
}

/**
 * Turns for `count` records turned away for want of a place (a take-a-number line): the first
 * comes back at the end of the line, a spacing from now at the soonest, the others a spacing
 * after each other, and the line moves on past them. Records come back about when places free up,
 * instead of all at once (most find no place again) or after a wait that doubles with each
 * refusal (places stand empty while the partner's backlog sleeps). A record that comes back too
 * early takes a new turn at the end of the line.
 */
export const takeTurns = (
  state: DeliveryState,
  nowMs: number,
  settings: Pick<DeliverySettings, 'requestsPerSecond' | 'maxRecordsInFlight'>,
  count: number,
): Turns => {
  const spacingMs = turnSpacingMs(state, settings);
  const first = Math.max(nowMs + spacingMs, state.turnAt ?? 0);
  return {
    next: { ...state, version: state.version + 1, turnAt: first + Math.max(1, count) * spacingMs },
    waitMs: first - nowMs,
    spacingMs,
  };
};

/**
 * The state without leases whose holders have finished (an instance whose release did not reach
 * the store gives them back with its next write); the same state when none of them is held.
 */
export const withoutLeases = (state: DeliveryState, leaseIds: ReadonlySet<string>): DeliveryState => {
  if (!state.leases || ![...leaseIds].some((id) => state.leases?.[id] !== undefined)) return state;
  return {
    ...state,
    leases: Object.fromEntries(Object.entries(state.leases).filter(([id]) => !leaseIds.has(id))),
  };
};

/** The circuit's and the in-process wait's timings: configuration of the sync function. */
export interface DeliveryTimings {
  readonly failureThreshold: number;
  readonly probeInitialMs: number;
  readonly probeMaxMs: number;
  readonly maxInProcessWaitMs: number;
  readonly leaseTtlMs: number;
}

/**
 * Deployed defaults: three unavailable answers in a row open the circuit; probes 10 s apart at
 * first (longer than a request's 10 s timeout, so one probe is in flight at a time), doubling to
 * five minutes; a request waits up to 2 s for its slot before its record is deferred.
 */
export const defaultDeliveryTimings: DeliveryTimings = {
  failureThreshold: 3,
  probeInitialMs: 10_000,
  probeMaxMs: 300_000,
  maxInProcessWaitMs: 2_000,
  // The sync function's timeout (120 s) and a margin: a lease outlives any record that holds it.
  leaseTtlMs: 130_000,
};

/** The sync function's env vars of those timings (set short by the local stack). */
export const deliveryTimingEnvVars = {
  failureThreshold: 'CONNECTWISE_FAILURE_THRESHOLD',
  probeInitialMs: 'CONNECTWISE_PROBE_INITIAL_MS',
  probeMaxMs: 'CONNECTWISE_PROBE_MAX_MS',
  maxInProcessWaitMs: 'CONNECTWISE_MAX_PACE_WAIT_MS',
} as const;

/** A partner's settings: its configured pace (or the default) with the function's timings. */
export const deliverySettingsOf = (
  partnerSettings: { readonly connectWiseRequestsPerSecond?: number; readonly connectWiseBurst?: number },
  timings: DeliveryTimings,
): DeliverySettings => {
  const requestsPerSecond = partnerSettings.connectWiseRequestsPerSecond ?? defaultRequestsPerSecond;
  return {
    ...timings,
    requestsPerSecond,
    burst: partnerSettings.connectWiseBurst ?? Math.max(1, Math.ceil(requestsPerSecond)),
    // A record sends a request every few hundred milliseconds: one per 2 req/s keeps the pace full.
    maxRecordsInFlight: Math.max(1, Math.ceil(requestsPerSecond / requestsPerRecord)),
  };
};
