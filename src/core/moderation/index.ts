/**
 * Blind double marking (moderation), as pure functions: which cases a second marker assesses (a seeded share,
 * at least one per domain), and how far the two markings agree — per key question and prompt, per pair of
 * markers, overall and over time — as percentage agreement and Cohen's kappa with its counts (src/core/quality).
 */
import { cohensKappa, type Agreement } from '../quality/kappa.js';
import { createRng, shuffled } from '../sampling/prng.js';

/** The answers a case question takes: kappa's categories, always all three so tables compare. */
export const ANSWER_CATEGORIES = ['yes', 'no', 'not-relevant'] as const;
export type AnswerCategory = (typeof ANSWER_CATEGORIES)[number];

/** Share of the sample double marked unless the lead says otherwise. */
export const DEFAULT_MODERATION_SHARE = 0.1;

export interface SelectableCase {
  readonly id: string;
  readonly domain: number;
}

export interface SelectionOptions {
  /** The share of the cases to double mark, above 0 and at most 1 (default 10%). */
  readonly share?: number;
  /** A whole number from 0: the same seed over the same cases selects the same ones. */
  readonly seed: number;
}

/**
 * The cases to double mark: ⌈share × cases⌉ of them, and at least one of every domain in the sample. One per
 * domain is drawn first, the rest from all that are left. The cases are put in order of id before drawing,
 * so the order they are given in does not change the result.
 */
export function selectForDoubleMarking<C extends SelectableCase>(cases: readonly C[], options: SelectionOptions): C[] {
  const share = options.share ?? DEFAULT_MODERATION_SHARE;
  if (!(share > 0 && share <= 1)) throw new RangeError(`the share must be above 0 and at most 1, got ${share}`);
  const ordered = [...cases].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const domains = [...new Set(ordered.map((c) => c.domain))].sort((a, b) => a - b);
  const wanted = Math.max(Math.ceil(share * ordered.length - 1e-9), domains.length);
  const chosen: C[] = [];
  for (const d of domains) chosen.push(shuffled(ordered.filter((c) => c.domain === d), createRng(options.seed, `moderation:${d}`))[0]!);
  const taken = new Set(chosen.map((c) => c.id));
  const rest = shuffled(ordered.filter((c) => !taken.has(c.id)), createRng(options.seed, 'moderation:rest'));
  return [...chosen, ...rest.slice(0, Math.max(0, wanted - chosen.length))];
}

/** One question of one double-marked case: both markers' answers. */
export interface MarkedPair {
  readonly caseId: string;
  readonly caseRef: string;
  /** The key question or prompt, e.g. "2.1.1" or "2.1.1.a". */
  readonly questionId: string;
  /** The key question it belongs to (itself for a key question). */
  readonly keyQuestionId: string;
  readonly firstMarkerId: string;
  readonly secondMarkerId: string;
  readonly first: AnswerCategory;
  readonly second: AnswerCategory;
  readonly firstNote?: string | null;
  readonly secondNote?: string | null;
  /** When the later of the two markings was submitted (ISO), for the trend. */
  readonly submittedAt: string;
}

export interface AgreementRow {
  readonly key: string;
  /** Items (case questions) marked by both. */
  readonly n: number;
  readonly disagreed: number;
  /** Percentage agreement, 0–100; null with no items. */
  readonly percent: number | null;
  readonly agreement: Agreement<AnswerCategory>;
}

export interface ModerationSummary {
  readonly overall: AgreementRow;
  /** Per key question (its prompts not included) and per prompt, in framework order of the ids. */
  readonly byQuestion: readonly (AgreementRow & { readonly kind: 'key-question' | 'prompt' })[];
  /** Per pair of markers ("first → second" accounts, in the direction they marked). */
  readonly byMarkerPair: readonly (AgreementRow & { readonly firstMarkerId: string; readonly secondMarkerId: string })[];
  /** The questions with most disagreements (at least one), most first: where guidance or calibration is needed. */
  readonly mostDisagreed: readonly (AgreementRow & { readonly kind: 'key-question' | 'prompt' })[];
  /** Per day of the later submission, in date order: that day's and the running agreement. */
  readonly trend: readonly { readonly date: string; readonly day: AgreementRow; readonly cumulative: AgreementRow }[];
  /** Double-marked cases counted. */
  readonly cases: number;
}

