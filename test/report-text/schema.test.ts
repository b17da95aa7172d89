/** The published JSON Schema of the report section bodies is the one the service validates with. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { reportSectionsJsonSchema, SECTION_BODIES } from '../../src/app/report-text.js';

it('publishes the report-sections JSON Schema generated from the zod schemas, one property per kind of section', () => {
  const committed = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schemas', 'report-sections.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
  // Out of date? Run `npx tsx test/report-text/write-schema.ts`.
  expect(committed).toEqual(JSON.parse(JSON.stringify(reportSectionsJsonSchema())));
  expect(Object.keys(committed.properties).sort()).toEqual(Object.keys(SECTION_BODIES).sort());
  const facts = committed.properties['contextual-facts'] as { properties: Record<string, unknown>; additionalProperties: boolean };
  expect(Object.keys(facts.properties).sort()).toEqual(['caseload', 'demographics', 'population', 'sources', 'staffing']);
  expect(facts.additionalProperties).toBe(false);
});
