/**
 * Text of a PDF, with positions: pdfjs gives text runs with coordinates; runs on the same baseline make a
 * line, a wide gap between runs becomes a tab (a table column), and pages are separated by a blank line.
 * The result reads like a PDF converter's output, so importReportText treats both alike.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

interface Run {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export class PdfReadError extends Error {}

export function isPdf(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-';
}

function pageLines(runs: Run[]): string[] {
  // Top to bottom, then left to right; a run joins a line when its baseline is within half a line height.
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: { y: number; height: number; runs: Run[] }[] = [];
  for (const r of sorted) {
    const line = lines.find((l) => Math.abs(l.y - r.y) <= Math.max(2, Math.min(l.height, r.height || l.height) * 0.5));
    if (line) line.runs.push(r);
    else lines.push({ y: r.y, height: r.height || 10, runs: [r] });
  }
  lines.sort((a, b) => b.y - a.y);
  return lines.map((l) => {
    const parts = l.runs.sort((a, b) => a.x - b.x);
    let out = '';
    let end = -Infinity;
    for (const r of parts) {
      const gap = r.x - end;
      const em = r.height || 10;
      if (out !== '') out += gap > em * 1.5 ? '\t' : gap > em * 0.15 && !out.endsWith(' ') && !r.text.startsWith(' ') ? ' ' : '';
      out += r.text;
      end = r.x + r.width;
    }
    return out.replace(/[ ]+/g, ' ').trimEnd();
  });
}

/** The text of every page of a PDF. Throws PdfReadError with a readable message on a damaged file. */
export async function extractPdfText(bytes: Uint8Array, limits: { maxPages?: number } = {}): Promise<string> {
  let doc;
  try {
    doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  } catch (err) {
    throw new PdfReadError(`the PDF could not be opened (${(err as Error).message})`);
  }
  try {
    if (limits.maxPages !== undefined && doc.numPages > limits.maxPages) {
      throw new PdfReadError(`it has ${doc.numPages} pages; a report has at most ${limits.maxPages}`);
    }
    const pages: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const t = item.transform as number[];
        runs.push({ text: item.str, x: t[4] ?? 0, y: t[5] ?? 0, width: item.width, height: item.height || Math.abs(t[3] ?? 0) });
      }
      pages.push(pageLines(runs).join('\n'));
      page.cleanup();
    }
    return pages.join('\n\n');
  } finally {
    await doc.destroy();
  }
}
