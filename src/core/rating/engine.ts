/**
 * The rating engine: one inspection's input (judgements, key-question counts or per-case answers, and
 * discretion decisions) to standard ratings, score and overall rating. Pure and deterministic; every
 * input problem is collected and reported with its JSON path rather than guessed around.
 */
import type { Framework, RatingRules, StandardDef } from '../framework/types.js';
import { percentOf, ratingIndex, ratingScale, shareIsBelow } from './bands.js';
import { RatingInputError, joinPath, problemsFromZod, type InputProblem } from './errors.js';
import { indexFramework, type FrameworkIndex } from './framework-index.js';
import {
  CaseInputSchema,
  RateInputShellSchema,
  isValidCase,
  type CaseInput,
  type DiscretionDecision,
  type PromptResult,
  type RateInput,
  type RateOutput,
  type StandardResult,
} from './schema.js';
import { computeStandard, type Figure } from './standard-rating.js';
import { limitingRuleMessage, numberWords, thresholdsText, withinPointsWords } from './rules-text.js';

export type FrameworkResolver = (version: RateInput['framework']) => Framework;

/** Validates raw JSON-shaped input and rates it. Throws RatingInputError listing every problem. */
export function rateInspection(raw: unknown, resolve: FrameworkResolver): RateOutput {
  const shell = RateInputShellSchema.safeParse(raw, { reportInput: true });
  const problems = shell.success ? [] : problemsFromZod(shell.error);
  // Check the cases even when something else is wrong, so every problem is reported at once.
  const cases = shell.success ? shell.data.cases : casesOf(raw);
  if (cases) {
    for (let i = 0; i < cases.length; i++) {
      if (isValidCase(cases[i])) continue;
      const checked = CaseInputSchema.safeParse(cases[i], { reportInput: true });
      if (!checked.success) problems.push(...problemsFromZod(checked.error, ['cases', i]));
    }
  }
  if (!shell.success || problems.length > 0) throw new RatingInputError(problems);
  const input = shell.data as RateInput;
  return rate(input, resolve(input.framework));
}

function casesOf(raw: unknown): readonly unknown[] | undefined {
  const cases = typeof raw === 'object' && raw !== null ? (raw as { cases?: unknown }).cases : undefined;
  return Array.isArray(cases) ? cases : undefined;
}

/** Rates input already shaped as RateInput against the given framework, by its rating rules. */
export function rate(input: RateInput, framework: Framework): RateOutput {
  const rules = framework.rating;
  const scale = ratingScale(rules);
  const index = indexFramework(framework);
  const problems: InputProblem[] = [];
  const given = checkGivenStandards(input, index, problems);
  const fromCases = countCases(input.cases ?? [], index, given, problems);

  const standards: StandardResult[] = framework.standards.map((def, i) =>
    rateStandard(def, input.standards?.[def.id], fromCases, i, index, rules),
  );
  applyDiscretion(input.discretion ?? [], standards, index, rules, problems);
  if (problems.length > 0) throw new RatingInputError(problems);

  const counted = standards.filter((s) => s.counted);
  const missing = counted.filter((s) => s.rating === null).map((s) => s.id);
  const complete = missing.length === 0;
  const score = complete ? counted.reduce((sum, s) => sum + scale.scoreOf(s.rating!), 0) : null;
  return {
    framework: framework.version,
    complete,
    standards,
    warnings: limitWarnings(standards, rules),
    score,
    maxScore: rules.maxScore,
    overall: score === null ? null : scale.overallFromScore(score),
    missing,
  };
}

