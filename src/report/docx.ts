/**
 * The report as an editable Word document (the docx library): real headings, tables, footnotes and the same
 * charts as the HTML (as SVG, with a PNG for older Word drawn by resvg), so an inspectorate can take it on.
 */
import { Resvg } from '@resvg/resvg-js';
import {
  AlignmentType, Document, FootnoteReferenceRun, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
  type ParagraphChild,
} from 'docx';
import type { Chart } from './charts.js';
import type { FigureRow, ReportView, StandardView } from './model.js';

export interface DocxCharts {
  readonly domains: ReadonlyMap<number, Chart>;
  readonly context: Chart | null;
}

/** The widest a chart is drawn: an A4 page's text width at 96 pixels to the inch. */
const MAX_CHART_WIDTH = 600;

/** A chart as a figure: the picture (alt text from the chart) and its text alternative as a caption. */
function chartBlocks(chart: Chart): Paragraph[] {
  const svg = Buffer.from(chart.svg, 'utf8');
  // Twice the resolution, so the fallback stays sharp when printed.
  const rendered = new Resvg(chart.svg, { fitTo: { mode: 'zoom', value: 2 } }).render();
  const width = rendered.width / 2;
  const height = rendered.height / 2;
  const scale = Math.min(1, MAX_CHART_WIDTH / width);
  const image = new ImageRun({
    type: 'svg',
    data: svg,
    fallback: { type: 'png', data: rendered.asPng() },
    transformation: { width: Math.round(width * scale), height: Math.round(height * scale) },
    altText: { name: chart.id, title: chart.title, description: chart.alt },
  });
  return [new Paragraph({ children: [image] }), new Paragraph({ children: [new TextRun({ text: chart.alt, italics: true, size: 18 })] })];
}

type Block = Paragraph | Table;

class Footnotes {
  readonly notes: Record<number, { children: Paragraph[] }> = {};
  private next = 1;
  add(text: string): FootnoteReferenceRun {
    const id = this.next++;
    this.notes[id] = { children: [new Paragraph(text)] };
    return new FootnoteReferenceRun(id);
  }
}

const p = (text: string, opts: { bold?: boolean } = {}): Paragraph => new Paragraph({ children: [new TextRun({ text, bold: opts.bold })] });
const h = (text: string, heading: (typeof HeadingLevel)[keyof typeof HeadingLevel]): Paragraph => new Paragraph({ text, heading });

function cell(children: ParagraphChild[] | string, opts: { bold?: boolean; right?: boolean; header?: boolean } = {}): TableCell {
  const runs = typeof children === 'string' ? [new TextRun({ text: children, bold: opts.bold || opts.header })] : children;
  return new TableCell({ children: [new Paragraph({ children: runs, alignment: opts.right ? AlignmentType.RIGHT : AlignmentType.LEFT })] });
}

function table(header: string[], rows: TableCell[][], numericFrom = header.length): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((t, i) => cell(t, { header: true, right: i >= numericFrom })) }),
      ...rows.map((r) => new TableRow({ children: r })),
    ],
  });
}

const dash = (n: number | null): string => (n === null ? '—' : String(n));

function figureTable(first: string, rows: readonly FigureRow[], notes: readonly { n: number; text: string }[], fn: Footnotes, withId: boolean): Table {
  const refs = new Map<number, FootnoteReferenceRun>();
  return table([first, 'Relevant cases', "Number 'Yes'", "% 'Yes'"], rows.map((r) => {
    const runs: ParagraphChild[] = [new TextRun({ text: withId ? `${r.id} ${r.text}` : r.text, bold: r.lowest })];
    if (r.footnote !== undefined) {
      if (!refs.has(r.footnote)) refs.set(r.footnote, fn.add(notes.find((x) => x.n === r.footnote)!.text));
      runs.push(refs.get(r.footnote)!);
    }
    return [cell(runs), cell(dash(r.relevant), { right: true, bold: r.lowest }), cell(dash(r.yes), { right: true, bold: r.lowest }), cell(r.percentText, { right: true, bold: r.lowest })];
  }), 1);
}

