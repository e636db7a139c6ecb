/** Narrows a fault to some requests; `path` is a regex tested against the path after `apis/3.0`. */
export interface FaultMatch {
  method?: string;
  path?: string;
}

/** A failure to inject into the next `count` matching requests. */
export type Fault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number; count: number; match?: FaultMatch }
  | { kind: 'latency'; ms: number; count: number; match?: FaultMatch }
  | { kind: 'drop'; count: number; match?: FaultMatch }
  | { kind: 'commit-then-drop'; count: number; match?: FaultMatch }
  /** A 3xx to `location`, as a misconfigured or hostile site (or a proxy in front of it) answers. */
  | { kind: 'redirect'; status: number; location: string; count: number; match?: FaultMatch };

/** Thrown for a malformed `POST /__sim/faults` body. */
export class InvalidFaultError extends Error {
  override readonly name = 'InvalidFaultError';
}

const checkFault = (raw: unknown): Fault => {
  const fault = raw as Partial<Fault> & Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null) throw new InvalidFaultError('a fault must be an object');
  if (!Number.isInteger(fault.count) || Number(fault.count) < 1)
    throw new InvalidFaultError('count must be a positive integer');
  if (fault.kind === 'status' && !(Number.isInteger(fault.status) && Number(fault.status) >= 400)) {
    throw new InvalidFaultError('a status fault needs status >= 400');
  }
  if (fault.kind === 'latency' && !(typeof fault.ms === 'number' && fault.ms >= 0)) {
    throw new InvalidFaultError('a latency fault needs ms >= 0');
  }
  if (
    fault.kind === 'redirect' &&
    !(
      Number.isInteger(fault.status) &&
      Number(fault.status) >= 300 &&
      Number(fault.status) <= 399 &&
      typeof fault.location === 'string'
    )
  ) {
    throw new InvalidFaultError('a redirect fault needs a 3xx status and a location');
  }
  if (!['status', 'latency', 'drop', 'commit-then-drop', 'redirect'].includes(String(fault.kind))) {
    throw new InvalidFaultError('kind must be status, latency, drop, commit-then-drop or redirect');
  }
  if (fault.match?.path !== undefined) new RegExp(fault.match.path);
  return structuredClone(fault) as Fault;
};

/** Faults waiting to be consumed, in the order they were added. */
export class FaultQueue {
  private faults: Fault[] = [];

  /** Validates and appends faults; throws InvalidFaultError naming the problem. */
  add(raw: unknown): void {
    if (!Array.isArray(raw)) throw new InvalidFaultError('faults must be an array');
    this.faults.push(...raw.map(checkFault));
  }

  list(): Fault[] {
    return structuredClone(this.faults);
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault matching the request, with one of its counts consumed. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (candidate) =>
        (candidate.match?.method === undefined ||
          candidate.match.method.toUpperCase() === method.toUpperCase()) &&
        (candidate.match?.path === undefined || new RegExp(candidate.match.path).test(path)),
    );
    if (fault === undefined) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return { ...fault, count: 1 };
  }
}
