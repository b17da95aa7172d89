/**
 * Charts as Vega-Lite specifications, rendered to SVG on the server by vega (no chart drawn by hand). Each
 * chart comes with a text alternative that says the same as the picture.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { DomainView, ReportView } from './model.js';

export interface Chart {
  readonly id: string;
  readonly title: string;
  readonly svg: string;
  /** The chart in words, for screen readers and for anyone who cannot see it. */
  readonly alt: string;
}

/** The band lines: each threshold of the framework (50, 65 and 80 in 2018 and 2021) with its band. */
function bandLines(thresholds: readonly number[]): { value: number; label: string }[] {
  const names = ['Requires improvement', 'Good', 'Outstanding'];
  return thresholds.map((value, i) => ({ value, label: `${value}% ${names[i]}` }));
}

async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Key-question percentages of one domain, one bar each, with the framework's band lines (50/65/80 unless given). */
export async function keyQuestionChart(domain: DomainView, thresholds: readonly number[] = [50, 65, 80]): Promise<Chart | null> {
  const BANDS = bandLines(thresholds);
  const values = domain.standards.flatMap((s) => (s.keyQuestionTable?.rows ?? [])
    .filter((r) => r.percent !== null)
    .map((r) => ({ keyQuestion: r.id, standard: `${s.id} ${s.name}`, percent: Math.round(r.percent!), lowest: r.lowest })));
  if (values.length === 0) return null;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 460,
    height: 220,
    background: 'white',
    title: { text: `Domain ${domain.id}: key questions, % 'Yes'`, fontSize: 13 },
    layer: [
      {
        data: { values },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'keyQuestion', type: 'nominal', sort: null, title: 'Key question', axis: { labelAngle: -45 } },
          y: { field: 'percent', type: 'quantitative', scale: { domain: [0, 100] }, title: "% 'Yes'" },
          color: { field: 'standard', type: 'nominal', title: 'Standard', scale: { scheme: 'tableau10' }, legend: { orient: 'bottom', columns: 2, labelLimit: 320 } },
        },
      },
      {
        data: { values: BANDS },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#0b0c0c' },
        encoding: { y: { field: 'value', type: 'quantitative' } },
      },
      {
        data: { values: BANDS },
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 9, color: '#0b0c0c' },
        encoding: { y: { field: 'value', type: 'quantitative' }, x: { value: 460 }, text: { field: 'label' } },
      },
    ],
  };
  const alt = `Bar chart of the percentage of 'Yes' answers for each key question in domain ${domain.id}, ${domain.name}, `
    + `with lines at ${BANDS.map((b) => b.label.replace(/% (.*)$/, '% ($1)')).join(', ').replace(/, ([^,]*)$/, ' and $1')}. `
    + domain.standards.filter((s) => s.keyQuestionTable).map((s) => `${s.id} ${s.name}: ${s.keyQuestionTable!.rows.map((r) => `${r.id} ${r.percentText}`).join(', ')}`).join('; ')
    + '.';
  return { id: `chart-domain-${domain.id}`, title: `Domain ${domain.id} key questions`, svg: await toSvg(spec), alt };
}

/** Demographics of children cautioned or sentenced, local against national, one panel per dimension. */
export async function contextChart(view: ReportView): Promise<Chart | null> {
  const dims = view.context?.demographics ?? [];
  const values = dims.flatMap((d) => d.categories.flatMap((c) => [
    { dimension: d.dimension, category: c.label, area: view.serviceName.replace(/ Youth .*$/, '') || 'Local', percent: c.local },
    ...(c.national === undefined ? [] : [{ dimension: d.dimension, category: c.label, area: 'National average', percent: c.national }]),
  ]));
  if (values.length === 0) return null;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    title: { text: 'Children cautioned or sentenced: local and national (%)', fontSize: 13 },
    data: { values },
    facet: { field: 'dimension', type: 'nominal', title: null, sort: dims.map((d) => d.dimension) },
    columns: 3,
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 150,
      height: 160,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'category', type: 'nominal', sort: null, title: null, axis: { labelAngle: -30 } },
        xOffset: { field: 'area', type: 'nominal' },
        y: { field: 'percent', type: 'quantitative', title: '%', scale: { domain: [0, 100] } },
        color: { field: 'area', type: 'nominal', title: null, scale: { range: ['#1d70b8', '#b1b4b6'] } },
      },
    },
  };
  const alt = 'Bar chart comparing the demographics of children cautioned or sentenced locally with the national average. '
    + dims.map((d) => `${d.dimension}: ${d.categories.map((c) => `${c.label} ${c.local}% locally${c.national === undefined ? '' : `, ${c.national}% nationally`}`).join('; ')}`).join('. ') + '.';
  return { id: 'chart-context', title: 'Demographics, local and national', svg: await toSvg(spec), alt };
}

export async function reportCharts(view: ReportView): Promise<{ domains: Map<number, Chart>; context: Chart | null }> {
  const domains = new Map<number, Chart>();
  for (const d of view.domains) {
    const c = await keyQuestionChart(d, view.rules.thresholds);
    if (c) domains.set(d.id, c);
  }
  return { domains, context: await contextChart(view) };
}
