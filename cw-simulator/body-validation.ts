import type { ErrorObject } from 'ajv';
import { type ApiFieldError, invalidObject } from './api-error.js';
import { openApiDocument } from './openapi-spec.js';
import { createSchemaValidator } from './schema-validator.js';

const validator = createSchemaValidator(openApiDocument.components.schemas);

// Fields the server owns: ConnectWise ignores them in a request body instead of failing.
const serverFields = ['id', '_info'];

const fieldOf = (error: ErrorObject): string => {
  const base = error.instancePath.replace(/^\//, '');
  const child =
    (error.params as { missingProperty?: string; additionalProperty?: string }).missingProperty ??
    (error.params as { additionalProperty?: string }).additionalProperty;
  return [base, child].filter((part) => part !== undefined && part !== '').join('/');
};

const toFieldError = (resource: string, error: ErrorObject): ApiFieldError => {
  const field = fieldOf(error);
  switch (error.keyword) {
    case 'required':
      return { code: 'NullOrEmpty', message: `${field} is required.`, resource, field };
    case 'maxLength': {
      const limit = (error.params as { limit: number }).limit;
      return {
        code: 'InvalidField',
        message: `${field} cannot be longer than ${limit} characters.`,
        resource,
        field,
      };
    }
    case 'additionalProperties':
      return {
        code: 'InvalidField',
        message: `${field} is not a known field of ${resource}.`,
        resource,
        field,
      };
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.filter((v) => v !== null);
      return {
        code: 'InvalidField',
        message: `${field} must be one of ${allowed.join(', ')}.`,
        resource,
        field,
      };
    }
    default:
      return { code: 'InvalidField', message: `${field} ${error.message ?? 'is invalid'}.`, resource, field };
  }
};

/** Removes server-owned fields from a request body, as ConnectWise silently ignores them. */
export const withoutServerFields = (body: Record<string, unknown>): Record<string, unknown> => {
  const copy = { ...body };
  for (const field of serverFields) delete copy[field];
  return copy;
};

/**
 * Validates a record against a component schema (required, maxLength, enums, types, unknown
 * fields) and throws a 400 `InvalidObject` listing every field error.
 */
export const assertValidRecord = (schemaName: string, record: unknown): void => {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw invalidObject(schemaName, [
      {
        code: 'InvalidObject',
        message: 'The request body must be a JSON object.',
        resource: schemaName,
        field: '',
      },
    ]);
  }
  const errors = validator.validate(
    { $ref: `#/components/schemas/${schemaName}` },
    withoutServerFields(record as Record<string, unknown>),
  );
  // Type and format failures repeat the same field; report each field and keyword once.
  const unique = new Map(errors.map((error) => [`${fieldOf(error)}:${error.keyword}`, error]));
  if (unique.size > 0)
    throw invalidObject(
      schemaName,
      [...unique.values()].map((e) => toFieldError(schemaName, e)),
    );
};
