/**
 * Reads a report file from disk for the CLI (and later the server): a PDF is turned into text first,
 * anything else is read as UTF-8 text. Errors are values with a message a person can act on.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { extractPdfText, isPdf, PdfReadError } from './pdf.js';

export type ReportSource =
  | { readonly ok: true; readonly kind: 'pdf' | 'text' | 'json'; readonly text: string; readonly fileName: string }
  | { readonly ok: false; readonly message: string };

/** Report files larger than this are not reports. */
export const MAX_REPORT_BYTES = 50 * 1024 * 1024;

export async function readReportFile(path: string): Promise<ReportSource> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { ok: false, message: `${path} is not a file` };
    if (info.size > MAX_REPORT_BYTES) return { ok: false, message: `${path} is ${Math.round(info.size / 1048576)} MB; a report is at most ${MAX_REPORT_BYTES / 1048576} MB` };
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path} (${code ?? (err as Error).message})` };
  }
  const fileName = basename(path);
  if (isPdf(bytes)) {
    try {
      return { ok: true, kind: 'pdf', text: await extractPdfText(bytes), fileName };
    } catch (err) {
      return { ok: false, message: err instanceof PdfReadError ? `${path}: ${err.message}` : `${path}: the PDF could not be read (${(err as Error).message})` };
    }
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  const kind = /^\s*\{/.test(text) && /"standards"\s*:/.test(text.slice(0, 200_000)) ? 'json' : 'text';
  return { ok: true, kind, text, fileName };
}
