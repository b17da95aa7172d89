/**
 * Rating a 10,000-case inspection from per-case answers (validation included), against a plain loop
 * that only counts yes / relevant per answer key over the same array, measured in the same run.
 */
import { getFramework } from '../src/core/framework/index.js';
import { rateInspection } from '../src/core/rating/index.js';
import type { BenchLine } from './index.js';
import { medianMs } from './util.js';

const CASES = 10_000;

/** A deterministic pseudo-random inspection: 60% court, 40% out-of-court, every key question and prompt answered. */
function inspection(): { framework: '2018'; cases: { ref: string; domain: number; answers: Record<string, string> }[] } {
  const fw = getFramework('2018');
  let seed = 42;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const items = (domain: number) =>
    fw.standards
      .filter((s) => s.domain === domain && s.kind === 'case-assessed')
      .flatMap((s) => s.keyQuestions.flatMap((k) => [k.id, ...k.prompts.map((p) => p.id)]));
  const byDomain: Record<number, string[]> = { 2: items(2), 3: items(3) };
  const cases = [];
  for (let i = 0; i < CASES; i++) {
    const domain = i % 5 < 3 ? 2 : 3;
    const answers: Record<string, string> = {};
    for (const id of byDomain[domain]!) {
      const r = next();
      answers[id] = r < 0.7 ? 'yes' : r < 0.9 ? 'no' : 'not-relevant';
    }
    cases.push({ ref: `C${i}`, domain, answers });
  }
  return { framework: '2018', cases };
}

function plainCount(cases: { answers: Record<string, string> }[]): Map<string, { relevant: number; yes: number }> {
  const counts = new Map<string, { relevant: number; yes: number }>();
  for (const c of cases) {
    for (const key in c.answers) {
      const a = c.answers[key];
      let n = counts.get(key);
      if (!n) counts.set(key, (n = { relevant: 0, yes: 0 }));
      if (a === 'yes') {
        n.relevant++;
        n.yes++;
      } else if (a === 'no') n.relevant++;
    }
  }
  return counts;
}

export async function run(): Promise<BenchLine[]> {
  const input = inspection();
  const answers = input.cases.reduce((n, c) => n + Object.keys(c.answers).length, 0);
  const baseline = medianMs(() => plainCount(input.cases), 11, 3);
  const engine = medianMs(() => rateInspection(input, getFramework), 11, 3);
  return [
    {
      name: 'rate 10,000 cases from answers (validated)',
      baseline: 'plain yes/relevant counting loop',
      ratio: engine / baseline,
      target: 3,
      detail: `${answers.toLocaleString('en-GB')} answers; ${engine.toFixed(1)} ms vs ${baseline.toFixed(1)} ms`,
    },
  ];
}
