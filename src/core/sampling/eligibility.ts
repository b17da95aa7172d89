/**
 * Eligibility windows: which disposals are old enough to show assessment, planning, delivery and review, and
 * recent enough to reflect current practice. The reports print windows such as court disposals that began
 * "six to nine months earlier" and out-of-court disposals delivered "six to 10 months earlier"; they are
 * parameters, and every row outside its window is listed with the reason, never silently dropped.
 */
import { DOMAIN_LABELS, type PopulationCase, type SamplingDomain } from './classification.js';

/** Months before fieldwork: a case is eligible if it began on or after `to` months and on or before `from` months before. */
export interface Window {
  readonly from: number;
  readonly to: number;
}

export type Windows = Record<SamplingDomain, Window>;

export const DEFAULT_WINDOWS: Windows = {
  court: { from: 6, to: 9 },
  outOfCourt: { from: 6, to: 10 },
  resettlement: { from: 6, to: 9 },
};

export interface DomainCase extends PopulationCase {
  readonly domain: SamplingDomain;
}

export interface ExcludedCase {
  readonly ref: string;
  readonly domain: SamplingDomain;
  readonly startDate: string;
  readonly reason: string;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a real calendar date in YYYY-MM-DD form; null if it is not one. */
export function parseIsoDate(text: string): { y: number; m: number; d: number } | null {
  const match = ISO.exec(text);
  if (!match) return null;
  const y = Number(match[1]), m = Number(match[2]), d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The same day `months` months earlier; the 31st falls back to the month's last day. */
export function monthsBefore(date: string, months: number): string {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`not a date in YYYY-MM-DD form: '${date}'`);
  const total = p.y * 12 + (p.m - 1) - months;
  const y = Math.floor(total / 12), m = (total % 12) + 1;
  const d = Math.min(p.d, daysInMonth(y, m));
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function checkWindows(windows: Windows): void {
  for (const [domain, w] of Object.entries(windows) as [SamplingDomain, Window][]) {
    if (!Number.isInteger(w.from) || !Number.isInteger(w.to) || w.from < 0 || w.to < w.from) {
      throw new RangeError(`the ${DOMAIN_LABELS[domain]} window must be whole months with from ≤ to, e.g. 6-9; got ${w.from}-${w.to}`);
    }
  }
}

/** The dates a window covers for a fieldwork start date, both ends included. */
export function windowDates(fieldwork: string, w: Window): { earliest: string; latest: string } {
  return { earliest: monthsBefore(fieldwork, w.to), latest: monthsBefore(fieldwork, w.from) };
}

/** Splits cases into eligible and excluded (with the reason) for a fieldwork date; ISO dates compare as text. */
export function applyWindows(cases: readonly DomainCase[], fieldwork: string, windows: Windows = DEFAULT_WINDOWS): { eligible: DomainCase[]; excluded: ExcludedCase[] } {
  if (!parseIsoDate(fieldwork)) throw new RangeError(`the fieldwork date must be a real date in YYYY-MM-DD form, got '${fieldwork}'`);
  checkWindows(windows);
  const eligible: DomainCase[] = [];
  const excluded: ExcludedCase[] = [];
  for (const c of cases) {
    const w = windows[c.domain];
    const { earliest, latest } = windowDates(fieldwork, w);
    const verb = c.domain === 'outOfCourt' ? 'delivered' : 'began';
    const where = `${DOMAIN_LABELS[c.domain]} are eligible if ${verb} ${w.from}–${w.to} months before fieldwork (${earliest} to ${latest})`;
    if (c.startDate < earliest) excluded.push({ ref: c.ref, domain: c.domain, startDate: c.startDate, reason: `${verb} ${c.startDate}, too early: ${where}` });
    else if (c.startDate > latest) excluded.push({ ref: c.ref, domain: c.domain, startDate: c.startDate, reason: `${verb} ${c.startDate}, too recent: ${where}` });
    else eligible.push(c);
  }
  return { eligible, excluded };
}
