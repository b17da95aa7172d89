/**
 * Reading a generated report back, format by format, into the same simple shape: figures per key question
 * and prompt id, ratings per standard, and the score. Each reader uses a real reader of that format.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

export interface Figures {
  /** id → [relevant, yes, printed percent (e.g. "63%*")] for key questions and prompts. */
  readonly figures: Map<string, [number, number, string]>;
  /** standard id → rating word ("Not rated" when none). */
  readonly ratings: Map<string, string>;
  readonly scoreText: string | null;
}

const RATING = '(Inadequate|Requires improvement|Good|Outstanding|Not rated)';
const FIGURE_ID = /^\d\.\d\.\d(\.[a-z])?$/;
const STANDARD_ID = /^\d\.\d$/;

/** The annex is the last table of the document; only its rows carry an id in the first cell. */
export function fromRows(rows: string[][]): Figures {
  const figures = new Map<string, [number, number, string]>();
  const ratings = new Map<string, string>();
  for (const cells of rows) {
    const [id, , rel, yes, pct, rating] = cells.map((c) => c.trim());
    if (!id) continue;
    if (STANDARD_ID.test(id) && rating) ratings.set(id, rating);
    if (FIGURE_ID.test(id) && rel && /^\d+$/.test(rel)) figures.set(id, [Number(rel), Number(yes), pct ?? '']);
  }
  return { figures, ratings, scoreText: null };
}

export function readPdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'yj-report-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function readPdf(pdf: Buffer): Figures & { text: string } {
  const text = readPdfText(pdf);
  const annex = text.slice(text.lastIndexOf('Data annex'));
  const figures = new Map<string, [number, number, string]>();
  const ratings = new Map<string, string>();
  for (const line of annex.split('\n')) {
    const f = /^\s*(\d\.\d\.\d(?:\.[a-z])?)\s.*?\s(\d+)\s+(\d+)\s+(\d+%\*?)(?:\s+(?:Inadequate|Requires improvement|Good|Outstanding))?\s*$/.exec(line);
    if (f) figures.set(f[1]!, [Number(f[2]), Number(f[3]), f[4]!]);
    const s = new RegExp(`^\\s*(\\d\\.\\d)\\s.*?\\s{2,}${RATING}\\s*$`).exec(line);
    if (s) ratings.set(s[1]!, s[2]!);
  }
  const score = /score (\d+\/\d+|Not scored)/.exec(text);
  return { figures, ratings, scoreText: score?.[1] ?? null, text };
}

function xmlText(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!).join('')
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");
}

export interface DocxImage {
  readonly name: string;
  readonly title: string;
  readonly description: string;
}

const xmlAttr = (tag: string, name: string): string =>
  (new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

export async function readDocx(docx: Buffer): Promise<Figures & { xml: string; footnotes: string; headings: string[]; images: DocxImage[]; media: string[] }> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  const footnotes = (await zip.file('word/footnotes.xml')?.async('string')) ?? '';
  const tables = xml.split('<w:tbl>').slice(1);
  const annex = tables[tables.length - 1]!;
  const rows = annex.split('<w:tr').slice(1).map((tr) => tr.split('<w:tc>').slice(1).map(xmlText));
  const ratingsTable = tables[0]!.split('<w:tr').slice(1).map((tr) => tr.split('<w:tc>').slice(1).map(xmlText));
  const scoreRow = ratingsTable.find((r) => r[0] === 'Score');
  const headings = [...xml.matchAll(/<w:p>(?:(?!<\/w:p>).)*?<w:pStyle w:val="(Heading\d|Title)"\/>(?:(?!<\/w:p>).)*<\/w:p>/gs)].map((m) => xmlText(m[0]));
  const images = [...xml.matchAll(/<wp:docPr\s[^>]*>/g)].map((m) => ({ name: xmlAttr(m[0], 'name'), title: xmlAttr(m[0], 'title'), description: xmlAttr(m[0], 'descr') }));
  const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
  return { ...fromRows(rows), scoreText: scoreRow?.[1] ?? null, xml, footnotes, headings, images, media };
}

export async function readXlsx(xlsx: Buffer): Promise<Figures & { sheets: string[]; numbersAreNumbers: boolean }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  const figures = new Map<string, [number, number, string]>();
  const ratings = new Map<string, string>();
  let numbersAreNumbers = true;
  for (const name of ['Key questions', 'Prompts']) {
    wb.getWorksheet(name)!.eachRow((row, i) => {
      if (i === 1) return;
      const id = String(row.getCell(2).value);
      const rel = row.getCell(5).value;
      const yes = row.getCell(6).value;
      const pct = row.getCell(7).value;
      if (rel === null || rel === undefined) return;
      if (typeof rel !== 'number' || typeof yes !== 'number' || typeof pct !== 'number') numbersAreNumbers = false;
      figures.set(id, [Number(rel), Number(yes), `${Math.round(Number(pct))}%`]);
    });
  }
  let scoreText: string | null = null;
  wb.getWorksheet('Ratings')!.eachRow((row, i) => {
    if (i === 1) return;
    const id = String(row.getCell(1).value);
    if (STANDARD_ID.test(id)) ratings.set(id, String(row.getCell(3).value));
    if (id === 'Score') scoreText = String(row.getCell(2).value);
  });
  return { figures, ratings, scoreText, sheets: wb.worksheets.map((w) => w.name), numbersAreNumbers };
}

export function readCsv(csv: string): Figures & { header: string[] } {
  const rows = parse(csv, { bom: true }) as string[][];
  const [header, ...body] = rows;
  const col = (name: string) => header!.indexOf(name);
  const figures = new Map<string, [number, number, string]>();
  const ratings = new Map<string, string>();
  let scoreText: string | null = null;
  for (const r of body) {
    const level = r[col('level')];
    if (level === 'overall') scoreText = r[col('percent_printed')]!;
    if (level === 'standard') ratings.set(r[col('id')]!, r[col('rating')] || 'Not rated');
    if ((level === 'key-question' || level === 'prompt') && r[col('relevant')] !== '') {
      figures.set(r[col('id')]!, [Number(r[col('relevant')]), Number(r[col('yes')]), r[col('percent_printed')]!]);
    }
  }
  return { figures, ratings, scoreText, header: header! };
}
