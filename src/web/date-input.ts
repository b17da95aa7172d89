/**
 * Every date a person types is day, month and year boxes (the GOV.UK date input), read here and rendered by
 * views/partials/date-input.njk; the services take the date as YYYY-MM-DD. The messages follow the GOV.UK
 * pattern: "Enter …", "… must include a month", "… must be a real date".
 */
import { FIRST_YEAR, LAST_YEAR } from '../app/index.js';

export interface DateField {
  /** The form's name for the date: its boxes are `${name}-day`, `${name}-month` and `${name}-year`. */
  readonly name: string;
  /** What the date is, as a message starts with it: "Date of the evidence". */
  readonly label: string;
  readonly required?: boolean;
}

const PARTS = ['day', 'month', 'year'] as const;

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const list = (xs: readonly string[]): string => (xs.length === 1 ? `a ${xs[0]}` : `a ${xs.slice(0, -1).join(', a ')} and a ${xs.at(-1)}`);

/** One date from its boxes: YYYY-MM-DD ('' when all are empty), or the message for the date's field. */
export function readDate(body: Record<string, string | undefined>, field: DateField): { iso: string; problem: string | null } {
  const [d, m, y] = PARTS.map((p) => (body[`${field.name}-${p}`] ?? '').trim());
  const missing = PARTS.filter((_, i) => [d, m, y][i] === '');
  if (missing.length === 3) return { iso: '', problem: field.required ? `Enter ${lowerFirst(field.label)}` : null };
  if (missing.length > 0) return { iso: '', problem: `${field.label} must include ${list(missing)}` };
  if (!/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !/^\d+$/.test(y!)) return { iso: '', problem: `${field.label} must be a real date` };
  if (y!.length !== 4) return { iso: '', problem: `The year of ${lowerFirst(field.label)} must include 4 numbers` };
  const iso = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const t = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(t.getTime()) || !t.toISOString().startsWith(iso)) return { iso: '', problem: `${field.label} must be a real date` };
  if (Number(y) < FIRST_YEAR || Number(y) > LAST_YEAR) return { iso: '', problem: `${field.label} must be between ${FIRST_YEAR} and ${LAST_YEAR}` };
  return { iso, problem: null };
}

/** Several dates from a posted form: each as YYYY-MM-DD ('' when empty or not a date), and the problems by field. */
export function readDates(body: Record<string, string | undefined>, fields: readonly DateField[]): { dates: Record<string, string>; problems: [string, string][] } {
  const dates: Record<string, string> = {};
  const problems: [string, string][] = [];
  for (const f of fields) {
    const { iso, problem } = readDate(body, f);
    dates[f.name] = iso;
    if (problem) problems.push([f.name, problem]);
  }
  return { dates, problems };
}

/** An ISO date as the boxes show it (no boxes for no date). */
export function dateBoxes(name: string, iso: string | null | undefined): Record<string, string> {
  const [y, m, d] = (iso ?? '').split('-');
  return iso ? { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! } : {};
}

/** Where an error summary link goes: a date's day box (the first box), any other field by its id. */
export const dateAnchor = (names: readonly string[]) => (field: string): string => (names.includes(field) ? `${field}-day` : field);
