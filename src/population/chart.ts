/** Renders the core's comparison chart (a Vega-Lite specification) to SVG with vega and vega-lite. */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';

export async function renderChartSvg(spec: Record<string, unknown>): Promise<string> {
  const vg = compile(spec as unknown as TopLevelSpec).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
