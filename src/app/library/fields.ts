/**
 * The fields of an imported report that a person may correct by hand, by a stable field id
 * (`provider`, `overall.score`, `standards.2.1.rating`, `standards.2.2.discretion`, `keyQuestions.2.1.1.percent`,
 * `prompts.2.1.1.a.yes`, `caseSample.court` …),
 * and applying one correction. Pure: a correction that would make the report invalid is refused with a
 * message that says what to enter instead.
 */
import { BUILT_IN_FRAMEWORKS, findKeyQuestion, findPrompt, findStandard, frameworkIds, getFramework, isFrameworkVersion } from '../../core/framework/index.js';
import { importedReportSchema, type ImportedReport, type ImportedStandard } from '../../importer/index.js';

export const RATINGS = ['Inadequate', 'Requires improvement', 'Good', 'Outstanding'] as const;

export type FieldKind = 'text' | 'published' | 'framework' | 'rating' | 'count' | 'percent' | 'discretion';

export interface CorrectableField {
  readonly id: string;
  readonly label: string;
  readonly kind: FieldKind;
  /** The current value as text ('' when the report does not say). */
  readonly value: string;
}

export class CorrectionError extends Error {}

const KQ_FIELDS = { relevant: 'relevant cases', yes: "cases answered 'Yes'", percent: "percent 'Yes'" } as const;
const SAMPLE_FIELDS = { court: 'court disposals', outOfCourt: 'out-of-court disposals', resettlement: 'resettlement cases' } as const;

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** Discretion as one field: '' (none stated), 'Applied', or 'Applied from Good' when the report names the rating before. */
const discretionText = (d: ImportedStandard['discretion'] | undefined): string => (d?.applied ? `Applied${d.from ? ` from ${d.from}` : ''}` : '');

/** Every field of the report's framework version, whether the importer read it or not. */
export function correctableFields(report: ImportedReport): CorrectableField[] {
  const fw = getFramework(report.framework ?? BUILT_IN_FRAMEWORKS[0]!);
  const out: CorrectableField[] = [
    { id: 'provider', label: 'Provider', kind: 'text', value: text(report.provider) },
    { id: 'published', label: 'Published (YYYY-MM)', kind: 'published', value: text(report.published) },
    { id: 'framework', label: 'Framework version', kind: 'framework', value: text(report.framework) },
    { id: 'overall.rating', label: 'Overall rating', kind: 'rating', value: text(report.overall.rating) },
    { id: 'overall.score', label: 'Overall score', kind: 'count', value: text(report.overall.score) },
    { id: 'overall.maxScore', label: 'Maximum score', kind: 'count', value: text(report.overall.maxScore) },
  ];
  for (const [k, label] of Object.entries(SAMPLE_FIELDS)) {
    out.push({ id: `caseSample.${k}`, label: `Case sample: ${label}`, kind: 'count', value: text(report.caseSample[k as keyof typeof SAMPLE_FIELDS]) });
  }
  for (const s of fw.standards) {
    const read = report.standards.find((x) => x.id === s.id);
    out.push({ id: `standards.${s.id}.rating`, label: `${s.id} ${s.name}: rating`, kind: 'rating', value: text(read?.rating) });
    if (s.kind === 'case-assessed') {
      out.push({ id: `standards.${s.id}.discretion`, label: `${s.id} ${s.name}: professional discretion ("Applied", "Applied from Good", or empty)`, kind: 'discretion', value: discretionText(read?.discretion) });
    }
    for (const kq of s.keyQuestions) {
      const fig = read?.keyQuestions.find((k) => k.id === kq.id);
      for (const [f, label] of Object.entries(KQ_FIELDS)) {
        out.push({ id: `keyQuestions.${kq.id}.${f}`, label: `${kq.id}: ${label}`, kind: f === 'percent' ? 'percent' : 'count', value: text(fig?.[f as keyof typeof KQ_FIELDS]) });
      }
      for (const prompt of kq.prompts) {
        const pf = read?.prompts.find((x) => x.id === prompt.id);
        for (const [f, label] of Object.entries(KQ_FIELDS)) {
          out.push({ id: `prompts.${prompt.id}.${f}`, label: `${prompt.id} (prompt): ${label}`, kind: f === 'percent' ? 'percent' : 'count', value: text(pf?.[f as keyof typeof KQ_FIELDS]) });
        }
      }
    }
  }
  return out;
}

function parseValue(kind: FieldKind, raw: string): string | number | null {
  const v = raw.trim();
  if (v === '') return null;
  switch (kind) {
    case 'text':
      return v;
    case 'published':
      if (!/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(v)) throw new CorrectionError('Enter the publication date as YYYY-MM, for example 2020-11, or only the year');
      return v;
    case 'framework':
      if (!isFrameworkVersion(v)) throw new CorrectionError(`Enter the framework version as one of ${frameworkIds().join(', ')}`);
      return v;
    case 'rating': {
      const r = RATINGS.find((x) => x.toLowerCase() === v.toLowerCase());
      if (!r) throw new CorrectionError(`Enter one of ${RATINGS.join(', ')}, or leave it empty if the report does not say`);
      return r;
    }
    case 'count':
      if (!/^\d{1,7}$/.test(v)) throw new CorrectionError('Enter a whole number, for example 8, or leave it empty if the report does not say');
      return Number(v);
    case 'discretion': {
      const m = /^applied(?:,?\s+from\s+(.+))?$/i.exec(v);
      const from = m?.[1] === undefined ? null : RATINGS.find((x) => x.toLowerCase() === m[1]!.trim().toLowerCase());
      if (!m || from === undefined) throw new CorrectionError(`Enter Applied, or Applied from one of ${RATINGS.join(', ')}, or leave it empty if the report states no discretion`);
      return from ? `Applied from ${from}` : 'Applied';
    }
    case 'percent': {
      const n = Number(v.replace(/%$/, ''));
      if (!/^\d{1,3}(\.\d+)?%?$/.test(v) || n > 100) throw new CorrectionError('Enter a percentage from 0 to 100, for example 88, or leave it empty if the report does not say');
      return n;
    }
  }
}

