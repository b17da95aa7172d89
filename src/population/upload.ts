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
  new PopulationLimitError(name, `The file is too large: the limit is ${megabytes(limits.maxFileBytes)} and it is ${megabytes(size)}`);

export async function parsePopulationUpload(data: Uint8Array, name: string, limits: PopulationLimits = POPULATION_LIMITS): Promise<PopulationCase[]> {
  if (data.length > limits.maxFileBytes) throw fileTooLarge(name, data.length, limits);
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
