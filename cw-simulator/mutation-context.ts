import type { ApiFieldError } from './api-error.js';
import type { JsonRecord, SimulatorStore } from './store.js';

/** What a create or update may look at besides the record itself. */
export interface MutationContext {
  store: SimulatorStore;
  /** `http://host/v4_6_release/apis/3.0`, for hrefs in `_info`. */
  baseUrl: string;
  now: Date;
  /** Member identifier the API keys belong to, recorded as `enteredBy`/`updatedBy`. */
  member: string;
}

/**
 * Rules ConnectWise applies when saving a record: defaults and derived fields. Returns field
 * errors instead of throwing so every problem of a request is reported together.
 */
export type SaveRule = (
  record: Record<string, unknown>,
  previous: JsonRecord | undefined,
  context: MutationContext,
) => ApiFieldError[];

/** Side effects after a create, e.g. the notes a ticket's `initialDescription` becomes. */
export type AfterCreate = (
  record: JsonRecord,
  body: Record<string, unknown>,
  context: MutationContext,
) => void;
