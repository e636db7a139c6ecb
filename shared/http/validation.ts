import type { z } from 'zod';
import { ValidationError } from '../errors.js';

/**
 * Turns a zod failure into a `ValidationError` naming every failing field (dotted paths such as
 * `customer.id`), so one 400 tells the caller everything to fix instead of one field per retry.
 */
export const toValidationError = (error: z.ZodError, subject = 'request'): ValidationError => {
  const fields = error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
  const listed = fields.map(({ field, message }) => `${field}: ${message}`).join('; ');
  return new ValidationError(`invalid ${subject}: ${listed}`, fields);
};
