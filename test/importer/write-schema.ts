/** Writes schemas/imported-report.schema.json from the zod schema: `npx tsx test/importer/write-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importedReportJsonSchema } from '../../src/importer/schema.js';

writeFileSync(fileURLToPath(new URL('../../schemas/imported-report.schema.json', import.meta.url)), `${JSON.stringify(importedReportJsonSchema(), null, 2)}\n`);