/** Checks `standards` against the framework; returns which standards were given key-question counts. */
function checkGivenStandards(input: RateInput, index: FrameworkIndex, problems: InputProblem[]): Set<string> {
  const withCounts = new Set<string>();
  const version = index.framework.version;
  for (const [id, entry] of Object.entries(input.standards ?? {})) {
    const path = ['standards', id];
    const def = index.standards.get(id);
    if (!def) {
      problems.push({ path: joinPath(path), message: `unknown standard for framework ${version}` });
      continue;
    }
    if (def.kind === 'judgement' && entry.keyQuestions !== undefined) {
      problems.push({
        path: joinPath([...path, 'keyQuestions']),
        message: `${id} ${def.name} is a judgement standard in framework ${version}: give {"judgement": RATING}, not key-question counts`,
      });
    }
    if (def.kind === 'case-assessed' && entry.judgement !== undefined) {
      problems.push({
        path: joinPath([...path, 'judgement']),
        message: `${id} ${def.name} is case-assessed in framework ${version}: give "keyQuestions" counts (or per-case answers), not a judgement`,
      });
    }
    if (entry.keyQuestions === undefined || def.kind !== 'case-assessed') continue;
    withCounts.add(id);
    for (const kq of Object.keys(entry.keyQuestions)) {
      const kqDef = index.keyQuestions.get(kq);
      if (!kqDef) problems.push({ path: joinPath([...path, 'keyQuestions', kq]), message: `unknown key question for framework ${version}` });
      else if (kqDef.standard !== id) {
        problems.push({ path: joinPath([...path, 'keyQuestions', kq]), message: `key question ${kq} belongs to standard ${kqDef.standard}, not ${id}` });
      }
    }
  }
  return withCounts;
}

interface CaseCounts {
  readonly relevant: Int32Array;
  readonly yes: Int32Array;
  /** Per standard index: true when its counts come from cases. */
  readonly derived: readonly boolean[];
}

/**
 * Counts yes / relevant per key question and prompt over all cases. This is the hot loop for large
 * inspections: one Map lookup and a few comparisons per answer.
 */
function countCases(cases: readonly CaseInput[], index: FrameworkIndex, given: ReadonlySet<string>, problems: InputProblem[]): CaseCounts {
  const relevant = new Int32Array(index.slotCount);
  const yes = new Int32Array(index.slotCount);
  const standards = index.framework.standards;
  const firstAnswer: (string | undefined)[] = new Array(standards.length);
  const domainsSeen = new Set<number>();
  const refs = new Map<string, number>();
  const version = index.framework.version;
  const targets = index.targets;

  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    const earlier = refs.get(c.ref);
    if (earlier !== undefined) problems.push({ path: `cases.${i}.ref`, message: `duplicate case reference ${c.ref} (also cases.${earlier})` });
    else refs.set(c.ref, i);
    if (!index.domains.has(c.domain)) {
      problems.push({ path: `cases.${i}.domain`, message: `framework ${version} has no domain ${c.domain}` });
      continue;
    }
    domainsSeen.add(c.domain);
    const answers = c.answers;
    for (const key in answers) {
      const target = targets.get(key);
      const standard = target?.standard;
      if (target === undefined || standard === undefined) {
        problems.push({ path: joinPath(['cases', i, 'answers', key]), message: `unknown key question or prompt for framework ${version}` });
      } else if (standard.domain !== c.domain) {
        problems.push({
          path: joinPath(['cases', i, 'answers', key]),
          message: `${target.kind} ${key} is in domain ${standard.domain}, but case ${c.ref} is a domain ${c.domain} case`,
        });
      } else if (standard.kind !== 'case-assessed') {
        problems.push({
          path: joinPath(['cases', i, 'answers', key]),
          message: `${standard.id} ${standard.name} is a judgement standard in framework ${version}: record its judgement in "standards", not case answers`,
        });
      } else {
        const answer = answers[key];
        if (answer === 'yes') {
          relevant[target.slot]!++;
          yes[target.slot]!++;
        } else if (answer === 'no') relevant[target.slot]!++;
        if (firstAnswer[target.standardIndex] === undefined) firstAnswer[target.standardIndex] = joinPath(['cases', i, 'answers', key]);
      }
    }
  }

  const derived = standards.map((s, i) => {
    if (s.kind !== 'case-assessed') return false;
    if (given.has(s.id)) {
      const at = firstAnswer[i];
      if (at !== undefined) {
        problems.push({ path: `standards.${s.id}`, message: `counts for ${s.id} are given here and also answered in cases (${at}): give one or the other` });
      }
      return false;
    }
    return domainsSeen.has(s.domain);
  });
  return { relevant, yes, derived };
}

