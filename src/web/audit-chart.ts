/**
 * A case audit beside the service's earlier audits: each key question's percentage 'Yes' by audit, one small
 * line chart per key question, with the framework's band thresholds as faint rules. A Vega-Lite specification
 * rendered to SVG on the server, as the benchmark chart is; the same figures are in the table under it.
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';
import type { AuditTrend } from '../core/audit/index.js';

export function auditTrendSpec(t: AuditTrend, thresholds: readonly number[]): Record<string, unknown> {
  const order = t.audits.map((a) => a.title);
  const values = t.keyQuestions.flatMap((k) => k.points.map((p, i) => ({ kq: k.id, audit: t.audits[i]!.title, percent: p.percent })));
  const x = { field: 'audit', type: 'ordinal', sort: order, title: null, axis: { labelAngle: -30, labelLimit: 120 } };
  const y = { field: 'percent', type: 'quantitative', scale: { domain: [0, 100] }, title: "Percent 'Yes'" };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    background: 'white',
    config: { font: 'Arial, sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, header: { labelFontSize: 13, titleFontSize: 13 } },
    data: { values },
    facet: { field: 'kq', type: 'nominal', sort: t.keyQuestions.map((k) => k.id), title: null, header: { labelFontWeight: 'bold' } },
    columns: 3,
    spec: {
      width: 180,
      height: 120,
      layer: [
        ...thresholds.map((v) => ({ mark: { type: 'rule', color: '#b1b4b6', strokeDash: [3, 3] }, encoding: { y: { datum: v, type: 'quantitative', scale: { domain: [0, 100] } } } })),
        { mark: { type: 'line', color: '#1d70b8', strokeWidth: 2, point: { filled: true, size: 40, color: '#1d70b8' } }, encoding: { x, y } },
      ],
    },
  };
}

export async function renderAuditTrendSvg(t: AuditTrend, thresholds: readonly number[]): Promise<string> {
  const vg = compile(auditTrendSpec(t, thresholds) as unknown as TopLevelSpec).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
