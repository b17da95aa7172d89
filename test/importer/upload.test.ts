/**
 * A report uploaded to the library is read (PDF text and import) in a worker thread within limits: a good
 * report reads as before, and a PDF over the page limit is refused with a message naming the limit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readReportUpload, REPORT_UPLOAD_LIMITS, ReportUploadError } from '../../src/importer/upload.js';
import { printPdf } from '../../src/report/pdf.js';

const seed = readFileSync(new URL('fixtures/seeds/stoke-on-trent-2022.txt', import.meta.url));

describe('reading an uploaded report in a worker', () => {
  it('reads a text report into data', async () => {
    const read = await readReportUpload('stoke.txt', seed);
    expect(read.kind).toBe('text');
    expect(read.report.standards.length).toBeGreaterThan(0);
    expect(read.report.overall.rating).toBe('Requires improvement');
  }, 60_000);

  it('refuses a PDF with more pages than the limit, and a binary file', async () => {
    const pages = Array.from({ length: 3 }, (_, i) => `<p style="page-break-after: always">Page ${i + 1}</p>`).join('');
    const pdf = await printPdf(`<html><body>${pages}</body></html>`);
    const err = await readReportUpload('long.pdf', pdf, { ...REPORT_UPLOAD_LIMITS, maxPages: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportUploadError);
    expect((err as Error).message).toBe('long.pdf could not be read as a PDF (it has 3 pages; a report has at most 2); nothing was saved');
    expect(await readReportUpload('long.pdf', pdf).then((r) => r.kind)).toBe('pdf');
    await expect(readReportUpload('image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).rejects.toThrow('image.png is neither a PDF nor a text file');
  }, 60_000);

  it('refuses a report of a programme yjinspect has no framework for, naming it', async () => {
    const text = 'An inspection of youth justice services in Anytown\nMay 2025\nDomain two: Work with children\nDomain three: Work with victims\n2.1 Assessment\nGood\n';
    await expect(readReportUpload('anytown.txt', new TextEncoder().encode(text))).rejects.toThrow(
      /^anytown\.txt: This report seems to follow HMIP's youth inspection programme from 2025 .*; nothing was saved$/,
    );
  }, 60_000);
});
