/**
 * Re-checks a published report with the rating engine: each key question's percentage against its counts,
 * each case-assessed standard's rating against the band of its lowest key question (and where they differ,
 * whether the report states discretion and whether the standard was eligible for it), the score against the
 * ratings, the overall rating against the score, and the case sample against the tables' denominators.
 * Pure: the caller reads files and prints.
 */
import { BUILT_IN_FRAMEWORKS, getFramework, isFrameworkVersion, registeredFrameworks } from '../core/framework/index.js';
import type { Framework, Rating, RatingRules, StandardDef } from '../core/framework/types.js';
import { DOMAINS } from '../core/vocabulary.js';
import { computeStandard, listWords, numberWords, overallRangesText, ratingOrBetter, ratingScale, shareIsBelow, withinPointsWords, type Figure } from '../core/rating/index.js';
import type { ImportedReport, ImportedStandard } from './schema.js';

/** agrees: the arithmetic holds; explained: it differs for a stated, allowed reason; unchecked: too little printed. */
export type FindingStatus = 'agrees' | 'explained' | 'disagrees' | 'unchecked';

export interface Finding {
  readonly check: 'key question %' | 'standard rating' | 'score' | 'overall rating' | 'case sample' | 'leadership limit';
  readonly subject: string;
  readonly published: string;
  readonly computed: string;
  readonly status: FindingStatus;
  readonly reason: string;
}

export interface Verification {
  readonly framework: Framework;
  readonly findings: readonly Finding[];
  /** Findings that could be checked (agree, explained or disagree): zero means nothing was verified. */
  readonly checked: number;
  /** True when something was checked and nothing disagrees. */
  readonly ok: boolean;
}

/** The discretion reasons in words, with the framework's own numbers. */
function reasonWords(rules: RatingRules): Record<string, string> {
  const { withinPoints, casesOrFewer } = rules.discretion;
  return {
    'within-five-points': `the lowest figure is ${withinPointsWords(withinPoints ?? 0)} of a band boundary`,
    'one-case': 'a different judgement in one case would change the band',
    'small-sample': `the lowest figure rests on ${numberWords(casesOrFewer ?? 0)} ${casesOrFewer === 1 ? 'case' : 'cases'} or fewer`,
  };
}

