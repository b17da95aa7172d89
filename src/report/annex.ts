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

/**
 * The analysis annex's columns, added after ANNEX_CSV_HEADER when it is asked for: each key question's interval
 * at the report's confidence level and at 95% (percent, 2 decimals) and the population used for the finite
 * population correction; on a standard's row, the interval of its lowest key question and its firmness in words.
 */
export const ANALYSIS_CSV_COLUMNS = [
  'interval_confidence', 'interval_lower', 'interval_upper', 'interval95_lower', 'interval95_upper', 'population', 'firmness',
] as const;

function num(n: number | null): number | string {
  return n === null ? '' : n;
}

/** Exact percentages to 2 decimals in data files: enough to see 64.99 is not 65. */
function pct(n: number | null): number | string {
  return n === null ? '' : Math.round(n * 100) / 100;
}

/** The analysis columns of one annex row: empty on the overall and prompt rows, and without the annex. */
function analysisCells(view: ReportView, r: { level: string; id: string } | null): (string | number)[] {
  const a = view.analysis;
  if (!a) return [];
  const empty = ANALYSIS_CSV_COLUMNS.map(() => '');
  const at = (intervals: readonly { confidence: number; lower: number; upper: number }[], level: number) => intervals.find((i) => i.confidence === level) ?? null;
  if (r?.level === 'key-question') {
    const k = a.keyQuestions.find((x) => x.id === r.id);
    if (!k || k.intervals.length === 0) return [a.confidence, '', '', '', '', num(k?.population ?? null), ''];
    const own = at(k.intervals, a.confidence)!;
    const wide = at(k.intervals, 95) ?? own;
    return [a.confidence, pct(own.lower), pct(own.upper), pct(wide.lower), pct(wide.upper), num(k.population), ''];
  }
  if (r?.level === 'standard') {
    const s = a.standards.find((x) => x.id === r.id);
    if (!s) return empty;
    return [a.confidence, pct(s.interval?.lower ?? null), pct(s.interval?.upper ?? null), '', '', '', s.words];
  }
  return empty;
}

export function buildAnnexCsv(view: ReportView): string {
  const rows: (string | number)[][] = [[...ANNEX_CSV_HEADER, ...(view.analysis ? ANALYSIS_CSV_COLUMNS : [])]];
  rows.push(['overall', '', '', '', view.serviceName, '', '', '', '', view.ratings.scoreText, view.ratings.overall ?? '', '', '', '', ...analysisCells(view, null)]);
  for (const r of view.annex) {
    rows.push([
      r.level, r.domain, r.standard, r.id, r.text, r.subSample, num(r.relevant), num(r.yes), pct(r.percent), r.percentText,
      r.rating ?? '', r.computedRating ?? '', r.lowest ? 'yes' : 'no', r.discretion ? 'yes' : 'no', ...analysisCells(view, r),
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
  const a = view.analysis;
  if (a) {
    const levelCols = a.levels.flatMap((l, i) => [
      { header: `${l}% lower`, key: `lower${i}`, width: 10 }, { header: `${l}% upper`, key: `upper${i}`, width: 10 },
    ]);
    sheet(wb, 'Firmness', [
      { header: 'Standard', key: 'id', width: 10 }, { header: 'Name', key: 'name', width: 40 }, { header: 'Band', key: 'band', width: 22 },
      { header: 'Rating', key: 'rating', width: 22 }, { header: 'Lowest key questions', key: 'lowest', width: 16 },
      { header: `${a.confidence}% lower`, key: 'lower', width: 10 }, { header: `${a.confidence}% upper`, key: 'upper', width: 10 },
      { header: 'Band holds', key: 'holds', width: 10 }, { header: 'In words', key: 'words', width: 90 },
    ], a.standards.map((s) => ({
      id: s.id, name: s.name, band: s.computedRating ?? '', rating: s.rating ?? 'Not rated', lowest: s.lowestKeyQuestions.join(', '),
      lower: s.interval ? Math.round(s.interval.lower * 100) / 100 : undefined, upper: s.interval ? Math.round(s.interval.upper * 100) / 100 : undefined,
      holds: s.holds === null ? '' : s.holds ? 'yes' : 'no', words: s.words,
    })));
    sheet(wb, 'Intervals', [
      { header: 'Standard', key: 'standard', width: 10 }, { header: 'ID', key: 'id', width: 10 }, { header: 'Text', key: 'text', width: 60 },
      { header: 'Relevant cases', key: 'relevant', width: 10 }, { header: "Number 'Yes'", key: 'yes', width: 10 }, { header: "% 'Yes'", key: 'percent', width: 10 },
      ...levelCols, { header: 'Population (finite population correction)', key: 'population', width: 16 }, { header: 'Lowest', key: 'lowest', width: 8 },
    ], a.keyQuestions.map((k) => ({
      standard: k.standard, id: k.id, text: k.text, relevant: k.relevant, yes: k.yes,
      percent: k.percent === null ? undefined : Math.round(k.percent * 100) / 100,
      ...Object.fromEntries(k.intervals.flatMap((iv, i) => [[`lower${i}`, Math.round(iv.lower * 100) / 100], [`upper${i}`, Math.round(iv.upper * 100) / 100]])),
      population: k.population ?? undefined, lowest: k.lowest ? 'yes' : 'no',
    })));
  }
  const arrayBuffer = await wb.xlsx.writeBuffer();
  return Buffer.from(arrayBuffer as ArrayBuffer);
}
