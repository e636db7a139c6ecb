import * as z from 'zod';

/** Raised at cold start when the environment does not hold what a function needs. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/**
 * Parses `env` with `schema` once and freezes the result. A missing or malformed variable fails
 * with its name in the message, so a broken deployment is obvious from the first log line.
 */
export const loadConfig = <S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<z.infer<S>> => {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigurationError(`invalid environment: ${problems.join('; ')}`);
  }
  return Object.freeze(parsed.data);
};

/** A non-empty string variable. */
export const requiredString = z.string({ error: 'is required' }).min(1, 'is required');

/**
 * An integer variable with a default, e.g. `SYNC_DELAY_SECONDS`. Set but empty (`PORT=`) counts as
 * unset: coerced, it would be 0 — a random port or no delay instead of the documented default.
 */
export const integerWithDefault = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce.number().int().min(min).max(max).default(fallback),
  );
