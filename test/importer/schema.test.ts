/** The committed JSON Schema is exactly the one generated from the importer's zod schema. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importedReportJsonSchema, importedReportSchema } from '../../src/importer/index.js';

const file = fileURLToPath(new URL('../../schemas/imported-report.schema.json', import.meta.url));

describe('schemas/imported-report.schema.json', () => {
  it('equals the schema generated from src/importer/schema.ts (regenerate: npx tsx test/importer/write-schema.ts)', () => {
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(importedReportJsonSchema());
  });

  it('has exactly the keys of issue 8', () => {
    const schema = importedReportJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(['provider', 'published', 'framework', 'overall', 'standards', 'caseSample', 'recommendations', 'warnings']);
    expect(schema.required).toEqual(Object.keys(schema.properties));
  });

  it('rejects a report with a count that is not a whole number', () => {
    const bad = {
      provider: null, published: null, framework: null,
      overall: { rating: null, score: null, maxScore: null },
      standards: [{ id: '2.1', name: 'Assessment', rating: 'Good', keyQuestions: [{ id: '2.1.1', relevant: 8.5, yes: 1, percent: 12 }], prompts: [], discretion: null }],
      caseSample: { court: null, outOfCourt: null, resettlement: null }, recommendations: [], warnings: [],
    };
    expect(importedReportSchema.safeParse(bad).success).toBe(false);
  });
});
