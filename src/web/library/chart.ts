/**
 * The benchmark chart: one row per key question, the library's range (line), middle half (bar) and median
 * (tick), and the service's figure (dot); a Vega-Lite specification rendered to SVG with vega on the server.
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';
import type { Benchmark } from '../../core/benchmark/index.js';

export function benchmarkChartSpec(b: Benchmark): Record<string, unknown> {
  const rows = b.keyQuestions
    .filter((k) => k.quartiles || k.percent !== null || k.values.length > 0)
    .map((k) => ({
      kq: k.id, min: k.quartiles?.min ?? null, q1: k.quartiles?.q1 ?? null, median: k.quartiles?.median ?? null, q3: k.quartiles?.q3 ?? null, max: k.quartiles?.max ?? null,
      percent: k.percent, lower: k.interval?.lower ?? null, upper: k.interval?.upper ?? null,
    }));
  // Fewer than five reports: each library figure as a small grey mark, with no range or quartiles drawn.
  const figures = b.keyQuestions.filter((k) => k.few).flatMap((k) => k.values.map((value) => ({ kq: k.id, value })));
  const order = rows.map((r) => r.kq);
  const y = { field: 'kq', type: 'nominal', sort: order, title: 'Key question' };
  const x = { type: 'quantitative', scale: { domain: [0, 100] }, title: "Percent 'Yes'" };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 560,
    height: { step: 18 },
    background: 'white',
    config: { font: 'Arial, sans-serif', axis: { labelFontSize: 12, titleFontSize: 13 }, legend: { labelFontSize: 12 } },
    data: { values: rows },
    layer: [
      { mark: { type: 'rule', color: '#505a5f' }, encoding: { y, x: { field: 'min', ...x }, x2: { field: 'max' } } },
      { mark: { type: 'bar', color: '#b1b4b6', height: 10 }, encoding: { y, x: { field: 'q1', ...x }, x2: { field: 'q3' } } },
      { mark: { type: 'tick', color: '#0b0c0c', thickness: 2, size: 12 }, encoding: { y, x: { field: 'median', ...x } } },
      { data: { values: figures }, mark: { type: 'point', shape: 'diamond', color: '#505a5f', size: 40, filled: true }, encoding: { y, x: { field: 'value', ...x } } },
      { mark: { type: 'rule', color: '#1d70b8', strokeWidth: 2, opacity: 0.6 }, encoding: { y, x: { field: 'lower', ...x }, x2: { field: 'upper' } } },
      {
        mark: { type: 'point', filled: true, size: 70, shape: 'circle' },
        encoding: {
          y,
          x: { field: 'percent', ...x },
          color: { datum: b.subject.label, type: 'nominal', scale: { range: ['#1d70b8'] }, legend: { title: null, orient: 'top' } },
        },
      },
    ],
  };
}

export async function renderBenchmarkSvg(b: Benchmark): Promise<string> {
  const vg = compile(benchmarkChartSpec(b) as unknown as TopLevelSpec).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
