/**
 * The moderation summary as tables for a spreadsheet: agreement by key question and prompt, by marker pair,
 * overall and by day, and every disagreement with both notes and its resolution. CSV (one file, one section
 * after another) and XLSX (one sheet per table, numbers stored as numbers). Every typed text is made
 * spreadsheet-safe (no cell read as a formula).
 */
import { stringify } from 'csv-stringify/sync';
import type { AgreementRow, NamedSummary } from '../core/moderation/index.js';
import { spreadsheetCell } from '../core/spreadsheet/index.js';

type Cell = string | number | null;
interface Table { readonly name: string; readonly header: readonly string[]; readonly rows: readonly Cell[][] }

const AGREEMENT_HEADER = ['Items', 'Agreed', 'Disagreed', 'Agreement %', 'Expected by chance %', 'Kappa', 'Kappa status', 'Explanation'] as const;
const round = (x: number | null, places = 1): number | null => (x === null ? null : Math.round(x * 10 ** places) / 10 ** places);

function agreementCells(r: AgreementRow): Cell[] {
  const a = r.agreement;
  return [a.n, a.agreed, r.disagreed, round(r.percent), a.expected === null ? null : round(a.expected * 100), a.kappa === null ? null : round(a.kappa, 3), a.status, a.explanation];
}

const ANSWER_WORDS: Record<string, string> = { yes: 'Yes', no: 'No', 'not-relevant': 'Not relevant' };

export function moderationTables(s: NamedSummary): Table[] {
  const name = (id: string) => s.names[id] ?? id;
  return [
    { name: 'Overall', header: ['Double-marked cases', ...AGREEMENT_HEADER], rows: [[s.cases, ...agreementCells(s.overall)]] },
    { name: 'By question', header: ['Question', 'Kind', ...AGREEMENT_HEADER], rows: s.byQuestion.map((r) => [r.key, r.kind === 'prompt' ? 'Prompt' : 'Key question', ...agreementCells(r)]) },
    { name: 'By marker pair', header: ['First marker', 'Second marker', ...AGREEMENT_HEADER], rows: s.byMarkerPair.map((r) => [name(r.firstMarkerId), name(r.secondMarkerId), ...agreementCells(r)]) },
    { name: 'Most disagreed', header: ['Question', 'Disagreed', 'Items', 'Agreement %'], rows: s.mostDisagreed.map((r) => [r.key, r.disagreed, r.n, round(r.percent)]) },
    { name: 'Trend', header: ['Date', 'Items that day', 'Agreement that day %', 'Kappa that day', 'Items to date', 'Agreement to date %', 'Kappa to date'],
      rows: s.trend.map((t) => [t.date, t.day.n, round(t.day.percent), round(t.day.agreement.kappa, 3), t.cumulative.n, round(t.cumulative.percent), round(t.cumulative.agreement.kappa, 3)]) },
    { name: 'Disagreements', header: ['Case', 'Question', 'First answer', 'First note', 'Second answer', 'Second note', 'Resolved answer', 'Reason', 'Resolved by'],
      rows: s.disagreements.map((d) => [d.caseRef, d.questionId, ANSWER_WORDS[d.first?.answer ?? ''] ?? '', d.first?.note ?? '', ANSWER_WORDS[d.second?.answer ?? ''] ?? '', d.second?.note ?? '',
        d.resolution ? ANSWER_WORDS[d.resolution.answer]! : '', d.resolution?.reason ?? '', d.resolution?.resolvedByName ?? '']) },
  ];
}

export function moderationCsv(s: NamedSummary): string {
  const rows: Cell[][] = [];
  for (const t of moderationTables(s)) {
    if (rows.length) rows.push([]);
    rows.push([t.name], [...t.header], ...t.rows);
  }
  return stringify(rows.map((r) => r.map((c) => spreadsheetCell(c ?? ''))), { record_delimiter: 'windows' });
}

export async function moderationXlsx(s: NamedSummary, title: string): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'yjinspect';
  wb.title = `${title}: moderation`;
  for (const t of moderationTables(s)) {
    const ws = wb.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow([...t.header]).font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map((c) => spreadsheetCell(c)));
    ws.columns.forEach((c) => (c.width = 18));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
