/**
 * Checks a framework file's data: its shape (file-schema.ts), then the rules that tie its parts
 * together. Every problem is named with its path, e.g. `standards[3].keyQuestions[0].prompts[2].id`,
 * so a person can find it in the file. Pure: reading the file is the caller's job.
 */
import { FrameworkFileSchema, type FrameworkFile } from './file-schema.js';
import { normaliseText } from './text.js';
import { RATINGS } from './types.js';

/** The domains whose standards are answered per case: 2 court disposals, 3 out-of-court disposals, 4 custody. */
export const CASE_DOMAINS: readonly number[] = [2, 3, 4];

export interface FrameworkProblem {
  readonly path: string;
  readonly message: string;
}

export type FrameworkFileResult = { ok: true; file: FrameworkFile } | { ok: false; problems: FrameworkProblem[] };

/** `['standards', 3, 'id']` → `standards[3].id`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(top level)';
}

export function checkFrameworkFile(data: unknown): FrameworkFileResult {
  const parsed = FrameworkFileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.flatMap((i) =>
        i.code === 'unrecognized_keys'
          ? i.keys.map((key) => ({ path: formatPath([...i.path, key]), message: 'is not a field of the framework format: check its spelling, or remove it' }))
          : [{ path: formatPath(i.path), message: plainShapeMessage(i) }],
      ),
    };
  }
  const problems = frameworkFileProblems(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, file: parsed.data };
}

function plainShapeMessage(issue: { code: string; message: string; input?: unknown; expected?: string; values?: readonly unknown[] }): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is missing';
  // YAML reads `id: 2.1` as a number; an id is text.
  if (issue.code === 'invalid_type' && issue.expected === 'string' && typeof issue.input === 'number') {
    return `must be text, not the number ${issue.input}: put it in quotes, e.g. '${issue.input}'`;
  }
  if (issue.code === 'invalid_value' && issue.values) return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}

/** The integrity problems of well-shaped file data; empty when sound. */
export function frameworkFileProblems(fw: FrameworkFile): FrameworkProblem[] {
  const problems: FrameworkProblem[] = [];
  const add = (path: string, message: string): void => void problems.push({ path, message });

  const domainIds = new Set<number>();
  fw.domains.forEach((d, i) => {
    if (domainIds.has(d.id)) add(`domains[${i}].id`, `domain ${d.id} is defined more than once`);
    domainIds.add(d.id);
  });

  const ids = new Map<string, string>();
  const unique = (id: string, path: string, what: string): void => {
    const first = ids.get(id);
    if (first !== undefined) add(path, `${what} id ${id} is already used at ${first}`);
    else ids.set(id, path);
  };

  fw.standards.forEach((s, si) => {
    const sp = `standards[${si}]`;
    unique(s.id, `${sp}.id`, 'standard');
    if (!domainIds.has(s.domain)) add(`${sp}.domain`, `standard ${s.id} is in domain ${s.domain}, which the domains list does not define`);
    else if (!s.id.startsWith(`${s.domain}.`)) add(`${sp}.id`, `standard ${s.id} should be numbered within its domain, as ${s.domain}.something`);
    if (s.kind === 'case-assessed' && s.keyQuestions.length === 0) add(`${sp}.keyQuestions`, `case-assessed standard ${s.id} needs at least one key question`);
    if (s.kind === 'case-assessed' && !CASE_DOMAINS.includes(s.domain)) {
      add(`${sp}.domain`, `case-assessed standard ${s.id} is in domain ${s.domain}, but cases belong to domain 2 (court disposals), 3 (out-of-court disposals) or 4 (custody and resettlement)`);
    }
    duplicateWordings([s.statement, ...s.statementVariants], `${sp}.statementVariants`, `standard ${s.id} statement`, add);

    s.keyQuestions.forEach((k, ki) => {
      const kp = `${sp}.keyQuestions[${ki}]`;
      unique(k.id, `${kp}.id`, 'key question');
      if (!k.id.startsWith(`${s.id}.`)) add(`${kp}.id`, `key question ${k.id} is not under its standard ${s.id}: its id should start ${s.id}.`);
      if (k.standard !== undefined && k.standard !== s.id) add(`${kp}.standard`, `key question ${k.id} names standard ${k.standard} but sits under ${s.id}`);
      if (s.kind === 'judgement' && k.subSample !== 'evidence') add(`${kp}.subSample`, `key question ${k.id} of judgement standard ${s.id} must be answered from evidence`);
      if (s.kind === 'case-assessed' && k.subSample === 'evidence') add(`${kp}.subSample`, `key question ${k.id} of case-assessed standard ${s.id} must be answered from cases, not evidence`);
      duplicateWordings([k.text, ...k.variants], `${kp}.variants`, `key question ${k.id}`, add);

      k.prompts.forEach((p, pi) => {
        const pp = `${kp}.prompts[${pi}]`;
        unique(p.id, `${pp}.id`, 'prompt');
        if (!p.id.startsWith(`${k.id}.`)) add(`${pp}.id`, `prompt ${p.id} is not under its key question ${k.id}: its id should start ${k.id}.`);
        if (p.keyQuestion !== undefined && p.keyQuestion !== k.id) add(`${pp}.keyQuestion`, `prompt ${p.id} names key question ${p.keyQuestion} but sits under ${k.id}`);
        if (/^where applicable\b/i.test(p.text) && !p.whereApplicable) add(`${pp}.whereApplicable`, `prompt ${p.id} reads "Where applicable" but whereApplicable is not true`);
        duplicateWordings([p.text, ...p.variants], `${pp}.variants`, `prompt ${p.id}`, add);
      });
    });
  });

  ratingProblems(fw, domainIds, add);
  samplingProblems(fw, add);
  return problems;
}

