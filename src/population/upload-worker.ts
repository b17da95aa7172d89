/** The worker side of parsePopulationUpload: the zip's limits first, then the rows. */
import { serveJob } from '../worker/run.js';
import { parsePopulationCsv } from './csv.js';
import { PopulationFileError, PopulationLimitError } from './rows.js';
import { megabytes, type PopulationFailure, type PopulationJob } from './upload.js';
import { declaredSize, inflatedSize, ZipError, zipEntries } from './zip.js';

async function parse(job: PopulationJob): Promise<unknown> {
  const { data, name, limits } = job;
  if (job.kind === 'csv') return parsePopulationCsv(Buffer.from(data).toString('utf8'), name, { maxRows: limits.maxRows });
  const tooLarge = (size: number): PopulationLimitError =>
    new PopulationLimitError(name, `The file is too large when unzipped: the limit is ${megabytes(limits.maxUnzippedBytes)} and it holds ${Number.isFinite(size) ? megabytes(size) : `more than ${megabytes(limits.maxUnzippedBytes)}`}`);
  try {
    // The central directory's sizes before anything is inflated, then the real sizes (the directory can lie).
    const entries = zipEntries(data);
    const declared = declaredSize(entries);
    if (declared > limits.maxUnzippedBytes) throw tooLarge(declared);
    const actual = inflatedSize(data, entries, limits.maxUnzippedBytes);
    if (actual > limits.maxUnzippedBytes) throw tooLarge(actual);
  } catch (err) {
    if (!(err instanceof ZipError)) throw err;
    throw new PopulationFileError(name, [{ line: 1, column: null, reason: `not readable as an Excel workbook (.xlsx): ${err.message}` }]);
  }
  const { parsePopulationXlsx } = await import('./xlsx.js');
  return parsePopulationXlsx(data, name, { maxRows: limits.maxRows });
}

serveJob(parse, (err): PopulationFailure | undefined =>
  err instanceof PopulationFileError ? { file: err.file, issues: err.issues, ...(err instanceof PopulationLimitError ? { fieldMessage: err.fieldMessage } : {}) } : undefined);