/** Why a standard was not eligible, listing only the conditions the framework has. */
function notEligibleWords(rules: RatingRules, usePercent: boolean): string {
  const { withinPoints, oneCase, casesOrFewer } = rules.discretion;
  const parts: string[] = [];
  if (withinPoints !== undefined) parts.push(`not ${withinPointsWords(withinPoints)}`);
  if (oneCase === true) parts.push('no single case changes the band');
  if (casesOrFewer !== undefined && !usePercent) parts.push(`more than ${numberWords(casesOrFewer)} ${casesOrFewer === 1 ? 'case' : 'cases'}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : ' (the framework allows no discretion)';
}

function frameworkFor(report: ImportedReport): Framework {
  if (report.framework && isFrameworkVersion(report.framework)) return getFramework(report.framework);
  // Version not read: the loaded framework with the fewest standards that has every standard the report rates.
  const ids = report.standards.map((s) => s.id);
  const fits = registeredFrameworks()
    .map((e) => e.framework)
    .filter((fw) => ids.every((id) => fw.standards.some((s) => s.id === id)))
    .sort((a, b) => a.standards.length - b.standards.length);
  return fits[0] ?? getFramework(BUILT_IN_FRAMEWORKS[0]!);
}

const pct = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)}%`;

export function verifyReport(report: ImportedReport, framework: Framework = frameworkFor(report)): Verification {
  const findings: Finding[] = [];
  const byId = new Map(report.standards.map((s) => [s.id, s]));

  // 1. Each key question's printed percentage against its counts.
  for (const s of report.standards) {
    for (const kq of s.keyQuestions) {
      if (kq.relevant === null || kq.yes === null) continue;
      const subject = `key question ${kq.id}`;
      if (kq.relevant === 0) {
        // An empty sub-sample: no percentage exists, and the key question does not count towards the rating.
        const printed = kq.percent !== null && kq.percent !== 0;
        findings.push({
          check: 'key question %',
          subject,
          published: kq.percent === null ? `${kq.yes}/0` : pct(kq.percent),
          computed: 'no relevant cases',
          status: printed || kq.yes !== 0 ? 'disagrees' : 'unchecked',
          reason: printed || kq.yes !== 0 ? 'figures are printed for no relevant cases' : 'no relevant cases, so no percentage to check',
        });
        continue;
      }
      if (kq.percent === null) continue;
      const exact = (kq.yes * 100) / kq.relevant;
      const ok = Math.abs(exact - kq.percent) < 1;
      findings.push({
        check: 'key question %',
        subject,
        published: pct(kq.percent),
        computed: `${kq.yes}/${kq.relevant} = ${pct(exact)}`,
        status: ok ? 'agrees' : 'disagrees',
        reason: ok ? '' : 'the printed percentage is not the counts\u2019 percentage rounded',
      });
    }
  }

  // 2. Each case-assessed standard's rating against the band of its lowest key question.
  for (const def of framework.standards) {
    if (def.kind !== 'case-assessed') continue;
    const s = byId.get(def.id);
    if (s) findings.push(checkStandard(def, s, framework.rating));
  }

  // 3–4. Score and overall rating; an unread rating may be anything from Inadequate (0) to Outstanding (3).
  const rules = framework.rating;
  const scale = ratingScale(rules);
  const counted = framework.standards.filter((d) => d.counted);
  const missing = counted.filter((d) => !byId.get(d.id)?.rating);
  const known = counted.reduce((sum, d) => sum + (byId.get(d.id)?.rating ? scale.scoreOf(byId.get(d.id)!.rating!) : 0), 0);
  const lowScore = scale.scoreOf('Inadequate');
  const range = { low: known + lowScore * missing.length, high: known + scale.topScore * missing.length };
  const computedScore = missing.length === 0 ? known : null;
  const maxScore = rules.maxScore;
  const unread = missing.map((d) => d.id).join(', ');
  const rangeText = `${range.low}\u2013${range.high}/${maxScore} (${unread} unread, ${lowScore}\u2013${scale.topScore} each)`;
  const scoreWords = `Inadequate ${lowScore} \u2026 Outstanding ${scale.topScore}`;
  const overallRanges = overallRangesText(rules);
  if (report.overall.score !== null || computedScore !== null) {
    const published = report.overall.score === null ? 'not printed' : `${report.overall.score}/${report.overall.maxScore ?? '?'}`;
    let status: FindingStatus;
    let reason = '';
    if (report.overall.score === null) {
      status = 'unchecked';
      reason = 'the report does not print a score';
    } else if (report.overall.score < range.low || report.overall.score > range.high) {
      status = 'disagrees';
      reason =
        computedScore === null
          ? `the printed score is outside the range the ratings read allow (${rangeText})`
          : `the standards\u2019 ratings do not add up to the printed score (${scoreWords})`;
    } else if (report.overall.maxScore !== null && report.overall.maxScore !== maxScore) {
      status = 'disagrees';
      reason = `the score is printed out of ${report.overall.maxScore}; ${counted.length} counted standards make it out of ${maxScore}`;
    } else if (computedScore === null) {
      status = 'unchecked';
      reason = `no rating read for ${unread}; the ratings read allow ${range.low}\u2013${range.high}`;
    } else status = 'agrees';
    findings.push({ check: 'score', subject: 'score', published, computed: computedScore === null ? rangeText : `${computedScore}/${maxScore}`, status, reason });
  }
  {
    // The printed score decides the band; without one, every score the ratings allow must give the same band.
    const low = report.overall.score ?? range.low;
    const high = report.overall.score ?? range.high;
    const expected = scale.overallFromScore(low) === scale.overallFromScore(high) ? scale.overallFromScore(low) : null;
    const scoreText = low === high ? `score ${low}` : `any score ${low}\u2013${high}, with ${unread} unread`;
    const readAny = report.overall.score !== null || missing.length < counted.length;
    if (report.overall.rating !== null || readAny) {
      const status: FindingStatus = expected === null || report.overall.rating === null ? 'unchecked' : expected === report.overall.rating ? 'agrees' : 'disagrees';
      findings.push({
        check: 'overall rating',
        subject: 'overall',
        published: report.overall.rating ?? 'not read',
        computed: `${expected ?? '?'} (${scoreText}: ${overallRanges})`,
        status,
        reason:
          status === 'disagrees'
            ? 'the overall rating is not the band of the score'
            : status === 'unchecked'
              ? expected === null
                ? `no score is printed and the ratings read allow ${range.low}\u2013${range.high}, more than one band`
                : 'no overall rating read'
              : '',
      });
    }
  }

  // 5. The case sample against the largest denominator of each domain's tables.
  for (const { code: domain, key, phrase: label } of DOMAINS.filter((d) => d.key !== 'resettlement')) {
    const sample = report.caseSample[key];
    let largest: number | null = null;
    for (const s of report.standards) {
      if (!s.id.startsWith(`${domain}.`)) continue;
      for (const f of [...s.keyQuestions, ...s.prompts]) if (f.relevant !== null) largest = Math.max(largest ?? 0, f.relevant);
    }
    if (sample === null && largest === null) continue;
    let status: FindingStatus = 'agrees';
    let reason = '';
    if (sample === null || largest === null) {
      status = 'unchecked';
      reason = sample === null ? 'the sample size is not stated' : 'the tables print percentages only';
    } else if (largest > sample) {
      status = 'disagrees';
      reason = 'a table counts more relevant cases than were inspected';
    } else if (largest < sample) {
      status = 'disagrees';
      reason = 'no key question counts every inspected case (the desistance questions should)';
    }
    findings.push({ check: 'case sample', subject: label, published: sample === null ? 'not stated' : String(sample), computed: largest === null ? '?' : `largest denominator ${largest}`, status, reason });
  }

  // 6. The framework's limiting rules (2018 and 2021: with fewer than half of domain 2 and 3 ratings Good or
  // better, leadership is at most Requires improvement), once every rating they count is read.
  for (const limit of rules.limits) {
    const domains = new Set<number>(limit.when.domains);
    const rated = framework.standards.filter((d) => domains.has(d.domain) && d.counted).map((d) => byId.get(d.id)?.rating ?? null);
    const limited = byId.get(limit.standard)?.rating ?? null;
    if (!limited || rated.length === 0 || !rated.every((r) => r !== null)) continue;
    const atLeast = rated.filter((r) => order(r!) >= order(limit.when.ratedAtLeast)).length;
    if (!shareIsBelow(atLeast, rated.length, limit.when.shareBelow)) continue;
    const ok = order(limited) <= order(limit.atMost);
    const domainWords = listWords(limit.when.domains.map(String), 'and');
    findings.push({
      check: 'leadership limit',
      subject: limit.standard,
      published: limited,
      computed: `at most ${limit.atMost} (${atLeast} of ${rated.length} domain ${domainWords} ratings ${limit.when.ratedAtLeast} or better)`,
      status: ok ? 'agrees' : 'disagrees',
      reason: ok ? '' : `fewer than ${limit.when.shareBelow === 0.5 ? 'half' : `${Number((limit.when.shareBelow * 100).toFixed(6))}%`} of the domain ${domainWords} ratings are ${ratingOrBetter(limit.when.ratedAtLeast)}`,
    });
  }
  const checked = findings.filter((f) => f.status !== 'unchecked').length;
  return { framework, findings, checked, ok: checked > 0 && !findings.some((f) => f.status === 'disagrees') };
}

function checkStandard(def: StandardDef, s: ImportedStandard, rules: RatingRules): Finding {
  const subject = `${def.id} ${def.name}`;
  const published = s.rating ?? 'not read';
  const withCounts = s.keyQuestions.filter((k) => k.relevant !== null && k.yes !== null);
  const usePercent = withCounts.length < s.keyQuestions.length;
  // A percentage-only report is banded on its printed whole percentages (out of 100).
  const figures: Figure[] = s.keyQuestions.flatMap((k): Figure[] =>
    !usePercent ? [{ id: k.id, relevant: k.relevant!, yes: k.yes! }] : k.percent !== null ? [{ id: k.id, relevant: 100, yes: k.percent }] : [],
  );
  if (figures.length === 0 || s.rating === null) {
    return { check: 'standard rating', subject, published, computed: '?', status: 'unchecked', reason: figures.length === 0 ? 'no key-question figures read' : 'no rating read' };
  }
  const c = computeStandard(figures, rules);
  const lowest = c.lowestKeyQuestions.join(', ');
  const computed = c.computedRating === null ? '?' : `${c.computedRating} (lowest ${lowest}: ${pct(c.lowestPercent ?? 0)})`;
  if (c.computedRating === null) return { check: 'standard rating', subject, published, computed, status: 'unchecked', reason: 'no key question has relevant cases' };
  if (c.computedRating === s.rating) return { check: 'standard rating', subject, published, computed, status: 'agrees', reason: '' };
  // Percentage-only: sample sizes are unknown, so only the within-points test can be made.
  const reasons = usePercent ? c.reasons.filter((r) => r === 'within-five-points') : c.reasons;
  const oneBand = Math.abs(order(s.rating) - order(c.computedRating)) === 1;
  const words = reasonWords(rules);
  const because = reasons.map((r) => words[r]).join('; ');
  if (s.discretion?.applied) {
    if (reasons.length > 0 && oneBand) {
      const from = s.discretion.from && s.discretion.from !== c.computedRating ? ` (the report says it moved from '${s.discretion.from}')` : '';
      return { check: 'standard rating', subject, published, computed, status: 'explained', reason: `professional discretion is stated and allowed: ${because}${from}` };
    }
    const why = !oneBand ? 'discretion moves a rating by one band at most' : `discretion is stated but the standard was not eligible${notEligibleWords(rules, usePercent)}`;
    return { check: 'standard rating', subject, published, computed, status: 'disagrees', reason: why };
  }
  return {
    check: 'standard rating',
    subject,
    published,
    computed,
    status: 'disagrees',
    reason: `the report does not state that discretion was applied${reasons.length > 0 ? ` (it would have been eligible: ${because})` : ''}`,
  };
}

function order(r: Rating): number {
  return ['Inadequate', 'Requires improvement', 'Good', 'Outstanding'].indexOf(r);
}
