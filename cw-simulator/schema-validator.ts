import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { SchemaNode } from './openapi-spec.js';

/**
 * Rewrites the subset's component schemas for validation the way ConnectWise validates bodies:
 * unknown fields are errors (`additionalProperties: false`), a nullable enum also accepts null
 * (OpenAPI 3.0 `nullable` does not extend `enum` by itself), and a PATCH `value` may be any JSON
 * value (the generator typed it `object`, but ConnectWise takes numbers, strings and `{id}`).
 */
export const strictComponentSchemas = (
  schemas: Record<string, SchemaNode>,
  options: SchemaValidatorOptions = {},
): Record<string, SchemaNode> => {
  const copy = structuredClone(schemas);
  for (const schema of Object.values(copy)) {
    tighten(schema);
    if (options.ignoreRequired === true) delete schema.required;
  }
  const patch = copy.PatchOperation;
  if (patch?.properties !== undefined) patch.properties.value = {};
  return copy;
};

const tighten = (node: SchemaNode): void => {
  if (node.properties !== undefined) {
    node.additionalProperties ??= false;
    for (const child of Object.values(node.properties)) tighten(child);
  }
  if (node.items !== undefined) tighten(node.items);
  if (node.nullable === true && Array.isArray(node.enum) && !node.enum.includes(null)) {
    node.enum = [...node.enum, null];
  }
};

/** How to read the schemas. */
export interface SchemaValidatorOptions {
  /** For partial records, e.g. responses cut down by `fields`. @default false */
  ignoreRequired?: boolean;
}

/** Validates values against schemas that `$ref` the components of one OpenAPI document. */
export interface SchemaValidator {
  /** Errors of `value` against `schema` (e.g. `{$ref: '#/components/schemas/Ticket'}`); empty when valid. */
  validate(schema: SchemaNode, value: unknown): ErrorObject[];
}

/** Builds a validator over an OpenAPI document's component schemas (made strict, see above). */
export const createSchemaValidator = (
  schemas: Record<string, SchemaNode>,
  options: SchemaValidatorOptions = {},
): SchemaValidator => {
  // unicode: false counts maxLength in UTF-16 units like ConnectWise's SQL Server nvarchar columns,
  // so a 100-character summary holding an emoji (101 units) is refused here as it is there.
  const ajv = new Ajv({ allErrors: true, strict: false, unicode: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'cw', components: { schemas: strictComponentSchemas(schemas, options) } });
  const compiled = new Map<string, ValidateFunction>();
  return {
    validate(schema, value) {
      const key = JSON.stringify(schema).replaceAll('"#/components/', '"cw#/components/');
      let validator = compiled.get(key);
      if (validator === undefined) {
        validator = ajv.compile(JSON.parse(key) as SchemaNode);
        compiled.set(key, validator);
      }
      return validator(value) ? [] : [...(validator.errors ?? [])];
    },
  };
};