function standardBlocks(s: StandardView, fn: Footnotes): Block[] {
  const out: Block[] = [h(`${s.id}. ${s.name}`, HeadingLevel.HEADING_3), p(s.statement)];
  out.push(new Paragraph({ children: [new TextRun('Rating: '), new TextRun({ text: s.ratingText, bold: true }), new TextRun(s.counted ? '' : ' (rated but not counted in the score)')] }));
  if (s.unratedReason) out.push(p(s.unratedReason, { bold: true }));
  if (s.guidingQuestions.length) {
    out.push(p(`In making a judgement about ${s.name.toLowerCase()}, we take into account the answers to the following questions:`));
    for (const q of s.guidingQuestions) out.push(new Paragraph({ text: `${q.id} ${q.text}`, bullet: { level: 0 } }));
  }
  if (s.keyQuestionTable) {
    out.push(p(`Our rating for ${s.name.toLowerCase()} is based on the following key questions.`));
    out.push(figureTable(s.keyQuestionTable.heading, s.keyQuestionTable.rows, s.footnotes, fn, true));
    if (s.discretion) {
      out.push(new Paragraph({ children: [new TextRun('* Professional discretion applied.'), fn.add(s.discretion.text.replace(/^\* /, ''))] }));
    }
    for (const t of s.narrative) out.push(p(t));
    for (const t of s.promptTables) {
      out.push(h(t.keyQuestionText, HeadingLevel.HEADING_4));
      out.push(figureTable(t.heading, t.rows, [], fn, false));
    }
    const others = s.footnotes.filter((f) => !s.keyQuestionTable!.rows.some((r) => r.footnote === f.n));
    for (const f of others) out.push(new Paragraph({ children: [new TextRun(f.text), fn.add(f.text)] }));
  } else {
    for (const t of s.narrative) out.push(p(t));
  }
  return out;
}

