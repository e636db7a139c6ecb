import { readFileSync } from 'node:fs';

/** A JSON schema node of the OpenAPI subset (3.0 dialect: `nullable`, `$ref` to components). */
export interface SchemaNode {
  type?: string;
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  required?: string[];
  enum?: unknown[];
  maxLength?: number;
  nullable?: boolean;
  additionalProperties?: boolean | SchemaNode;
  [key: string]: unknown;
}

interface MediaType {
  schema?: SchemaNode;
}

/** One operation of the subset; only the parts the simulator reads. */
export interface OperationSpec {
  operationId: string;
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType> }>;
}

/** The OpenAPI document shape the simulator relies on. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationSpec>>;
  components: { schemas: Record<string, SchemaNode> };
}

/** The subset ships beside this file so the simulator never reads outside the repository. */
const specUrl = new URL('./openapi-subset-2025.1.json', import.meta.url);

/** Loaded once per process: the file is 350 KB and immutable. */
export const openApiDocument: OpenApiDocument = JSON.parse(readFileSync(specUrl, 'utf8')) as OpenApiDocument;

/** The component schema name a `$ref` points at (`#/components/schemas/Ticket` → `Ticket`). */
export const refName = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);

/** A component schema by name; throws for names the subset lacks, which is a simulator bug. */
export const componentSchema = (name: string): SchemaNode => {
  const schema = openApiDocument.components.schemas[name];
  if (schema === undefined) throw new Error(`schema ${name} is not in the OpenAPI subset`);
  return schema;
};

/** Whether the subset declares `method` on `template` (e.g. `get`, `/service/tickets/{id}`). */
export const hasOperation = (method: string, template: string): boolean =>
  openApiDocument.paths[template]?.[method.toLowerCase()] !== undefined;

/**
 * The success status the subset declares for `method` on `template`: most deletes answer 204, a
 * few (cross-references, logins…) 200 with the deleted record.
 */
export const declaredSuccessStatus = (method: string, template: string, fallback: number): number => {
  const statuses = Object.keys(openApiDocument.paths[template]?.[method.toLowerCase()]?.responses ?? {})
    .map(Number)
    .filter((status) => status >= 200 && status < 300);
  return statuses[0] ?? fallback;
};

/**
 * The schema found by following `a/b/c` through properties and `$ref`s of a component schema,
 * or undefined when the path names no field — used for PATCH paths and condition fields.
 */
export const schemaAtPath = (schemaName: string, path: readonly string[]): SchemaNode | undefined => {
  let node: SchemaNode | undefined = componentSchema(schemaName);
  for (const segment of path) {
    if (node?.$ref !== undefined) node = componentSchema(refName(node.$ref));
    const open: SchemaNode | undefined =
      typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined;
    node = node?.properties?.[segment] ?? open;
    if (node === undefined) return undefined;
  }
  if (node?.$ref !== undefined) return componentSchema(refName(node.$ref));
  return node;
};