function duplicateWordings(all: readonly string[], path: string, what: string, add: (path: string, message: string) => void): void {
  const seen = new Set<string>();
  all.forEach((w, i) => {
    const n = normaliseText(w);
    if (seen.has(n)) add(`${path}[${i - 1}]`, `${what} lists the wording "${w}" twice`);
    seen.add(n);
  });
}

function ratingProblems(fw: FrameworkFile, domainIds: ReadonlySet<number>, add: (path: string, message: string) => void): void {
  const r = fw.rating;
  const [ri, good, outstanding] = [r.thresholds['Requires improvement'], r.thresholds.Good, r.thresholds.Outstanding];
  if (!(ri > 0 && ri < good && good < outstanding)) {
    add('rating.thresholds', `thresholds must increase above 0: Requires improvement (${ri}) < Good (${good}) < Outstanding (${outstanding})`);
  }
  const scores = RATINGS.map((x) => r.score[x]);
  if (scores.some((s, i) => i > 0 && s <= scores[i - 1]!)) add('rating.score', `scores must increase from Inadequate to Outstanding (got ${scores.join(', ')})`);

  const counted = fw.standards.filter((s) => s.counted).map((s) => s.id);
  if (r.countedStandards !== undefined) {
    const listed = new Set(r.countedStandards);
    r.countedStandards.forEach((id, i) => {
      const s = fw.standards.find((x) => x.id === id);
      if (!s) add(`rating.countedStandards[${i}]`, `standard ${id} is not defined`);
      else if (!s.counted) add(`rating.countedStandards[${i}]`, `standard ${id} is listed as counted but is marked counted: false`);
    });
    for (const id of counted) if (!listed.has(id)) add('rating.countedStandards', `standard ${id} is marked counted but is not listed`);
  }
  const expectedMax = counted.length * Math.max(...scores);
  if (r.maxScore !== expectedMax) {
    add('rating.maxScore', `${counted.length} standards are counted at up to ${Math.max(...scores)} each, so the score maximum is ${expectedMax}, not ${r.maxScore}`);
  }

  const ranges = r.overall;
  ranges.forEach((b, i) => {
    if (b.from > b.to) add(`rating.overall[${i}]`, `${b.rating} runs from ${b.from} to ${b.to}: from must not be above to`);
    if (i > 0 && RATINGS.indexOf(b.rating) <= RATINGS.indexOf(ranges[i - 1]!.rating)) add(`rating.overall[${i}].rating`, 'overall bands must be listed from the lowest rating to the highest, each once');
  });
  let next = 0;
  ranges.forEach((b, i) => {
    if (b.from > next) {
      const missing = b.from - 1 === next ? `score ${next} has` : `scores ${next} to ${b.from - 1} have`;
      add(`rating.overall[${i}].from`, `${missing} no overall rating (a gap before ${b.rating})`);
    }
    else if (b.from < next) add(`rating.overall[${i}].from`, `${b.rating} starts at ${b.from}, overlapping the band before, which ends at ${next - 1}`);
    next = Math.max(next, b.to + 1);
  });
  if (next - 1 !== r.maxScore) add('rating.overall', `the overall bands end at ${next - 1} but must end at the score maximum, ${r.maxScore}`);

  const d = r.discretion;
  const smallestGap = Math.min(ri, good - ri, outstanding - good, 100 - outstanding);
  if (d.withinPoints !== undefined && d.withinPoints >= smallestGap && smallestGap > 0) {
    add('rating.discretion.withinPoints', `${d.withinPoints} points is out of range: it must be below the smallest gap between thresholds (${smallestGap})`);
  }
  if (d.casesOrFewer !== undefined && d.casesOrFewer > 1000) add('rating.discretion.casesOrFewer', `${d.casesOrFewer} cases is out of range: enter 1000 or fewer`);

  r.limits.forEach((l, i) => {
    const lp = `rating.limits[${i}]`;
    if (!fw.standards.some((s) => s.id === l.standard)) add(`${lp}.standard`, `limiting rule ${l.id} names standard ${l.standard}, which is not defined`);
    l.when.domains.forEach((dom, j) => {
      if (!domainIds.has(dom)) add(`${lp}.when.domains[${j}]`, `limiting rule ${l.id} names domain ${dom}, which the domains list does not define`);
    });
  });
}

function samplingProblems(fw: FrameworkFile, add: (path: string, message: string) => void): void {
  const s = fw.sampling;
  if (!s) return;
  if (s.split.court + s.split.outOfCourt !== 100) add('sampling.split', `court (${s.split.court}) and out-of-court (${s.split.outOfCourt}) shares must add up to 100`);
  for (const [domain, w] of Object.entries(s.windows)) {
    if (w && w.from > w.to) add(`sampling.windows.${domain}`, `the window runs from ${w.from} to ${w.to} months: from must not be above to`);
  }
  const seen = new Set<string>();
  s.stratifiers.forEach((x, i) => {
    if (seen.has(x)) add(`sampling.stratifiers[${i}]`, `${x} is listed twice`);
    seen.add(x);
  });
}
