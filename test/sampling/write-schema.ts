/** Regenerates schemas/sample-output.schema.json from the zod schema: `npx tsx test/sampling/write-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sampleOutputJsonSchema } from '../../src/core/sampling/index.js';

export const schemaPath = fileURLToPath(new URL('../../schemas/sample-output.schema.json', import.meta.url));
export const schemaText = (): string => JSON.stringify(sampleOutputJsonSchema(), null, 2) + '\n';

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeFileSync(schemaPath, schemaText());
