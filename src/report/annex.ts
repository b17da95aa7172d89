/**
 * The data annex as CSV (csv-stringify) and XLSX (exceljs, one sheet per table, numbers stored as numbers).
 */
import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import { spreadsheetCell } from '../core/spreadsheet/index.js';
import type { ReportView } from './model.js';

/** The annex CSV's columns, in order (documented in README). */
export const ANNEX_CSV_HEADER = [
  'level', 'domain', 'standard', 'id', 'text', 'sub_sample', 'relevant', 'yes', 'percent', 'percent_printed',
  'rating', 'computed_rating', 'lowest', 'discretion',
] as const;

function num(n: number | null): number | string {
  return n === null ? '' : n;
}

/** Exact percentages to 2 decimals in data files: enough to see 64.99 is not 65. */
function pct(n: number | null): number | string {
  return n === null ? '' : Math.round(n * 100) / 100;
}

export function buildAnnexCsv(view: ReportView): string {
  const rows: (string | number)[][] = [[...ANNEX_CSV_HEADER]];
  rows.push(['overall', '', '', '', view.serviceName, '', '', '', '', view.ratings.scoreText, view.ratings.overall ?? '', '', '', '']);
  for (const r of view.annex) {
    rows.push([
      r.level, r.domain, r.standard, r.id, r.text, r.subSample, num(r.relevant), num(r.yes), pct(r.percent), r.percentText,
      r.rating ?? '', r.computedRating ?? '', r.lowest ? 'yes' : 'no', r.discretion ? 'yes' : 'no',
    ]);
  }
  // Service names and texts are typed by people: no cell may be read as a formula.
  return stringify(rows.map((row) => row.map(spreadsheetCell)), { record_delimiter: 'windows' });
}

function sheet(wb: ExcelJS.Workbook, name: string, columns: { header: string; key: string; width: number }[], rows: Record<string, unknown>[]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
}

export async function buildAnnexXlsx(view: ReportView): Promise<Buffer> {
  // ExcelJS is loaded on first use: ANNEX_CSV_HEADER is re-exported by the report's entry, which the server loads.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'yjinspect';
  wb.title = view.title;
  sheet(wb, 'Ratings', [
    { header: 'Standard', key: 'id', width: 10 }, { header: 'Name', key: 'name', width: 45 },
    { header: 'Rating', key: 'rating', width: 22 }, { header: 'Computed rating', key: 'computed', width: 22 },
    { header: 'Counted', key: 'counted', width: 9 }, { header: 'Discretion', key: 'discretion', width: 11 },
  ], [
    ...view.domains.flatMap((d) => d.standards.map((s) => ({
      id: s.id, name: s.name, rating: s.rating ?? 'Not rated', computed: s.computedRating ?? '', counted: s.counted ? 'yes' : 'no', discretion: s.discretion ? 'yes' : 'no',
    }))),
    { id: 'Score', name: view.ratings.scoreText, rating: view.ratings.score ?? '' },
    { id: 'Overall', name: '', rating: view.ratings.overall ?? 'Not rated' },
  ]);
  const figureCols = [
    { header: 'Standard', key: 'standard', width: 10 }, { header: 'ID', key: 'id', width: 10 }, { header: 'Text', key: 'text', width: 70 },
    { header: 'Sub-sample', key: 'subSample', width: 22 }, { header: 'Relevant cases', key: 'relevant', width: 10 },
    { header: "Number 'Yes'", key: 'yes', width: 10 }, { header: "% 'Yes'", key: 'percent', width: 10 },
  ];
  const figures = (level: 'key-question' | 'prompt') => view.annex.filter((r) => r.level === level).map((r) => ({
    standard: r.standard, id: r.id, text: r.text, subSample: r.subSample, relevant: r.relevant ?? undefined, yes: r.yes ?? undefined,
    percent: r.percent === null ? undefined : Math.round(r.percent * 100) / 100, band: r.rating ?? '', lowest: r.lowest ? 'yes' : 'no',
  }));
  sheet(wb, 'Key questions', [...figureCols, { header: 'Band', key: 'band', width: 22 }, { header: 'Lowest', key: 'lowest', width: 8 }], figures('key-question'));
  sheet(wb, 'Prompts', figureCols, figures('prompt'));
  const ctx = view.context;
  if (ctx?.population?.length) sheet(wb, 'Population', [{ header: 'Measure', key: 'label', width: 60 }, { header: 'Number', key: 'value', width: 12 }], ctx.population);
  if (ctx?.demographics?.length) {
    sheet(wb, 'Demographics', [
      { header: 'Dimension', key: 'dimension', width: 16 }, { header: 'Category', key: 'label', width: 28 },
      { header: 'Local %', key: 'local', width: 10 }, { header: 'National %', key: 'national', width: 12 },
    ], ctx.demographics.flatMap((d) => d.categories.map((c) => ({ dimension: d.dimension, ...c }))));
  }
  if (ctx?.caseload?.length) sheet(wb, 'Caseload', [{ header: 'Disposal type', key: 'label', width: 50 }, { header: 'Current caseload', key: 'count', width: 16 }], ctx.caseload);
  if (view.methodology.samples.length) {
    sheet(wb, 'Case sample', [
      { header: 'Sample', key: 'sample', width: 24 }, { header: 'Disposal type', key: 'label', width: 40 }, { header: 'Cases', key: 'count', width: 8 },
    ], view.methodology.samples.flatMap((s) => [{ sample: s.label, label: 'All', count: s.total }, ...s.byDisposal.map((b) => ({ sample: s.label, ...b }))]));
  }
  const arrayBuffer = await wb.xlsx.writeBuffer();
  return Buffer.from(arrayBuffer as ArrayBuffer);
}