function rateStandard(
  def: StandardDef,
  entry: NonNullable<RateInput['standards']>[string] | undefined,
  cases: CaseCounts,
  standardIndex: number,
  index: FrameworkIndex,
  rules: RatingRules,
): StandardResult {
  const base = { id: def.id, name: def.name, domain: def.domain, kind: def.kind, counted: def.counted };
  const noDiscretion = { eligible: false, reasons: [], applied: null };
  if (def.kind === 'judgement') {
    const judgement = entry?.judgement ?? null;
    return {
      ...base,
      source: judgement === null ? null : 'judgement',
      rating: judgement,
      computedRating: null,
      lowestKeyQuestions: [],
      lowestPercent: null,
      keyQuestions: [],
      discretion: noDiscretion,
    };
  }

  const derived = cases.derived[standardIndex] === true;
  const figures: Figure[] = def.keyQuestions.map((kq) => {
    if (derived) {
      const slot = index.targets.get(kq.id)!.slot;
      return { id: kq.id, relevant: cases.relevant[slot]!, yes: cases.yes[slot]! };
    }
    const counts = entry?.keyQuestions?.[kq.id];
    return { id: kq.id, relevant: counts?.relevant ?? 0, yes: counts?.yes ?? 0 };
  });
  const computed = computeStandard(figures, rules);
  const result: StandardResult = {
    ...base,
    source: derived ? 'cases' : entry?.keyQuestions !== undefined ? 'counts' : null,
    rating: computed.computedRating,
    computedRating: computed.computedRating,
    lowestKeyQuestions: [...computed.lowestKeyQuestions],
    lowestPercent: computed.lowestPercent,
    keyQuestions: figures.map((f) => ({
      id: f.id,
      relevant: f.relevant,
      yes: f.yes,
      percent: f.relevant === 0 ? null : percentOf(f.yes, f.relevant),
      band: f.relevant === 0 ? null : ratingScale(rules).bandOf(f.yes, f.relevant),
    })),
    discretion: { eligible: computed.reasons.length > 0, reasons: [...computed.reasons], applied: null },
  };
  if (derived) result.prompts = promptFigures(def, cases, index);
  return result;
}

function promptFigures(def: StandardDef, cases: CaseCounts, index: FrameworkIndex): PromptResult[] {
  const out: PromptResult[] = [];
  for (const kq of def.keyQuestions) {
    for (const p of kq.prompts) {
      const slot = index.targets.get(p.id)!.slot;
      const relevant = cases.relevant[slot]!;
      const yes = cases.yes[slot]!;
      out.push({ id: p.id, keyQuestion: kq.id, relevant, yes, percent: relevant === 0 ? null : percentOf(yes, relevant) });
    }
  }
  return out;
}

/** Checks each ratings-panel decision and applies the valid ones; the computed rating stays reported. */
function applyDiscretion(
  decisions: readonly DiscretionDecision[],
  standards: StandardResult[],
  index: FrameworkIndex,
  rules: RatingRules,
  problems: InputProblem[],
): void {
  const seen = new Map<string, number>();
  decisions.forEach((d, i) => {
    const path = `discretion.${i}`;
    const def = index.standards.get(d.standard);
    const result = standards.find((s) => s.id === d.standard);
    if (!def || !result) {
      problems.push({ path: `${path}.standard`, message: `unknown standard "${d.standard}" for framework ${index.framework.version}` });
      return;
    }
    const first = seen.get(d.standard);
    if (first !== undefined) {
      problems.push({ path: `${path}.standard`, message: `a second decision for ${d.standard} (the first is discretion.${first}): give one` });
      return;
    }
    seen.set(d.standard, i);
    if (def.kind === 'judgement') {
      problems.push({
        path: `${path}.standard`,
        message: `${d.standard} ${def.name} is a judgement standard: discretion applies only to case-assessed standards; record the judgement itself in "standards"`,
      });
      return;
    }
    const computed = result.computedRating;
    if (computed === null) {
      problems.push({ path, message: `${d.standard} ${def.name} has no computed rating to move (no relevant cases)` });
      return;
    }
    if (!result.discretion.eligible) {
      problems.push({ path, message: `${d.standard} ${def.name} is not eligible for discretion: ${whyNotEligible(result, rules, index.framework.version)}` });
      return;
    }
    const distance = Math.abs(ratingIndex(d.rating) - ratingIndex(computed));
    if (distance === 0) {
      problems.push({ path: `${path}.rating`, message: `${d.rating} is already the computed rating of ${d.standard}: a decision moves it one band up or down` });
      return;
    }
    if (distance > 1) {
      problems.push({
        path: `${path}.rating`,
        message: `${d.rating} is ${distance} bands from the computed rating of ${d.standard} (${computed}): discretion moves a rating by one band only`,
      });
      return;
    }
    result.rating = d.rating;
    result.discretion.applied = { rating: d.rating, reason: d.reason };
  });
}

