/**
 * Case audits compared over time: each key question's percentage 'Yes' in every audit of one framework, in
 * the order the audits were done, and its change since the audit before. Pure: the figures come from the
 * rating engine's output for each audit.
 */
import type { Framework, Rating } from '../framework/types.js';

/** One audit's figures, as the rating engine gave them. */
export interface AuditFigures {
  readonly id: string;
  readonly title: string;
  /** When it was done (fieldwork start, or when it was created), yyyy-mm-dd. */
  readonly date: string;
  readonly keyQuestions: readonly { readonly id: string; readonly yes: number; readonly relevant: number; readonly band: Rating | null }[];
}

export interface TrendPoint {
  readonly auditId: string;
  readonly yes: number;
  readonly relevant: number;
  /** Exact percentage 'Yes'; null when no case was relevant. */
  readonly percent: number | null;
  readonly band: Rating | null;
}

export interface KeyQuestionTrend {
  readonly id: string;
  readonly standard: string;
  readonly text: string;
  /** One per audit, in audit order. */
  readonly points: readonly TrendPoint[];
  /** Percentage points from the nearest earlier audit with a figure to the last audit; null when either has none. */
  readonly change: number | null;
}

export interface AuditTrend {
  readonly framework: string;
  readonly audits: readonly { readonly id: string; readonly title: string; readonly date: string }[];
  readonly keyQuestions: readonly KeyQuestionTrend[];
}

/**
 * `audits` are put in date order, the last one being the latest; audits of one date keep the order given (the
 * caller's, e.g. by creation), so the audit a comparison is for can stay last.
 */
export function auditTrend(fw: Framework, audits: readonly AuditFigures[]): AuditTrend {
  const ordered = [...audits].sort((a, b) => a.date.localeCompare(b.date));
  const keyQuestions = fw.standards
    .filter((s) => s.kind === 'case-assessed')
    .flatMap((s) => s.keyQuestions.map((kq) => {
      const points: TrendPoint[] = ordered.map((a) => {
        const f = a.keyQuestions.find((k) => k.id === kq.id);
        const yes = f?.yes ?? 0;
        const relevant = f?.relevant ?? 0;
        return { auditId: a.id, yes, relevant, percent: relevant === 0 ? null : (yes * 100) / relevant, band: relevant === 0 ? null : (f?.band ?? null) };
      });
      const last = points[points.length - 1];
      const before = points.slice(0, -1).reverse().find((p) => p.percent !== null);
      const change = last?.percent == null || before?.percent == null ? null : last.percent - before.percent;
      return { id: kq.id, standard: s.id, text: kq.text, points, change };
    }));
  return { framework: fw.version, audits: ordered.map(({ id, title, date }) => ({ id, title, date })), keyQuestions };
}

/** "Up 12 points", "Down 3 points", "No change", rounded to whole points as the reports print percentages. */
export function changeWords(change: number | null): string {
  if (change === null) return 'No earlier figure';
  const points = Math.round(Math.abs(change));
  if (points === 0) return 'No change';
  return `${change > 0 ? 'Up' : 'Down'} ${points} ${points === 1 ? 'point' : 'points'}`;
}
