/**
 * Framework data as JSON: both versions round-trip through the zod schema, broken data is refused with
 * a path a person can act on, and schemas/framework.schema.json is the schema generated from the code.
 * Run with UPDATE_SCHEMAS=1 to regenerate the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_FRAMEWORKS, frameworkJsonSchema, getFramework, parseFramework } from '../src/core/framework/index.js';

const file = fileURLToPath(new URL('../schemas/framework.schema.json', import.meta.url));
const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('framework data as JSON', () => {
  it.each(BUILT_IN_FRAMEWORKS)('version %s round-trips through parseFramework unchanged', (version) => {
    const json = asJson(getFramework(version));
    const result = parseFramework(json);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.framework).toEqual(json);
  });

  it('refuses a wrong shape and says where', () => {
    const json = asJson(getFramework('2018')) as { standards: { keyQuestions: { subSample: string; prompts: { id: string }[] }[] }[] };
    json.standards[4]!.keyQuestions[1]!.subSample = 'some-cases';
    json.standards[4]!.keyQuestions[0]!.prompts[2]!.id = '2.1.1-c';
    const result = parseFramework(json);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.some((p) => p.startsWith('standards.4.keyQuestions.1.subSample:'))).toBe(true);
      expect(result.problems.some((p) => p.startsWith('standards.4.keyQuestions.0.prompts.2.id:') && p.includes('2.1.1.a'))).toBe(true);
    }
    expect(parseFramework('2018')).toMatchObject({ ok: false, problems: [expect.stringMatching(/^\(top level\):/)] });
  });

  it('refuses well-shaped data that breaks the integrity rules', () => {
    const json = asJson(getFramework('2021')) as { standards: { counted: boolean }[] };
    json.standards[12]!.counted = true; // 4.1 resettlement counted: 13 standards
    expect(parseFramework(json)).toEqual({ ok: false, problems: ['13 standards are counted at up to 3 each, so the score maximum is 39, not 36'] });
  });

  it('schemas/framework.schema.json is the schema generated from the code', () => {
    const text = `${JSON.stringify(frameworkJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMAS === '1') writeFileSync(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
    const schema = frameworkJsonSchema() as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(['version', 'title', 'appliesTo', 'domains', 'standards', 'rating', 'labels']);
  });
});
