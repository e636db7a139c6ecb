import * as z from 'zod';
import { partnerConfigSchema } from '../domain/partner-config.js';
import { portalEventSchema } from '../domain/portal-event.js';
import { ValidationError } from '../errors.js';
import { toValidationError } from '../http/validation.js';
import { type EventLog, type EventLogEntry, InvalidCursorError } from '../ports/event-log.js';

/** The query of `GET /accounts/{accountId}/events`. */
export const accountEventsQuerySchema = z.object({
  partnerId: partnerConfigSchema.shape.partnerId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(2048).optional(),
});

// The ids the event log is written under: whatever ingest accepts as an account id.
export const accountIdSchema = portalEventSchema.shape.account.shape.id;

/** True for the errors a forged or truncated cursor causes in the event log adapter. */
const isBadCursor = (error: unknown): boolean =>
  error instanceof InvalidCursorError || (error instanceof Error && error.name === 'ValidationException');

/** One page of `GET /accounts/{accountId}/events`. */
export interface AccountEventsPage {
  readonly accountId: string;
  /** Present when the listing was narrowed to one partner. */
  readonly partnerId?: string;
  /** Newest first; every entry names its partner. */
  readonly entries: EventLogEntry[];
  /** Pass as `?cursor=` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/**
 * `GET /accounts/{accountId}/events`: one page of the account's event log, newest first.
 * `partnerId` narrows it to one partner's entries (an account id is only unique per partner);
 * `limit` is 1–100 (default 50); `cursor` continues where the previous page stopped.
 */
export const listAccountEvents = async (
  eventLog: EventLog,
  rawAccountId: string,
  query: Record<string, string | undefined>,
): Promise<AccountEventsPage> => {
  // Parsed as a named field, so the 400 names `accountId` rather than the document root.
  const path = z.object({ accountId: accountIdSchema }).safeParse({ accountId: rawAccountId });
  if (!path.success) throw toValidationError(path.error, 'path');
  const { accountId } = path.data;
  const options = accountEventsQuerySchema.safeParse(query);
  if (!options.success) throw toValidationError(options.error, 'query');
  const { partnerId, cursor } = options.data;
  try {
    const page = await eventLog.list(accountId, options.data);
    return {
      accountId,
      ...(partnerId !== undefined && { partnerId }),
      entries: page.entries,
      ...(page.cursor !== undefined && { nextCursor: page.cursor }),
    };
  } catch (error) {
    if (cursor === undefined || !isBadCursor(error)) throw error;
    throw new ValidationError('cursor is not one this API returned for this listing', [
      { field: 'cursor', message: 'is invalid' },
    ]);
  }
};
