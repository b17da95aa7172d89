/** Regenerates schemas/report-sections.schema.json from the zod schemas: `npx tsx test/report-text/write-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { reportSectionsJsonSchema } from '../../src/app/report-text.js';

writeFileSync(new URL('../../schemas/report-sections.schema.json', import.meta.url), `${JSON.stringify(reportSectionsJsonSchema(), null, 2)}\n`);
