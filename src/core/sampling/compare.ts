/**
 * Sample versus population, for every classification and domain: counts, percentages and the proportional
 * share the sample should have. Also the same table as a Vega-Lite chart specification (data only: rendering
 * to SVG is an adapter's job, see src/population/chart.ts).
 */
import { DOMAIN_LABELS, SAMPLING_DOMAINS, VARIABLES, type PopulationCase, type SamplingDomain, type VariableId } from './classification.js';

export interface ComparisonRow {
  readonly variable: VariableId;
  readonly domain: SamplingDomain;
  readonly category: string;
  readonly population: number;
  readonly sample: number;
  /** Percentages to one decimal place. */
  readonly populationPercent: number;
  readonly samplePercent: number;
  /** The proportional share: sample size × population count / population size. */
  readonly share: number;
  /** |sample − share| ≤ 1. */
  readonly withinOne: boolean;
}

type Classified = PopulationCase & { readonly domain: SamplingDomain };

export function comparisonTable(population: readonly Classified[], sample: readonly Classified[]): ComparisonRow[] {
  // One counting pass over each list, without building strings: the population may be tens of thousands of cases.
  const count = (cases: readonly Classified[]): Map<SamplingDomain, { total: number; byVariable: Map<string, number>[] }> => {
    const m = new Map<SamplingDomain, { total: number; byVariable: Map<string, number>[] }>();
    for (const c of cases) {
      let d = m.get(c.domain);
      if (!d) m.set(c.domain, (d = { total: 0, byVariable: VARIABLES.map(() => new Map<string, number>()) }));
      d.total++;
      for (let i = 0; i < VARIABLES.length; i++) {
        const value = c[VARIABLES[i]!.key], counts = d.byVariable[i]!;
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
    }
    return m;
  };
  const pop = count(population), smp = count(sample);
  const rows: ComparisonRow[] = [];
  for (const domain of SAMPLING_DOMAINS) {
    const pd = pop.get(domain);
    if (!pd) continue;
    const sd = smp.get(domain);
    const N = pd.total, n = sd?.total ?? 0;
    VARIABLES.forEach((v, i) => {
      for (const category of v.categories as readonly string[]) {
        const p = pd.byVariable[i]!.get(category) ?? 0;
        if (p === 0) continue;
        const s = sd?.byVariable[i]!.get(category) ?? 0;
        const share = (n * p) / N;
        rows.push({
          variable: v.id,
          domain,
          category,
          population: p,
          sample: s,
          populationPercent: pct(p, N),
          samplePercent: pct(s, n),
          share: Math.round(share * 100) / 100,
          withinOne: Math.abs(s - share) <= 1 + 1e-9,
        });
      }
    });
  }
  return rows;
}

function pct(k: number, n: number): number {
  return n === 0 ? 0 : Math.round((1000 * k) / n) / 10;
}

/**
 * A Vega-Lite specification of the comparison: population and sample percentages side by side, one block per
 * classification (stacked, each as tall as its categories need) with a column per domain.
 */
export function comparisonChartSpec(rows: readonly ComparisonRow[]): Record<string, unknown> {
  const blocks = VARIABLES.filter((v) => rows.some((r) => r.variable === v.id)).map((v) => {
    const values = rows
      .filter((r) => r.variable === v.id)
      .flatMap((r) => [
        { domain: DOMAIN_LABELS[r.domain], category: r.category, series: 'Population', percent: r.populationPercent, count: r.population },
        { domain: DOMAIN_LABELS[r.domain], category: r.category, series: 'Sample', percent: r.samplePercent, count: r.sample },
      ]);
    return {
      title: { text: v.label, anchor: 'start', offset: 4 },
      data: { values },
      facet: { column: { field: 'domain', type: 'nominal', title: null, sort: SAMPLING_DOMAINS.map((d) => DOMAIN_LABELS[d]) } },
      // Each domain shows only its own categories (court disposal types are not out-of-court ones).
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: 240,
        height: { step: 11 },
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'category', type: 'nominal', title: null, sort: [...v.categories], axis: { labelLimit: 220 } },
          yOffset: { field: 'series', type: 'nominal', sort: ['Population', 'Sample'] },
          x: { field: 'percent', type: 'quantitative', title: 'per cent of cases', scale: { domain: [0, 100] } },
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['Population', 'Sample'], range: ['#1d70b8', '#f47738'] } },
          tooltip: [
            { field: 'category', type: 'nominal' },
            { field: 'series', type: 'nominal' },
            { field: 'count', type: 'quantitative' },
            { field: 'percent', type: 'quantitative' },
          ],
        },
      },
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Sample compared with the eligible population',
    vconcat: blocks,
    config: { font: 'Arial, Helvetica, sans-serif' },
  };
}
