import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface JsonSchema {
  properties?: Record<string, unknown>;
  required?: string[];
}

const spec = JSON.parse(readFileSync('cw-simulator/openapi-subset-2025.1.json', 'utf8')) as {
  components: { schemas: Record<string, JsonSchema> };
};
const generated = readFileSync('shared/connectwise/manage-2025.1-schemas.ts', 'utf8');

/** Each schema of the generated file: its properties and whether each is required. */
const generatedSchemas = (): Map<string, Map<string, boolean>> => {
  const schemas = new Map<string, Map<string, boolean>>();
  for (const block of generated.matchAll(/^ {4}(\w+): \{\n([\s\S]*?)\n {4}\};$/gm)) {
    const properties = new Map<string, boolean>();
    for (const line of (block[2] ?? '').matchAll(/^ {6}"?(\w+)"?(\?)?:/gm)) {
      properties.set(line[1] ?? '', line[2] !== '?');
    }
    schemas.set(block[1] ?? '', properties);
  }
  return schemas;
};

describe('generated ConnectWise 2025.1 types', () => {
  it('match the 2025.1 subset in the repo: same schemas, fields and required fields', () => {
    const schemas = generatedSchemas();
    expect(schemas.size).toBeGreaterThan(50);
    for (const [name, properties] of schemas) {
      const schema = spec.components.schemas[name];
      expect(schema, name).toBeDefined();
      const expected = Object.keys(schema?.properties ?? {}).map((field) => [
        field,
        (schema?.required ?? []).includes(field),
      ]);
      expect([...properties].sort(), name).toEqual(expected.sort());
    }
  });
});
