/**
 * The importer's public surface: read a published report (text or PDF) into data, and re-check it with
 * the rating engine. Adapters (CLI, server, a library of reports) use only these.
 */
import { registeredFrameworks } from '../core/framework/index.js';
import type { Framework } from '../core/framework/types.js';
import { importReportText as importWith, type ImportOptions } from './import-report.js';
import type { ImportedReport } from './schema.js';

export * from './schema.js';
export { programmeRefusal } from './programme.js';
export { verifyReport, type Finding, type FindingStatus, type Verification } from './verify.js';
// For the command line: a report file read from disk, and plain-text summaries of an import and a verification.
export { readReportFile, type ReportSource } from './read-report-file.js';
export { formatImportSummary, formatVerification } from './summary.js';

/** Every framework loaded now: the built-in ones and any a site administrator added. */
export function knownFrameworks(): readonly Framework[] {
  return registeredFrameworks().map((e) => e.framework);
}

/**
 * One published report's text (plain text from a PDF converter, markdown or HTML) → ImportedReport.
 * Pure and total: never throws; what it cannot read is a warning with the source line.
 */
export function importReportText(text: string, options: Partial<ImportOptions> = {}): ImportedReport {
  return importWith(text, { fileName: options.fileName, frameworks: options.frameworks ?? knownFrameworks() });
}