/** Why a standard is not eligible, in the framework's own numbers: only the conditions it lists. */
function whyNotEligible(result: StandardResult, rules: RatingRules, version: string): string {
  const lowest = result.keyQuestions.filter((k) => result.lowestKeyQuestions.includes(k.id));
  const figures = lowest.map((k) => `${k.id} ${k.yes}/${k.relevant} (${formatPercent(k.percent!)}%)`).join(', ');
  const { withinPoints, oneCase, casesOrFewer } = rules.discretion;
  const clauses: string[] = [];
  if (oneCase === true) clauses.push(`one 'Yes' more or fewer would not change its rating`);
  if (casesOrFewer !== undefined) clauses.push(`it has more than ${numberWords(casesOrFewer)} relevant ${casesOrFewer === 1 ? 'case' : 'cases'}`);
  // Clauses joined "a, b, and c" (each a clause of its own, so a comma before "and").
  const join = (xs: readonly string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')}, and ${xs[xs.length - 1]}`);
  if (withinPoints !== undefined) return join([`its lowest key question ${figures} is not ${withinPointsWords(withinPoints)} of ${thresholdsText(rules)}`, ...clauses]);
  if (clauses.length > 0) return `for its lowest key question ${figures}, ${join(clauses)}`;
  return `framework ${version} allows no professional discretion`;
}

function formatPercent(p: number): string {
  return Number.isInteger(p) ? String(p) : p.toFixed(1);
}

/**
 * The framework's limiting rules: each warns when its standard is rated above `atMost` while fewer than
 * `shareBelow` of the ratings in its domains are `ratedAtLeast` or better (2018 and 2021: 1.1 above
 * Requires improvement while fewer than half of domain 2 and 3 ratings are Good or better).
 */
function limitWarnings(standards: readonly StandardResult[], rules: RatingRules): RateOutput['warnings'] {
  return limitsInForce(standards, rules).flatMap(({ limit, count, total }) => {
    const limited = standards.find((s) => s.id === limit.standard);
    if (!limited?.rating || ratingIndex(limited.rating) <= ratingIndex(limit.atMost)) return [];
    return [{ code: limit.id, standard: limit.standard, message: limitingRuleMessage(limit, limited.name, limited.rating, count, total) }];
  });
}

/**
 * The limiting rules whose condition holds on these ratings, whatever their own standard is rated: what a
 * judgement must stay within (the judgement page says so before the lead records one).
 */
export function limitsInForce(standards: readonly Pick<StandardResult, 'domain' | 'rating'>[], rules: RatingRules): { limit: RatingRules['limits'][number]; count: number; total: number }[] {
  return rules.limits.flatMap((limit) => {
    const domains = new Set<number>(limit.when.domains);
    const rated = standards.filter((s) => domains.has(s.domain) && s.rating !== null);
    if (rated.length === 0) return [];
    const count = rated.filter((s) => ratingIndex(s.rating!) >= ratingIndex(limit.when.ratedAtLeast)).length;
    return shareIsBelow(count, rated.length, limit.when.shareBelow) ? [{ limit, count, total: rated.length }] : [];
  });
}
