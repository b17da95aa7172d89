/**
 * The published JSON Schemas in schemas/ are generated from the zod schemas of the rate contract.
 * Run with UPDATE_SCHEMAS=1 to regenerate them; otherwise this checks the committed files are current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rateJsonSchemas } from '../../src/core/rating/index.js';

const dir = fileURLToPath(new URL('../../schemas/', import.meta.url));
const files = { input: `${dir}rate-input.schema.json`, output: `${dir}rate-output.schema.json` } as const;

describe('schemas/rate-*.schema.json', () => {
  const generated = rateJsonSchemas();
  for (const which of ['input', 'output'] as const) {
    it(`${which} schema is the one generated from the contract`, () => {
      const text = `${JSON.stringify(generated[which], null, 2)}\n`;
      if (process.env.UPDATE_SCHEMAS === '1') writeFileSync(files[which], text);
      expect(readFileSync(files[which], 'utf8')).toBe(text);
    });
  }

  it('spells out the exact contract keys', () => {
    const input = generated.input as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(input.properties)).toEqual(['framework', 'standards', 'cases', 'discretion']);
    expect(input.required).toEqual(['framework']);
    const output = generated.output as { properties: Record<string, unknown>; required: string[] };
    for (const key of ['framework', 'complete', 'standards', 'warnings', 'score', 'maxScore', 'overall']) expect(output.required).toContain(key);
  });
});
