/**
 * An uploaded (or command-line) population file read within limits, in a worker thread: the server keeps
 * answering while a file is read, and a zip bomb, a million rows or a file that takes too long is refused
 * with a message for the file field instead of freezing the server.
 */
import { jobModule, JobLimitError, runJob } from '../worker/run.js';
import type { PopulationCase } from '../core/sampling/index.js';
import { PopulationFileError, PopulationLimitError, type RowIssue } from './rows.js';

export interface PopulationLimits {
  /** Size of the file as uploaded. */
  readonly maxFileBytes: number;
  /** Total size of an XLSX's entries once unzipped. */
  readonly maxUnzippedBytes: number;
  /** Data rows (cases), the header not counted. */
  readonly maxRows: number;
  readonly timeoutMs: number;
  readonly maxMemoryMb: number;
}

/** A service's population is a few thousand cases; these leave a wide margin. */
export const POPULATION_LIMITS: PopulationLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxUnzippedBytes: 32 * 1024 * 1024,
  maxRows: 50_000,
  timeoutMs: 30_000,
  maxMemoryMb: 1024,
};

export interface PopulationJob {
  readonly data: Uint8Array;
  readonly name: string;
  readonly kind: 'csv' | 'xlsx';
  readonly limits: PopulationLimits;
}

/** Details of a PopulationFileError carried back from the worker. */
export interface PopulationFailure {
  readonly file: string;
  readonly issues: readonly RowIssue[];
  readonly fieldMessage?: string;
}

export const megabytes = (bytes: number): string =>
  bytes < 1048576 ? `${Math.ceil(bytes / 1024)} KB` : `${Math.round((bytes / 1048576) * 10) / 10} MB`;

/** An XLSX is a zip file; anything else is read as CSV text. */
export const looksLikeXlsx = (name: string, data: Uint8Array): boolean => /\.xlsx$/i.test(name) || (data[0] === 0x50 && data[1] === 0x4b);

export const fileTooLarge = (name: string, size: number, limits: PopulationLimits): PopulationLimitError =>
  new PopulationLimitError(name, `The selected file must be smaller than ${megabytes(limits.maxFileBytes)} (it is ${megabytes(size)})`);

export const NOT_CSV_OR_XLSX = 'The selected file must be a CSV or XLSX file';

/**
 * Neither a workbook nor text: another kind of file (a picture, a PDF, an old .xls) is named as such, never
 * read as CSV, whose problems would echo its raw bytes back.
 */
function notCsvOrXlsx(name: string, data: Uint8Array): boolean {
  if (looksLikeXlsx(name, data)) return false;
  if (/\.(xls|xlsm|ods|pdf|png|jpe?g|gif|docx?|zip)$/i.test(name)) return true;
  const head = data.subarray(0, 4096);
  // Text has no NUL bytes and few control characters; a picture or a PDF has both within its first bytes.
  let control = 0;
  for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) control++;
  return head.includes(0) || control > head.length / 100;
}

export async function parsePopulationUpload(data: Uint8Array, name: string, limits: PopulationLimits = POPULATION_LIMITS): Promise<PopulationCase[]> {
  if (data.length > limits.maxFileBytes) throw fileTooLarge(name, data.length, limits);
  if (notCsvOrXlsx(name, data)) throw new PopulationLimitError(name, NOT_CSV_OR_XLSX);
  const job: PopulationJob = { data: new Uint8Array(data), name, kind: looksLikeXlsx(name, data) ? 'xlsx' : 'csv', limits };
  try {
    return await runJob<PopulationCase[]>(jobModule(import.meta.url, 'upload-worker'), job, limits, [job.data.buffer as ArrayBuffer]);
  } catch (err) {
    if (err instanceof JobLimitError) {
      throw new PopulationLimitError(name, err.reason === 'time'
        ? `The file took too long to read: the limit is ${Math.round(limits.timeoutMs / 1000)} seconds; check that it is the population export`
        : `The file needs too much memory to read: the limit is ${limits.maxMemoryMb.toLocaleString('en-GB')} MB; check that it is the population export`);
    }
    const failure = (err as { details?: PopulationFailure }).details;
    if (!failure) throw err;
    throw failure.fieldMessage ? new PopulationLimitError(failure.file, failure.fieldMessage) : new PopulationFileError(failure.file, failure.issues);
  }
}
