import type * as z from 'zod';
import { ValidationError } from '../errors.js';

/**
 * The most failing fields one 400 lists. An unbounded array of bad entries (60,000 unknown
 * severities fit in a 256 KB body) would otherwise answer a problem of megabytes: past Lambda's
 * 6 MB response limit (a 502 at the gateway) and too large for the audit trail's entry.
 */
export const maxListedFields = 50;

/**
 * Turns a zod failure into a `ValidationError` naming every failing field (dotted paths such as
 * `customer.id`), so one 400 tells the caller everything to fix instead of one field per retry;
 * past `maxListedFields` it names the first ones and says how many more there are.
 */
export const toValidationError = (error: z.ZodError, subject = 'request'): ValidationError => {
  const fields = error.issues.slice(0, maxListedFields).map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
  const more = error.issues.length - fields.length;
  const listed = fields.map(({ field, message }) => `${field}: ${message}`).join('; ');
  return new ValidationError(`invalid ${subject}: ${listed}${more > 0 ? `; and ${more} more` : ''}`, fields);
};
