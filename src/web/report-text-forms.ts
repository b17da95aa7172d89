/**
 * The report-text forms as flat fields and back: paragraphs in one text box, and the repeating rows of the
 * contextual facts and methodology pages. Field names are the body's own paths (`population.0.value`), so the
 * service's ValidationError fields (`body.population.0.value`) point straight at the box that was typed in.
 * Rows are kept as typed strings until they check out, so nothing typed is lost when a page is shown again.
 */
import type { SectionBody } from '../app/index.js';
import { DOMAINS } from '../core/vocabulary.js';

export type Problem = [field: string, message: string];

/** Paragraphs are separated by a blank line; line breaks inside one are only wrapping. */
export function paragraphsFromText(text: string | undefined): string[] {
  return (text ?? '').split(/\r?\n[ \t]*\r?\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p !== '');
}

export function textFromParagraphs(body: unknown): string {
  return Array.isArray(body) ? body.join('\n\n') : '';
}

/** The element id of a field: dots are awkward in ids and fragment links. */
export const fieldId = (field: string): string => field.replace(/\./g, '-');

// ---------------------------------------------------------------------------------------------------------
// Numbers as people type them: "12,500", "23.5", "23%".

type NumberRule = { whole?: boolean; percent?: boolean; max?: number; like?: string };

