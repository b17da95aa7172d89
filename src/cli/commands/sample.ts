/**
 * `yjinspect sample POPULATION.csv --seed N [--confidence 80 --margin 5 --fieldwork YYYY-MM-DD] [--json]`:
 * draws the case sample from a population file and prints the sizes with their working, the sample, the
 * reserve list and the sample-versus-population comparison. A bad file exits 2 with every bad row on stderr.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  comparisonChartSpec,
  DOMAIN_LABELS,
  drawSample,
  replaceCase,
  SAMPLING_DOMAINS,
  toSampleOutput,
  VARIABLES,
  type SampleOutput,
  type SamplingDomain,
  type SizeOverride,
  type Window,
} from '../../core/sampling/index.js';
import { BUILT_IN_FRAMEWORKS, frameworkIds, getFramework, isFrameworkVersion } from '../../core/framework/index.js';
import { readPopulationFile } from '../../population/read.js';
import { PopulationFileError } from '../../population/rows.js';

export const usage =
  'yjinspect sample POPULATION.csv|.xlsx --seed N [--confidence 80] [--margin 5] [--fieldwork YYYY-MM-DD] [--framework ID] ' +
  '[--court-window 6-9] [--out-of-court-window 6-10] [--resettlement-window 6-9] [--override DOMAIN=N:REASON]... [--replace REF:WHO:REASON]... [--reserve N] [--chart FILE.svg|FILE.vl.json] [--json]';

class UsageError extends Error {}

function parseWindow(flag: string, text: string | undefined): Window | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)-(\d+)$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag} takes months before fieldwork as FROM-TO, e.g. 6-9; got '${text}'`);
  return { from: Number(m[1]), to: Number(m[2]) };
}

function parseNumber(flag: string, text: string | undefined, whole = false): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || (whole && (!Number.isSafeInteger(n) || n < 0))) {
    throw new UsageError(`${flag} needs ${whole ? 'a whole number' : 'a number'}; got '${text}'`);
  }
  return n;
}

function parseOverride(text: string): SizeOverride {
  const m = /^([A-Za-z-]+)=(\d+):(.*)$/s.exec(text);
  const domain = m ? (SAMPLING_DOMAINS as readonly string[]).find((d) => d.toLowerCase() === m[1]!.replace(/-/g, '').toLowerCase()) : undefined;
  if (!m || !domain) throw new UsageError(`--override takes DOMAIN=N:REASON with DOMAIN one of ${SAMPLING_DOMAINS.join(', ')}, e.g. --override "outOfCourt=12:only 12 files were complete"; got '${text}'`);
  return { domain: domain as SamplingDomain, sample: Number(m[2]), reason: m[3]! };
}

export async function run(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        seed: { type: 'string' },
        confidence: { type: 'string' },
        margin: { type: 'string' },
        fieldwork: { type: 'string' },
        framework: { type: 'string' },
        'court-window': { type: 'string' },
        'out-of-court-window': { type: 'string' },
        'resettlement-window': { type: 'string' },
        override: { type: 'string', multiple: true },
        replace: { type: 'string', multiple: true },
        reserve: { type: 'string' },
        chart: { type: 'string' },
        json: { type: 'boolean' },
      },
    }));
  } catch (err) {
    return usageError((err as Error).message);
  }
  let output: SampleOutput;
  try {
    if (positionals.length !== 1) throw new UsageError('give exactly one population file (CSV or XLSX)');
    const seed = parseNumber('--seed', values.seed as string | undefined, true);
    if (seed === undefined) throw new UsageError('--seed N is required: record it, and the same file and seed draw the same sample again');
    const framework = (values.framework as string | undefined) ?? BUILT_IN_FRAMEWORKS[0]!;
    if (!isFrameworkVersion(framework)) throw new UsageError(`--framework is one of ${frameworkIds().join(', ')}; got '${framework}'`);
    const windows: Partial<Record<SamplingDomain, Window>> = {};
    for (const [flag, d] of [['court-window', 'court'], ['out-of-court-window', 'outOfCourt'], ['resettlement-window', 'resettlement']] as const) {
      const w = parseWindow(`--${flag}`, values[flag] as string | undefined);
      if (w) windows[d] = w;
    }
    const cases = await readPopulationFile(positionals[0]!);
    const confidence = parseNumber('--confidence', values.confidence as string | undefined);
    const margin = parseNumber('--margin', values.margin as string | undefined);
    const reserve = parseNumber('--reserve', values.reserve as string | undefined, true);
    const fieldwork = values.fieldwork as string | undefined;
    let result = drawSample(cases, {
      seed,
      framework,
      defaults: getFramework(framework).sampling,
      ...(confidence !== undefined ? { confidence } : {}),
      ...(margin !== undefined ? { margin } : {}),
      ...(fieldwork !== undefined ? { fieldwork } : {}),
      ...(reserve !== undefined ? { reserve } : {}),
      windows,
      overrides: ((values.override as string[] | undefined) ?? []).map(parseOverride),
    });
    // Replacements apply in the order given, each taking the reserve that keeps the balance best.
    for (const text of (values.replace as string[] | undefined) ?? []) {
      const m = /^([^:]+):([^:]+):(.+)$/s.exec(text);
      if (!m) throw new UsageError(`--replace takes REF:WHO:REASON, e.g. --replace "YJ-24-1014:Lead inspector:file incomplete"; got '${text}'`);
      result = replaceCase(result, { ref: m[1]!.trim(), by: m[2]!, at: new Date().toISOString(), reason: m[3]! });
    }
    output = toSampleOutput(result);
    const chart = values.chart as string | undefined;
    if (chart) {
      const spec = comparisonChartSpec(result.comparison);
      await writeFile(chart, chart.toLowerCase().endsWith('.svg') ? await (await import('../../population/chart.js')).renderChartSvg(spec) : JSON.stringify(spec, null, 2) + '\n');
    }
  } catch (err) {
    if (err instanceof PopulationFileError) {
      process.stderr.write(`yjinspect sample: ${err.message}\n`);
      return 2;
    }
    // Usage mistakes and the core's refusals (a bad date, an override without a reason) are all actionable.
    if (err instanceof Error) return usageError(err.message);
    throw err;
  }
  process.stdout.write(values.json ? JSON.stringify(output, null, 2) + '\n' : formatText(output));
  return 0;
}

function usageError(message: string): number {
  process.stderr.write(`yjinspect sample: ${message}\nUsage: ${usage}\n`);
  return 2;
}

function table(head: string[], rows: (string | number)[][]): string[] {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => (typeof rows[0]?.[i] === 'number' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

function formatText(o: SampleOutput): string {
  const out: string[] = [];
  const p = o.parameters;
  out.push(`Sample drawn with seed ${o.seed} (framework ${o.framework}); ${p.confidence}% confidence, margin of error ${p.margin}, p = ${p.proportion}`);
  out.push(o.fieldwork ? `Fieldwork ${o.fieldwork}; ${o.excluded.length} case(s) outside the eligibility windows` : 'No fieldwork date given: the file is taken as the eligible population (no windows applied)');
  out.push('', 'Sizes');
  for (const [d, s] of Object.entries(o.sizes) as [SamplingDomain, NonNullable<SampleOutput['sizes']['resettlement']>][]) {
    out.push(`  ${DOMAIN_LABELS[d]}: ${s.sample} of ${s.population} (${s.method})`);
    for (const w of s.working) out.push(`    ${w}`);
    if (s.shortfall) out.push(`    shortfall: ${s.shortfall}`);
    if (s.override) out.push(`    overridden from ${s.override.from} to ${s.override.to}: ${s.override.reason}`);
  }
  out.push(`  combined court and out-of-court: ${o.combined.sample}${o.combined.courtPercent === null ? '' : ` (${o.combined.courtPercent}% court)`}`);
  for (const r of o.replacements) out.push(`  replaced ${r.removed} with ${r.added} (${DOMAIN_LABELS[r.domain]}), by ${r.by} at ${r.at}: ${r.reason}`);
  if (o.excluded.length > 0) {
    out.push('', 'Excluded (outside the eligibility windows)');
    for (const e of o.excluded) out.push(`  ${e.ref}: ${e.reason}`);
  }
  const caseRow = (c: Omit<SampleOutput['sample'][number], 'position'>): (string | number)[] => [c.ref, DOMAIN_LABELS[c.domain], c.disposalType, c.startDate, c.gender, c.ageBand, c.ethnicity, c.riskOfSeriousHarm, c.safetyAndWellbeing];
  const caseHead = ['ref', 'domain', 'disposal type', 'start', 'gender', 'age', 'ethnicity', 'RoSH', 'safety and wellbeing'];
  out.push('', `Sample (${o.sample.length})`, ...table(['#', ...caseHead], o.sample.map((c) => [c.position, ...caseRow(c)])).map((l) => `  ${l}`));
  out.push('', `Reserve list, in order of use (${o.reserve.length})`, ...table(['#', ...caseHead], o.reserve.map((c) => [c.rank, ...caseRow(c)])).map((l) => `  ${l}`));
  out.push('', 'Sample compared with the population');
  const label = (id: string): string => VARIABLES.find((v) => v.id === id)?.label ?? id;
  out.push(
    ...table(
      ['domain', 'classification', 'category', 'population', 'pop %', 'sample', 'sample %', 'share'],
      o.comparison.map((r) => [DOMAIN_LABELS[r.domain], label(r.variable), r.category, r.population, r.populationPercent, r.sample, r.samplePercent, r.share]),
    ).map((l) => `  ${l}`),
  );
  return out.join('\n') + '\n';
}