function standardFor(report: ImportedReport, id: string): ImportedStandard {
  const existing = report.standards.find((s) => s.id === id);
  if (existing) return existing;
  const def = findStandard(getFramework(report.framework ?? BUILT_IN_FRAMEWORKS[0]!), id);
  const created: ImportedStandard = { id, name: def?.name ?? id, rating: null, keyQuestions: [], prompts: [], discretion: null };
  report.standards.push(created);
  report.standards.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return created;
}

export interface Correction {
  readonly report: ImportedReport;
  readonly field: CorrectableField;
  readonly before: string | number | null;
  readonly after: string | number | null;
}

/** Apply one correction to a copy of the report; throws CorrectionError with what to do. */
export function applyCorrection(report: ImportedReport, fieldId: string, rawValue: string): Correction {
  const field = correctableFields(report).find((f) => f.id === fieldId);
  if (!field) throw new CorrectionError(`There is no field ${fieldId} in a ${report.framework ?? BUILT_IN_FRAMEWORKS[0]!} report; choose one from the list`);
  const after = parseValue(field.kind, rawValue);
  const next = structuredClone(report) as ImportedReport;
  const before = field.value === '' ? null : field.kind === 'count' || field.kind === 'percent' ? Number(field.value) : field.value;
  let m: RegExpExecArray | null;
  if (fieldId === 'provider') next.provider = after as string | null;
  else if (fieldId === 'published') next.published = after as string | null;
  else if (fieldId === 'framework') next.framework = after as ImportedReport['framework'];
  else if ((m = /^overall\.(rating|score|maxScore)$/.exec(fieldId))) (next.overall as Record<string, unknown>)[m[1]!] = after;
  else if ((m = /^caseSample\.(court|outOfCourt|resettlement)$/.exec(fieldId))) (next.caseSample as Record<string, unknown>)[m[1]!] = after;
  else if ((m = /^standards\.(\d\.\d)\.rating$/.exec(fieldId))) standardFor(next, m[1]!).rating = after as ImportedStandard['rating'];
  else if ((m = /^standards\.(\d\.\d)\.discretion$/.exec(fieldId))) {
    const s = standardFor(next, m[1]!);
    const from = typeof after === 'string' ? RATINGS.find((r) => after.endsWith(` from ${r}`)) ?? null : null;
    // The report's own words stay with a corrected discretion; removing it removes them too.
    s.discretion = after === null ? null : { applied: true, from, text: s.discretion?.text ?? null };
  } else if ((m = /^prompts\.(\d\.\d\.\d)\.([a-z])\.(relevant|yes|percent)$/.exec(fieldId))) {
    const fw = getFramework(next.framework ?? BUILT_IN_FRAMEWORKS[0]!);
    const promptId = `${m[1]!}.${m[2]!}`;
    const def = findPrompt(fw, promptId);
    const s = standardFor(next, findKeyQuestion(fw, m[1]!)?.standard ?? m[1]!.slice(0, 3));
    let pf = s.prompts.find((x) => x.id === promptId);
    if (!pf) {
      pf = { id: promptId, text: def?.text ?? promptId, relevant: null, yes: null, percent: null };
      s.prompts.push(pf);
      s.prompts.sort((a, b) => (a.id < b.id ? -1 : 1));
    }
    (pf as Record<string, unknown>)[m[3]!] = after;
    if (pf.relevant !== null && pf.yes !== null && pf.yes > pf.relevant) {
      throw new CorrectionError(`${pf.id} would have ${pf.yes} cases answered 'Yes' out of ${pf.relevant} relevant; 'Yes' cannot be more than relevant`);
    }
  } else if ((m = /^keyQuestions\.(\d\.\d\.\d)\.(relevant|yes|percent)$/.exec(fieldId))) {
    const kqDef = findKeyQuestion(getFramework(next.framework ?? BUILT_IN_FRAMEWORKS[0]!), m[1]!);
    const s = standardFor(next, kqDef?.standard ?? m[1]!.slice(0, 3));
    let kq = s.keyQuestions.find((k) => k.id === m![1]);
    if (!kq) {
      kq = { id: m[1]!, relevant: null, yes: null, percent: null };
      s.keyQuestions.push(kq);
      s.keyQuestions.sort((a, b) => (a.id < b.id ? -1 : 1));
    }
    (kq as Record<string, unknown>)[m[2]!] = after;
    if (kq.relevant !== null && kq.yes !== null && kq.yes > kq.relevant) {
      throw new CorrectionError(`${kq.id} would have ${kq.yes} cases answered 'Yes' out of ${kq.relevant} relevant; 'Yes' cannot be more than relevant`);
    }
  }
  const checked = importedReportSchema.safeParse(next);
  if (!checked.success) throw new CorrectionError(`The corrected report would not be valid: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { report: checked.data, field, before, after };
}
