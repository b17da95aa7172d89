/**
 * An uploaded report read into data in a worker thread, within a time and memory limit: PDF text extraction
 * and the import itself take seconds on a large file, and must not hold up the server's other requests.
 */
import { jobModule, JobLimitError, runJob } from '../worker/run.js';
import type { ImportedReport } from './schema.js';

export interface ReportUploadLimits {
  readonly timeoutMs: number;
  readonly maxMemoryMb: number;
  /** A published inspection report has well under a hundred pages. */
  readonly maxPages: number;
}

export const REPORT_UPLOAD_LIMITS: ReportUploadLimits = { timeoutMs: 60_000, maxMemoryMb: 1024, maxPages: 400 };

export interface ReportUpload {
  readonly kind: 'pdf' | 'text';
  readonly report: ImportedReport;
}

export interface ReportUploadJob {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly limits: ReportUploadLimits;
}

/** The file cannot be read as a report; the message is for the upload's file field. */
export class ReportUploadError extends Error {
  override readonly name = 'ReportUploadError';
}

export async function readReportUpload(fileName: string, bytes: Uint8Array, limits: ReportUploadLimits = REPORT_UPLOAD_LIMITS): Promise<ReportUpload> {
  const job: ReportUploadJob = { fileName, bytes: new Uint8Array(bytes), limits };
  try {
    return await runJob<ReportUpload>(jobModule(import.meta.url, 'upload-worker'), job, limits, [job.bytes.buffer as ArrayBuffer]);
  } catch (err) {
    if (err instanceof JobLimitError) {
      throw new ReportUploadError(err.reason === 'time'
        ? `${fileName} took too long to read: the limit is ${Math.round(limits.timeoutMs / 1000)} seconds; nothing was saved`
        : `${fileName} needs too much memory to read: the limit is ${limits.maxMemoryMb.toLocaleString('en-GB')} MB; nothing was saved`);
    }
    if ((err as { details?: unknown }).details === 'refused') throw new ReportUploadError((err as Error).message);
    throw err;
  }
}
