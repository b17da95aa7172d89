/**
 * `yjinspect import-report FILE [--json]`: read a published report (PDF, PDF-converter text, markdown or
 * HTML) into data. Prints a readable summary, or with --json exactly the imported-report JSON
 * (schemas/imported-report.schema.json). Exit 0 when read (warnings included), 2 on unusable input or a
 * report of an inspection programme yjinspect has no framework for.
 */
import { formatImportSummary, importReportText, programmeRefusal, readReportFile } from '../../importer/index.js';

export const USAGE = 'yjinspect import-report FILE [--json]';

export async function run(argv: string[]): Promise<number> {
  let file: string | undefined;
  let json = false;
  for (const arg of argv) {
    if (arg === '--json') json = true;
    else if (arg.startsWith('-')) return usage(`unknown option '${arg}'`);
    else if (file !== undefined) return usage(`give one report file (got '${file}' and '${arg}')`);
    else file = arg;
  }
  if (file === undefined) return usage('give the report file to import');
  const source = await readReportFile(file);
  if (!source.ok) {
    process.stderr.write(`yjinspect import-report: ${source.message}\n`);
    return 2;
  }
  if (source.kind === 'json') {
    process.stderr.write(`yjinspect import-report: ${file} is already an imported report (JSON); check it with \`yjinspect verify-report ${file}\`\n`);
    return 2;
  }
  const report = importReportText(source.text, { fileName: source.fileName });
  const refused = programmeRefusal(report);
  if (refused) {
    process.stderr.write(`yjinspect import-report: ${file}: ${refused}\n`);
    return 2;
  }
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatImportSummary(report));
  return 0;
}

function usage(message: string): number {
  process.stderr.write(`yjinspect import-report: ${message}. Usage: ${USAGE}\n`);
  return 2;
}
