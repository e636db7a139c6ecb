import { z } from 'zod';
import { portalEventSchema } from '../domain/portal-event.js';
import { ValidationError } from '../errors.js';
import { toValidationError } from '../http/validation.js';
import type { EventLog, EventLogPage } from '../ports/event-log.js';

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  nextToken: z.string().min(1).max(2048).optional(),
});

// The ids the event log is written under: whatever ingest accepts as an account id.
const accountIdSchema = portalEventSchema.shape.account.shape.id;

/** True for the errors a forged or truncated `nextToken` causes in the event log adapter. */
const isBadPageToken = (error: unknown): boolean =>
  error instanceof SyntaxError ||
  (error instanceof Error && (error.message === 'invalid nextToken' || error.name === 'ValidationException'));

/**
 * `GET /accounts/{accountId}/events`: one page of the account's event log, newest first.
 * `limit` is 1–100 (default 50); `nextToken` continues where the previous page stopped.
 */
export const listAccountEvents = async (
  eventLog: EventLog,
  rawAccountId: string,
  query: Record<string, string | undefined>,
): Promise<EventLogPage & { accountId: string }> => {
  const accountId = accountIdSchema.safeParse(rawAccountId);
  if (!accountId.success) throw toValidationError(accountId.error, 'accountId');
  const options = querySchema.safeParse(query);
  if (!options.success) throw toValidationError(options.error, 'query');
  try {
    const page = await eventLog.list(accountId.data, options.data);
    return { accountId: accountId.data, ...page };
  } catch (error) {
    if (options.data.nextToken === undefined || !isBadPageToken(error)) throw error;
    throw new ValidationError('nextToken is not a token this API returned', [
      { field: 'nextToken', message: 'is invalid' },
    ]);
  }
};