export async function buildDocx(view: ReportView, charts: DocxCharts): Promise<Buffer> {
  const fn = new Footnotes();
  const body: Block[] = [];
  if (view.draft) {
    body.push(new Paragraph({ children: [new TextRun({ text: 'DRAFT: this report is incomplete', bold: true, color: 'D4351C', size: 36 })] }));
    body.push(p('The following are missing from the data, so this report cannot be published yet:'));
    for (const m of view.missing) body.push(new Paragraph({ text: m, bullet: { level: 0 } }));
  }
  body.push(new Paragraph({ text: `An inspection of youth justice services: ${view.serviceName}`, heading: HeadingLevel.TITLE }));
  body.push(p(`Fieldwork: ${view.cover.fieldwork ?? 'Not recorded'}`), p(`Published: ${view.cover.published ?? 'Not recorded'}`), p(`Lead inspector: ${view.cover.leadInspector ?? 'Not recorded'}`));
  body.push(p(`HM Inspectorate of Probation framework (${view.framework.version})`));
  if (view.warnings.length) {
    body.push(h('Checks for the ratings panel', HeadingLevel.HEADING_2));
    for (const w of view.warnings) body.push(new Paragraph({ text: w, bullet: { level: 0 } }));
  }

  body.push(h('Ratings', HeadingLevel.HEADING_1));
  body.push(table(['Standard', 'Rating'], [
    [cell('Score', { bold: true }), cell(view.ratings.scoreText, { bold: true })],
    [cell('Overall rating', { bold: true }), cell(view.ratings.overallText, { bold: true })],
    ...view.ratings.domains.flatMap((d) => [
      [cell(`${d.id}. ${d.name}`, { bold: true }), cell('')],
      ...d.standards.map((s) => [cell(`${s.id} ${s.name}${s.counted ? '' : ' (not counted)'}`), cell(s.ratingText, { bold: true })]),
    ]),
  ]));
  if (view.ratings.notCountedNote) body.push(p(view.ratings.notCountedNote));
  if (view.foreword.length) {
    body.push(h('Foreword', HeadingLevel.HEADING_1));
    for (const t of view.foreword) body.push(p(t));
  }

  body.push(h('Recommendations', HeadingLevel.HEADING_1));
  if (view.recommendations.length === 0) body.push(p('No recommendations have been recorded.'));
  for (const r of view.recommendations) {
    body.push(p(r.addressee, { bold: true }));
    for (const i of r.items) body.push(p(`${i.n}. ${i.text}`));
  }

  body.push(h('Background and contextual facts', HeadingLevel.HEADING_1));
  for (const t of view.background) body.push(p(t));
  const ctx = view.context;
  if (!ctx) body.push(p('No contextual facts have been recorded.'));
  if (ctx?.population?.length) body.push(h('Population information', HeadingLevel.HEADING_3), table(['Measure', 'Number'], ctx.population.map((x) => [cell(x.label), cell(x.value.toLocaleString('en-GB'), { right: true })]), 1));
  for (const d of ctx?.demographics ?? []) {
    body.push(h(`Demographics of children cautioned or sentenced: ${d.dimension}`, HeadingLevel.HEADING_3));
    body.push(table([d.dimension, view.serviceName, 'National average'], d.categories.map((c) => [cell(c.label), cell(`${c.local}%`, { right: true }), cell(c.national === undefined ? '—' : `${c.national}%`, { right: true })]), 1));
  }
  if (charts.context) body.push(...chartBlocks(charts.context));
  if (ctx?.caseload?.length) body.push(h('Caseload by disposal type', HeadingLevel.HEADING_3), table(['Disposal type', 'Current caseload'], ctx.caseload.map((c) => [cell(c.label), cell(String(c.count), { right: true })]), 1));
  if (ctx?.staffing) {
    const s = ctx.staffing;
    body.push(h('Staffing', HeadingLevel.HEADING_3), table(['Measure', 'Value'], [
      ...(s.headcount === undefined ? [] : [[cell('Headcount'), cell(String(s.headcount), { right: true })]]),
      ...(s.fte === undefined ? [] : [[cell('Full-time equivalent'), cell(String(s.fte), { right: true })]]),
      ...(s.averageCaseload === undefined ? [] : [[cell('Average caseload'), cell(String(s.averageCaseload), { right: true })]]),
    ], 1));
  }
  for (const s of ctx?.sources ?? []) body.push(p(`Source: ${s}`));

  for (const d of view.domains) {
    body.push(new Paragraph({ text: `Domain ${d.id}: ${d.name}`, heading: HeadingLevel.HEADING_1, pageBreakBefore: true }));
    for (const t of d.introduction) body.push(p(t));
    if (d.casesInspected !== null && d.id > 1) body.push(p(`We inspected ${d.casesInspected} ${d.casesInspected === 1 ? 'case' : 'cases'} in this domain.`));
    body.push(h('Strengths', HeadingLevel.HEADING_2));
    if (d.strengths.length === 0) body.push(p('Not recorded.'));
    for (const t of d.strengths) body.push(new Paragraph({ text: t, bullet: { level: 0 } }));
    body.push(h('Areas for improvement', HeadingLevel.HEADING_2));
    if (d.areasForImprovement.length === 0) body.push(p('Not recorded.'));
    for (const t of d.areasForImprovement) body.push(new Paragraph({ text: t, bullet: { level: 0 } }));
    const chart = charts.domains.get(d.id);
    if (chart) body.push(...chartBlocks(chart));
    for (const s of d.standards) body.push(...standardBlocks(s, fn));
  }

  body.push(new Paragraph({ text: 'Methodology', heading: HeadingLevel.HEADING_1, pageBreakBefore: true }));
  if (view.methodology.samples.length === 0) body.push(p('The case sample has not been recorded.'));
  for (const s of view.methodology.samples) {
    body.push(h(s.label, HeadingLevel.HEADING_3), p(`We examined ${s.total} ${s.total === 1 ? 'case' : 'cases'}${s.window ? ` (${s.window})` : ''}.`));
    if (s.changes) body.push(p(s.changes));
    if (s.byDisposal.length) body.push(table(['Disposal type', 'Cases'], s.byDisposal.map((b) => [cell(b.label), cell(String(b.count), { right: true })]), 1));
  }
  const m = view.methodology;
  if (m.confidenceLevel !== null) body.push(p(`The sample size was set to achieve a confidence level of ${m.confidenceLevel} per cent (with a margin of error of ${m.marginOfError}).`));
  if (m.meetings !== null) body.push(p(`We held ${m.meetings} meetings.`));
  for (const i of m.interviews) body.push(p(`Interviews – ${i.label}: ${i.count}`));
  for (const i of m.surveys) body.push(p(`Surveys – ${i.label}: ${i.count}`));
  body.push(h('Rating rules', HeadingLevel.HEADING_3));
  body.push(p(`Standards ${view.rules.judgementStandards} are rated by a single judgement from all the evidence. For each case-assessed standard, the rating is the band of its lowest key question, placed on the exact fraction of 'Yes' answers.`));
  body.push(table(['Lowest key question % \'Yes\'', 'Rating'], view.rules.bands.map((x) => [cell(x.range), cell(x.rating)])));
  body.push(p(view.rules.discretion));
  body.push(table(['Standard rating', 'Score'], view.rules.scores.map((x) => [cell(x.rating), cell(String(x.score), { right: true })]), 1));
  body.push(p(`The scores of the counted standards are added up (maximum ${view.ratings.maxScore}); the total gives the overall rating: ${view.rules.overall.map((o) => `${o.range} ${o.rating}`).join(', ')}.`));

  body.push(new Paragraph({ text: 'Data annex', heading: HeadingLevel.HEADING_1, pageBreakBefore: true }));
  body.push(table(['ID', 'Standard, key question or prompt', 'Relevant', 'Yes', '%', 'Rating / band'], view.annex.map((r) => {
    const bold = r.level === 'standard' || r.lowest;
    const fig = (n: number | null) => cell(r.level === 'standard' ? '' : dash(n), { right: true, bold });
    return [cell(r.id, { bold }), cell(r.text, { bold }), fig(r.relevant), fig(r.yes), cell(r.percentText, { right: true, bold }), cell(r.level === 'standard' ? (r.rating ?? 'Not rated') : (r.rating ?? ''), { bold })];
  }), 2));

  const doc = new Document({
    creator: 'yjinspect',
    title: view.title,
    description: view.draft ? 'DRAFT inspection report' : 'Inspection report',
    footnotes: fn.notes,
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}