function readNumber(raw: string, rule: NumberRule): number | null {
  let s = raw.trim().replace(/\s/g, '');
  if (rule.percent) s = s.replace(/%$/, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const n = Number(s);
  if (rule.whole && !Number.isInteger(n)) return null;
  if (rule.max !== undefined && n > rule.max) return null;
  return n;
}

const example = (rule: NumberRule): string =>
  (rule.whole ? 'a whole number, like 12' : rule.percent ? `a percentage between 0 and 100, like ${rule.like ?? '23.5'}` : `a number, like ${rule.like ?? '12.5'}`);

/** Reads an optional number; a blank gives undefined, a bad one a problem naming what to type. */
function optionalNumber(raw: string, field: string, what: string, rule: NumberRule, problems: Problem[]): number | undefined {
  if (raw.trim() === '') return undefined;
  const n = readNumber(raw, rule);
  if (n === null) problems.push([field, `Enter ${what} as ${example(rule)}`]);
  return n ?? undefined;
}

function requiredNumber(raw: string, field: string, what: string, rule: NumberRule, problems: Problem[]): number | undefined {
  if (raw.trim() === '') {
    problems.push([field, `Enter ${what}`]);
    return undefined;
  }
  return optionalNumber(raw, field, what, rule, problems);
}

function requiredText(raw: string, field: string, what: string, problems: Problem[]): string {
  const s = raw.trim();
  if (s === '') problems.push([field, `Enter ${what}`]);
  return s;
}

const blank = (row: object): boolean => Object.values(row).every((v) => typeof v !== 'string' || v.trim() === '');
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** Rows posted as `prefix.N.column`, in order of N, blank rows dropped. */
function postedRows<C extends string>(post: Record<string, string>, prefix: string, columns: readonly C[]): Record<C, string>[] {
  const rows = new Map<number, Record<C, string>>();
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d{1,4})\\.(${columns.join('|')})$`);
  for (const [key, value] of Object.entries(post)) {
    const m = pattern.exec(key);
    if (!m) continue;
    const i = Number(m[1]);
    const row = rows.get(i) ?? (Object.fromEntries(columns.map((c) => [c, ''])) as Record<C, string>);
    row[m[2] as C] = value;
    rows.set(i, row);
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, r]) => r).filter((r) => !blank(r));
}

const indices = (post: Record<string, string>, pattern: RegExp): number[] =>
  [...new Set(Object.keys(post).flatMap((k) => { const m = pattern.exec(k); return m ? [Number(m[1])] : []; }))].sort((a, b) => a - b);

// ---------------------------------------------------------------------------------------------------------
// Contextual facts

export interface LabelledCountRow { label: string; count: string }
export interface FactsForm {
  population: { label: string; value: string; note: string }[];
  demographics: { dimension: string; categories: { label: string; local: string; national: string }[] }[];
  caseload: LabelledCountRow[];
  staffing: { headcount: string; fte: string; averageCaseload: string };
  sources: string;
}

type Facts = SectionBody<'contextual-facts'>;

export function factsFormFromBody(body: unknown): FactsForm {
  const b = (body ?? {}) as Partial<Facts>;
  return {
    population: (b.population ?? []).map((r) => ({ label: r.label, value: str(r.value), note: str(r.note) })),
    demographics: (b.demographics ?? []).map((d) => ({
      dimension: d.dimension,
      categories: d.categories.map((c) => ({ label: c.label, local: str(c.local), national: str(c.national) })),
    })),
    caseload: (b.caseload ?? []).map((r) => ({ label: r.label, count: str(r.count) })),
    staffing: { headcount: str(b.staffing?.headcount), fte: str(b.staffing?.fte), averageCaseload: str(b.staffing?.averageCaseload) },
    sources: (b.sources ?? []).join('\n'),
  };
}

export function factsFormFromPost(post: Record<string, string>): FactsForm {
  const demographics = indices(post, /^demographics\.(\d{1,4})\./).map((d) => ({
    dimension: post[`demographics.${d}.dimension`] ?? '',
    categories: postedRows(post, `demographics.${d}.categories`, ['label', 'local', 'national'] as const),
  })).filter((d) => d.dimension.trim() !== '' || d.categories.length > 0);
  return {
    population: postedRows(post, 'population', ['label', 'value', 'note'] as const),
    demographics,
    caseload: postedRows(post, 'caseload', ['label', 'count'] as const),
    staffing: { headcount: post['staffing.headcount'] ?? '', fte: post['staffing.fte'] ?? '', averageCaseload: post['staffing.averageCaseload'] ?? '' },
    sources: post.sources ?? '',
  };
}

/** The form with blank rows to type into: `extra` more of each kind of row than are filled in. */
export function factsFormToShow(form: FactsForm, extra: number): FactsForm {
  const blankCategory = { label: '', local: '', national: '' };
  return {
    ...form,
    population: [...form.population, ...Array.from({ length: extra }, () => ({ label: '', value: '', note: '' }))],
    demographics: [
      ...form.demographics.map((d) => ({ ...d, categories: [...d.categories, ...Array.from({ length: extra }, () => ({ ...blankCategory }))] })),
      { dimension: '', categories: Array.from({ length: extra + 2 }, () => ({ ...blankCategory })) },
    ],
    caseload: [...form.caseload, ...Array.from({ length: extra }, () => ({ label: '', count: '' }))],
  };
}

/** The section body, or the problems a person can correct (each naming its field). */
export function factsBodyFromForm(form: FactsForm): { body: Facts; problems: Problem[] } {
  const problems: Problem[] = [];
  const body: Facts = {};
  const population = form.population.map((r, i) => {
    const n = i + 1;
    const label = requiredText(r.label, `population.${i}.label`, `what population row ${n} counts`, problems);
    const value = requiredNumber(r.value, `population.${i}.value`, `the figure for population row ${n}`, {}, problems);
    const note = r.note.trim();
    return { label, value: value ?? 0, ...(note ? { note } : {}) };
  });
  if (population.length) body.population = population;
  const demographics = form.demographics.map((d, i) => {
    const dimension = requiredText(d.dimension, `demographics.${i}.dimension`, `what demographics table ${i + 1} shows, like Age`, problems);
    const table = dimension ? `the ${dimension} table` : `demographics table ${i + 1}`;
    if (d.categories.length === 0) problems.push([`demographics.${i}.categories.0.label`, `Enter at least one category for ${table}`]);
    const categories = d.categories.map((c, j) => {
      const f = `demographics.${i}.categories.${j}`;
      const label = requiredText(c.label, `${f}.label`, `a label for row ${j + 1} of ${table}`, problems);
      const row = label ? `${label} in ${table}` : `row ${j + 1} of ${table}`;
      const local = requiredNumber(c.local, `${f}.local`, `the local percentage for ${row}`, { percent: true, max: 100 }, problems);
      const national = optionalNumber(c.national, `${f}.national`, `the national percentage for ${row}`, { percent: true, max: 100 }, problems);
      return { label, local: local ?? 0, ...(national !== undefined ? { national } : {}) };
    });
    return { dimension, unit: 'percent' as const, categories };
  });
  if (demographics.length) body.demographics = demographics;
  const caseload = labelledCounts(form.caseload, 'caseload', 'disposal type', problems);
  if (caseload.length) body.caseload = caseload;
  const s = form.staffing;
  const staffing = {
    headcount: optionalNumber(s.headcount, 'staffing.headcount', 'the staff headcount', { whole: true }, problems),
    fte: optionalNumber(s.fte, 'staffing.fte', 'the full-time equivalent', {}, problems),
    averageCaseload: optionalNumber(s.averageCaseload, 'staffing.averageCaseload', 'the average caseload', {}, problems),
  };
  const staffed = Object.fromEntries(Object.entries(staffing).filter(([, v]) => v !== undefined));
  if (Object.keys(staffed).length) body.staffing = staffed;
  const sources = form.sources.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (sources.length) body.sources = sources;
  return { body, problems };
}

function labelledCounts(rows: readonly LabelledCountRow[], prefix: string, what: string, problems: Problem[]): { label: string; count: number }[] {
  return rows.map((r, i) => {
    const label = requiredText(r.label, `${prefix}.${i}.label`, `the ${what} in ${prefix} row ${i + 1}`, problems);
    const count = requiredNumber(r.count, `${prefix}.${i}.count`, `the number for ${label || `${prefix} row ${i + 1}`}`, { whole: true }, problems);
    return { label, count: count ?? 0 };
  });
}

/** A service field (`body.demographics.0.categories`) as the form field that shows its message. */
export function factsField(serviceField: string): string {
  const path = serviceField.replace(/^body\.?/, '');
  if (path === '' || path.startsWith('sources')) return 'sources';
  if (/^demographics\.\d+\.categories$/.test(path)) return `${path}.0.label`;
  if (/^demographics\.\d+(\.unit)?$/.test(path)) return `${path.replace(/\.unit$/, '')}.dimension`;
  return path;
}

// ---------------------------------------------------------------------------------------------------------
// Methodology

export interface MethodologyForm {
  meetings: string;
  interviews: LabelledCountRow[];
  surveys: LabelledCountRow[];
  windows: { court: string; outOfCourt: string; resettlement: string };
  confidenceLevel: string;
  marginOfError: string;
}

type Methodology = SectionBody<'methodology'>;

export function methodologyFormFromBody(body: unknown): MethodologyForm {
  const b = (body ?? {}) as Partial<Methodology>;
  const rows = (list: readonly { label: string; count: number }[] | undefined) => (list ?? []).map((r) => ({ label: r.label, count: str(r.count) }));
  return {
    meetings: str(b.meetings),
    interviews: rows(b.interviews),
    surveys: rows(b.surveys),
    windows: { court: str(b.windows?.court), outOfCourt: str(b.windows?.outOfCourt), resettlement: str(b.windows?.resettlement) },
    confidenceLevel: str(b.confidenceLevel),
    marginOfError: str(b.marginOfError),
  };
}

export function methodologyFormFromPost(post: Record<string, string>): MethodologyForm {
  return {
    meetings: post.meetings ?? '',
    interviews: postedRows(post, 'interviews', ['label', 'count'] as const),
    surveys: postedRows(post, 'surveys', ['label', 'count'] as const),
    windows: { court: post['windows.court'] ?? '', outOfCourt: post['windows.outOfCourt'] ?? '', resettlement: post['windows.resettlement'] ?? '' },
    confidenceLevel: post.confidenceLevel ?? '',
    marginOfError: post.marginOfError ?? '',
  };
}

export function methodologyFormToShow(form: MethodologyForm, extra: number): MethodologyForm {
  const more = () => Array.from({ length: extra }, () => ({ label: '', count: '' }));
  return { ...form, interviews: [...form.interviews, ...more()], surveys: [...form.surveys, ...more()] };
}

/** `withResettlement`: only the 2021 framework samples resettlement cases. */
export function methodologyBodyFromForm(form: MethodologyForm, withResettlement: boolean): { body: Methodology; problems: Problem[] } {
  const problems: Problem[] = [];
  const body: Methodology = {};
  const confidenceLevel = optionalNumber(form.confidenceLevel, 'confidenceLevel', 'the confidence level', { percent: true, like: '80' }, problems);
  if (confidenceLevel !== undefined) body.confidenceLevel = confidenceLevel;
  const marginOfError = optionalNumber(form.marginOfError, 'marginOfError', 'the margin of error in percentage points', { like: '5' }, problems);
  if (marginOfError !== undefined) body.marginOfError = marginOfError;
  const meetings = optionalNumber(form.meetings, 'meetings', 'the number of meetings', { whole: true }, problems);
  if (meetings !== undefined) body.meetings = meetings;
  const interviews = labelledCounts(form.interviews, 'interviews', 'people interviewed', problems);
  if (interviews.length) body.interviews = interviews;
  const surveys = labelledCounts(form.surveys, 'surveys', 'people surveyed', problems);
  if (surveys.length) body.surveys = surveys;
  const w = form.windows;
  const windows = Object.fromEntries(([['court', w.court], ['outOfCourt', w.outOfCourt], ...(withResettlement ? [['resettlement', w.resettlement]] : [])] as [string, string][])
    .map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''));
  if (Object.keys(windows).length) body.windows = windows;
  return { body, problems };
}

export function methodologyField(serviceField: string): string {
  const path = serviceField.replace(/^body\.?/, '');
  if (/^(interviews|surveys)\.\d+$/.test(path)) return `${path}.label`;
  if (/^(interviews|surveys)$/.test(path)) return `${path}.0.label`;
  return path || 'confidenceLevel';
}

// ---------------------------------------------------------------------------------------------------------
// Conflicts: a section body in words, one line per part, to compare two versions side by side.

const counts = (list: readonly { label: string; count: number }[] | undefined): string => (list ?? []).map((r) => `${r.label}: ${r.count}`).join('; ');

export function describeFacts(body: unknown): [string, string][] {
  const b = (body ?? {}) as Partial<Facts>;
  return [
    ['Population', (b.population ?? []).map((r) => `${r.label}: ${r.value}${r.note ? ` (${r.note})` : ''}`).join('; ')],
    ['Demographics', (b.demographics ?? []).map((d) => `${d.dimension}: ${d.categories.map((c) => `${c.label} ${c.local}%${c.national !== undefined ? ` (national ${c.national}%)` : ''}`).join(', ')}`).join('; ')],
    ['Caseload', counts(b.caseload)],
    ['Staffing', b.staffing ? [['headcount', b.staffing.headcount], ['FTE', b.staffing.fte], ['average caseload', b.staffing.averageCaseload]].filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${v}`).join(', ') : ''],
    ['Sources', (b.sources ?? []).join('; ')],
  ];
}

export const WINDOW_LABELS: Readonly<Record<string, string>> = Object.fromEntries(DOMAINS.map((d) => [d.key, d.label]));

export function describeMethodology(body: unknown): [string, string][] {
  const b = (body ?? {}) as Partial<Methodology>;
  return [
    ['Confidence level', b.confidenceLevel !== undefined ? `${b.confidenceLevel}%` : 'The sampling plan’s'],
    ['Margin of error', b.marginOfError !== undefined ? `${b.marginOfError} points` : 'The sampling plan’s'],
    ['Meetings', str(b.meetings)],
    ['Interviews', counts(b.interviews)],
    ['Surveys', counts(b.surveys)],
    ['Sample windows', Object.entries(b.windows ?? {}).map(([k, v]) => `${WINDOW_LABELS[k] ?? k}: ${v}`).join('; ')],
  ];
}
