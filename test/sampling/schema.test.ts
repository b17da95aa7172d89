import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { schemaPath, schemaText } from './write-schema.js';

describe('schemas/sample-output.schema.json', () => {
  it('is the JSON Schema generated from the zod schema (regenerate: npx tsx test/sampling/write-schema.ts)', () => {
    expect(readFileSync(schemaPath, 'utf8')).toBe(schemaText());
  });

  it('requires the contracted keys', () => {
    const schema = JSON.parse(schemaText()) as { required: string[]; properties: Record<string, { required?: string[]; items?: { required: string[] } }> };
    expect(schema.required).toEqual(expect.arrayContaining(['sizes', 'sample', 'reserve', 'comparison']));
    expect(schema.properties.sizes!.required).toEqual(['court', 'outOfCourt']);
    expect(schema.properties.sample!.items!.required).toEqual(expect.arrayContaining(['ref', 'domain']));
    expect(schema.properties.comparison!.items!.required).toEqual(expect.arrayContaining(['variable', 'domain', 'category', 'population', 'sample']));
  });
});
