import * as z from 'zod';
import { toValidationError } from '../http/validation.js';
import {
  type DeadLetterEntry,
  listDeadLetters,
  type RedriveDeps,
  type RedriveResult,
  redriveDeadLetters,
  redriveRequestSchema,
} from '../operations/dead-letters.js';

/** The query of `GET /dlq`. */
export const listQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/** `GET /dlq[?limit=]`: the dead-lettered sync records, each with why it failed. */
export const deadLettersRoute = async (
  deps: RedriveDeps,
  query: Record<string, string | undefined>,
): Promise<{ messages: DeadLetterEntry[]; complete: boolean }> => {
  const parsed = listQuerySchema.safeParse(query);
  if (!parsed.success) throw toValidationError(parsed.error, 'query');
  return listDeadLetters(deps, { limit: parsed.data.limit });
};

/** `POST /dlq/redrive` with `{all: true}`, `{partnerId}` or `{eventIds}`, and `dryRun`. */
export const redriveRoute = async (deps: RedriveDeps, body: unknown): Promise<RedriveResult> => {
  const parsed = redriveRequestSchema.safeParse(body);
  if (!parsed.success) throw toValidationError(parsed.error);
  return redriveDeadLetters(deps, parsed.data);
};
