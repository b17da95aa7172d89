/**
 * `yjinspect verify-report FILE [--json]`: re-check a published report's arithmetic with the rating engine.
 * FILE is a report (PDF or text, imported first) or the JSON of import-report. Prints a table of findings.
 * Exit 0 when everything checked agrees or is explained, 1 when something disagrees, 2 on unusable input, a
 * report of a programme yjinspect has no framework for, or when nothing could be checked.
 */
import { formatVerification, importReportText, importedReportSchema, programmeRefusal, readReportFile, verifyReport, type ImportedReport } from '../../importer/index.js';

export const USAGE = 'yjinspect verify-report FILE [--json]';

export async function run(argv: string[]): Promise<number> {
  let file: string | undefined;
  let json = false;
  for (const arg of argv) {
    if (arg === '--json') json = true;
    else if (arg.startsWith('-')) return fail(`unknown option '${arg}'. Usage: ${USAGE}`);
    else if (file !== undefined) return fail(`give one report file (got '${file}' and '${arg}'). Usage: ${USAGE}`);
    else file = arg;
  }
  if (file === undefined) return fail(`give the report file to verify. Usage: ${USAGE}`);
  const source = await readReportFile(file);
  if (!source.ok) return fail(source.message);
  let report: ImportedReport;
  if (source.kind === 'json') {
    let raw: unknown;
    try {
      raw = JSON.parse(source.text);
    } catch (err) {
      return fail(`${file} is not valid JSON (${(err as Error).message})`);
    }
    const parsed = importedReportSchema.safeParse(raw);
    if (!parsed.success) {
      const where = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
      return fail(`${file} is not an imported report (see schemas/imported-report.schema.json):\n  ${where.join('\n  ')}`);
    }
    report = parsed.data;
  } else {
    report = importReportText(source.text, { fileName: source.fileName });
  }
  const refused = programmeRefusal(report);
  if (refused) return fail(`${file}: ${refused}`);
  if (report.standards.every((s) => s.rating === null) && report.overall.rating === null) {
    return fail(`${file}: no ratings could be read, so there is nothing to verify${report.warnings[0] ? ` (${report.warnings[0].message})` : ''}`);
  }
  const v = verifyReport(report);
  if (json) process.stdout.write(`${JSON.stringify({ framework: v.framework.version, ok: v.ok, checked: v.checked, findings: v.findings }, null, 2)}\n`);
  else process.stdout.write(formatVerification(v));
  // Never a success with nothing verified.
  if (v.checked === 0) return fail(`${file}: nothing was verified: none of the ${v.findings.length} items read could be checked against the ${v.framework.version} framework`);
  return v.findings.some((f) => f.status === 'disagrees') ? 1 : 0;
}

function fail(message: string): number {
  process.stderr.write(`yjinspect verify-report: ${message}\n`);
  return 2;
}
