/**
 * What a report still lacks, as data: each gap has a kind (so a screen can link to where it is recorded), the
 * domain or standard it concerns, and the words the report prints. The report's draft banner, the publish
 * gate and the screens' "What is missing" lists all read this one list.
 */
import type { DomainId, Framework, StandardDef } from '../framework/types.js';
import type { ReportData } from './data.js';
import type { RatingResult, StandardResult } from './result.js';

export const GAP_KINDS = [
  'report-details', 'service', 'fieldwork', 'publication', 'lead-inspector', 'recommendations', 'contextual-facts',
  'findings', 'judgement', 'key-question-figures', 'prompt-figures', 'case-sample', 'methodology', 'meetings', 'score',
] as const;
export type GapKind = (typeof GAP_KINDS)[number];

export interface Gap {
  readonly kind: GapKind;
  readonly domain?: DomainId;
  readonly standard?: string;
  readonly text: string;
}

const empty = (v: unknown): boolean => v === undefined || v === null || (Array.isArray(v) && v.length === 0);

function standardGaps(def: StandardDef, res: StandardResult | undefined, data: ReportData): Gap[] {
  const gaps: Gap[] = [];
  if (!res?.rating) {
    gaps.push(def.kind === 'judgement'
      ? { kind: 'judgement', domain: def.domain, standard: def.id, text: `${def.id} ${def.name}: judgement not recorded, so it is not rated` }
      : { kind: 'key-question-figures', domain: def.domain, standard: def.id, text: `${def.id} ${def.name}: key-question figures not recorded, so it is not rated` });
  }
  if (def.kind === 'case-assessed') {
    const promptsMissing = def.keyQuestions
      .flatMap((k) => k.prompts)
      .filter((p) => !res?.prompts?.some((x) => x.id === p.id) && !data.report?.promptFigures?.[p.id]).length;
    if (promptsMissing > 0) {
      gaps.push({ kind: 'prompt-figures', domain: def.domain, standard: def.id, text: `${def.id} ${def.name}: figures for ${promptsMissing} prompt(s) not recorded (give per-case answers or report.promptFigures)` });
    }
  }
  return gaps;
}

/**
 * The written parts (report-text sections) without which the report is a draft: `reportGaps` lists contextual
 * facts and methodology as gaps; the foreword, background, introductions and narratives are printed when written.
 */
export const WRITTEN_PARTS_THE_REPORT_NEEDS: readonly string[] = ['contextual-facts', 'methodology'];

/** Every gap, in the order the report lists them. */
export function reportGaps(data: ReportData, result: RatingResult, fw: Framework): Gap[] {
  const d = data.report;
  const gaps: Gap[] = [];
  if (!d) gaps.push({ kind: 'report-details', text: 'report details (service, dates, lead inspector, recommendations, findings, case sample, methodology): only the rating input was given' });
  if (d) {
    if (empty(d.service?.name)) gaps.push({ kind: 'service', text: 'service name' });
    if (empty(d.fieldwork)) gaps.push({ kind: 'fieldwork', text: 'fieldwork dates' });
    if (empty(d.published)) gaps.push({ kind: 'publication', text: 'publication date' });
    if (empty(d.leadInspector)) gaps.push({ kind: 'lead-inspector', text: 'lead inspector' });
    if (empty(d.recommendations)) gaps.push({ kind: 'recommendations', text: 'recommendations' });
    if (empty(d.contextualFacts)) gaps.push({ kind: 'contextual-facts', text: 'contextual facts' });
  }
  for (const dom of fw.domains) {
    const recorded = d?.domains?.[String(dom.id) as '1' | '2' | '3' | '4'];
    // An introduction alone is not the domain's findings.
    if (d && (!recorded || recorded.strengths.length + recorded.areasForImprovement.length === 0)) {
      gaps.push({ kind: 'findings', domain: dom.id, text: `strengths and areas for improvement for domain ${dom.id} (${dom.name})` });
    }
    for (const s of fw.standards.filter((x) => x.domain === dom.id)) gaps.push(...standardGaps(s, result.standards.find((r) => r.id === s.id), data));
  }
  if (d) {
    if (empty(d.caseSample)) gaps.push({ kind: 'case-sample', text: 'case sample (number of cases inspected and their disposal types)' });
    const m = d.methodology;
    if (empty(m)) gaps.push({ kind: 'methodology', text: 'methodology figures (confidence level, margin of error, meetings, interviews)' });
    else if (m!.meetings === undefined && !m!.interviews?.length) gaps.push({ kind: 'meetings', text: 'the meetings and interviews held during the fieldwork (methodology)' });
  }
  if (!result.complete && result.score === null) gaps.push({ kind: 'score', text: 'a rating for every counted standard, so no score or overall rating can be given' });
  return gaps;
}
