/**
 * `yjinspect report INPUT --format html|pdf|docx|xlsx|csv --out FILE`: the published report from a report-data
 * JSON (the rating input plus an optional `report` object). Bad input exits 2 naming each JSON path; the
 * output file is written whole or not at all.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ANALYSIS_FORMATS, REPORT_ANNEXES, REPORT_FORMATS, ReportDataError, renderReport, type ReportAnnex, type ReportFormat } from '../../report/index.js';
import { DataFolderInUseError } from '../../app/index.js';

export const usage = 'yjinspect report INPUT.json|- --format html|pdf|docx|xlsx|csv --out FILE [--annex analysis]  (or --inspection ID instead of INPUT: read it from the store in DATA_DIR or DATABASE_URL; --annex analysis adds how firm each rating is, in html, pdf, csv and xlsx)';

class UsageError extends Error {}
/** Input that cannot be used (no such inspection): exit 2, no usage text. */
class InputError extends Error {}

async function readInput(path: string): Promise<unknown> {
  let text: string;
  try {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      text = Buffer.concat(chunks).toString('utf8');
    } else {
      text = await readFile(path, 'utf8');
    }
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ReportDataError([{ path: '$', message: `not valid JSON (${(err as Error).message})` }]);
  }
}

/** An inspection in the store, read through the server's services (loaded only when asked for). */
async function fromStore(inspectionId: string): Promise<unknown> {
  const [{ loadConfig }, { openServices, COMMAND_LINE_READER }] = await Promise.all([
    import('../../server/config.js'), import('../../app/index.js'),
  ]);
  const config = loadConfig();
  const { services, close } = await openServices({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    return await services.reports.data(COMMAND_LINE_READER, inspectionId);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'not-found') throw new InputError(`no inspection ${inspectionId} in the store (${config.databaseUrl ? 'DATABASE_URL' : config.dataDir})`);
    throw err;
  } finally {
    await close();
  }
}

export async function run(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' }, inspection: { type: 'string' }, annex: { type: 'string', multiple: true } },
    });
    if (values.inspection !== undefined ? positionals.length !== 0 : positionals.length !== 1) {
      throw new UsageError('give exactly one INPUT (a report-data JSON file, or - for standard input), or --inspection ID');
    }
    const format = values.format;
    if (!format || !(REPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}${format ? `; got '${format}'` : ''}`);
    }
    if (!values.out) throw new UsageError('--out FILE is required (where to write the report)');
    const annexes = values.annex ?? [];
    for (const a of annexes) {
      if (!(REPORT_ANNEXES as readonly string[]).includes(a)) throw new UsageError(`--annex must be one of ${REPORT_ANNEXES.join(', ')}; got '${a}'`);
    }
    if (annexes.length > 0 && !ANALYSIS_FORMATS.includes(format as ReportFormat)) {
      throw new UsageError(`--annex analysis comes in ${ANALYSIS_FORMATS.join(', ')}, not ${format}`);
    }
    const data = values.inspection !== undefined ? await fromStore(values.inspection) : await readInput(positionals[0]!);
    const output = await renderReport(data, format as ReportFormat, { annexes: annexes as ReportAnnex[] });
    // Write beside the target, then rename: a failed run never leaves half a report behind.
    const tmp = `${values.out}.${process.pid}.tmp`;
    await writeFile(tmp, output);
    await rename(tmp, values.out);
    process.stderr.write(`wrote ${values.out} (${format}, ${output.length.toLocaleString('en-GB')} ${typeof output === 'string' ? 'characters' : 'bytes'})\n`);
    return 0;
  } catch (err) {
    // The command line says who holds the data folder and what to do instead.
    if (err instanceof DataFolderInUseError) throw err;
    if (err instanceof ReportDataError) {
      process.stderr.write(`yjinspect report: the input is not valid report data:\n${err.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n`);
      return 2;
    }
    if (err instanceof InputError) {
      process.stderr.write(`yjinspect report: ${err.message}\n`);
      return 2;
    }
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`yjinspect report: ${(err as Error).message}\nUsage: ${usage}\n`);
      return 2;
    }
    process.stderr.write(`yjinspect report: ${(err as Error).message}\n`);
    return 1;
  }
}