function row(key: string, pairs: readonly MarkedPair[]): AgreementRow {
  const agreement = cohensKappa(pairs.map((p) => [p.first, p.second] as const), ANSWER_CATEGORIES);
  return {
    key,
    n: agreement.n,
    disagreed: agreement.n - agreement.agreed,
    percent: agreement.observed === null ? null : agreement.observed * 100,
    agreement,
  };
}

/** Compare question ids numerically part by part ("2.1.10" after "2.1.9"; prompts after their key question). */
export function compareQuestionIds(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isNaN(nx) || Number.isNaN(ny) ? (x < y ? -1 : x > y ? 1 : 0) : nx - ny;
    if (c !== 0) return c;
  }
  return 0;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  }
  return m;
}

/** Agreement over every double-marked question: overall, per question, per marker pair, most disagreed, trend. */
export function moderationSummary(pairs: readonly MarkedPair[]): ModerationSummary {
  const byQuestion = [...groupBy(pairs, (p) => p.questionId)]
    .sort(([a], [b]) => compareQuestionIds(a, b))
    .map(([q, ps]) => ({ ...row(q, ps), kind: ps[0]!.questionId === ps[0]!.keyQuestionId ? ('key-question' as const) : ('prompt' as const) }));
  const byMarkerPair = [...groupBy(pairs, (p) => `${p.firstMarkerId}\u0000${p.secondMarkerId}`)]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, ps]) => ({ ...row(k.replace('\u0000', ' → '), ps), firstMarkerId: ps[0]!.firstMarkerId, secondMarkerId: ps[0]!.secondMarkerId }));
  const mostDisagreed = byQuestion
    .filter((r) => r.disagreed > 0)
    .sort((a, b) => b.disagreed - a.disagreed || b.disagreed / b.n - a.disagreed / a.n || compareQuestionIds(a.key, b.key));
  const days = [...groupBy(pairs, (p) => p.submittedAt.slice(0, 10))].sort(([a], [b]) => (a < b ? -1 : 1));
  const running: MarkedPair[] = [];
  const trend = days.map(([date, ps]) => {
    running.push(...ps);
    return { date, day: row(date, ps), cumulative: row(date, running) };
  });
  return { overall: row('overall', pairs), byQuestion, byMarkerPair, mostDisagreed, trend, cases: new Set(pairs.map((p) => p.caseId)).size };
}

/** One question of a revealed case, side by side. */
export interface QuestionComparison {
  readonly questionId: string;
  readonly first: { readonly answer: AnswerCategory; readonly note: string | null } | null;
  readonly second: { readonly answer: AnswerCategory; readonly note: string | null } | null;
  readonly agreed: boolean;
  readonly resolution: Resolution | null;
}

export interface Resolution {
  readonly questionId: string;
  readonly answer: AnswerCategory;
  readonly reason: string;
  readonly resolvedBy: string | null;
  readonly resolvedByName: string | null;
  readonly resolvedAt: string;
  readonly version: number;
}

/** The summary as the service gives it: with names, the disagreements and how many markings are where. */
export interface NamedSummary extends ModerationSummary {
  /** Account id → name, for the marker pairs. */
  readonly names: Readonly<Record<string, string>>;
  /** Every disagreement of the revealed cases, case by case, with both notes and any resolution. */
  readonly disagreements: readonly (QuestionComparison & { readonly caseId: string; readonly caseRef: string })[];
  readonly markings: { readonly selected: number; readonly submitted: number; readonly revealed: number };
}

