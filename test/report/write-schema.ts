/** Regenerates schemas/report-data.schema.json from the zod schema: `npx tsx test/report/write-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { reportDataJsonSchema } from '../../src/report/index.js';

writeFileSync(new URL('../../schemas/report-data.schema.json', import.meta.url), `${JSON.stringify(reportDataJsonSchema(), null, 2)}\n`);
