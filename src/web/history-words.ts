/**
 * History entries in words: what changed and about what (a case by its reference, a standard by its number
 * and name, an answer by its question), and before and after with people's names and fields and values as the
 * screens say them, never ids or stored codes.
 */
import { findKeyQuestion, findPrompt, findStandard, type Framework } from '../core/framework/index.js';
import { CLASSIFICATIONS, type Classification } from '../core/vocabulary.js';
import { HISTORY_ACCOUNT_KEYS, type HistoryRecord } from '../app/index.js';
import { ANSWER_LABELS, type AnswerValue } from './assessment.js';
import { classificationLabel, codeLabel, DOMAIN_LABELS, PHASE_LABELS, ROLE_LABELS, stateLabel } from './labels.js';

const FIELD_WORDS: Record<string, string> = {
  title: 'Title', fieldworkStart: 'Fieldwork start', fieldworkEnd: 'Fieldwork end', phase: 'Phase', framework: 'Framework',
  frameworkVersion: 'Framework', service: 'Service', accountId: 'Person', assessorId: 'Assessor', leadInspectorId: 'Lead inspector', markerId: 'Second marker', secondMarkerId: 'Second marker', role: 'Role',
  rating: 'Rating', rationale: 'Rationale', reason: 'Reason', decision: 'Decision', standard: 'Standard', standardId: 'Standard',
  ref: 'Reference', domain: 'Domain', state: 'State', text: 'Text', addressee: 'For', position: 'Position',
  questionId: 'Question', answer: 'Answer', note: 'Note', kind: 'Kind', what: 'What', summary: 'Summary',
  occurredOn: 'Date', strengths: 'Strengths', areas: 'Areas for improvement', email: 'Email', displayName: 'Name',
  notQualityAssured: 'Not yet quality assured', fileName: 'File', published: 'Published', provider: 'Provider',
};

/** Internal bookkeeping a person reading the history has no use for. */
const HIDDEN = new Set(['version', 'id', 'inspectionId', 'caseId', 'serviceId', 'updatedAt', 'createdAt', 'updatedBy', 'at']);


const fieldWords = (k: string): string => FIELD_WORDS[k] ?? codeLabel(k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());

function valueWords(key: string, v: unknown, people: Readonly<Record<string, string>>, fw?: Framework): string {
  if (v === null || v === undefined || v === '') return '–';
  if (Array.isArray(v)) return v.length ? v.map((x) => valueWords(key, x, people, fw)).join(', ') : '–';
  if (typeof v === 'object') return entryWords(v, people, fw);
  const s = String(v);
  if (HISTORY_ACCOUNT_KEYS.has(key)) return people[s] ?? 'An account no longer on the service';
  if (key === 'phase') return PHASE_LABELS[s] ?? codeLabel(s);
  if (key === 'role') return ROLE_LABELS[s] ?? codeLabel(s);
  if (key === 'state') return stateLabel(s).text;
  if (key === 'answer') return ANSWER_LABELS[s as AnswerValue] ?? s;
  if (key === 'domain') return `${s} ${DOMAIN_LABELS[Number(s)] ?? ''}`.trim();
  if (key in CLASSIFICATIONS) return classificationLabel(key as Classification, s);
  if ((key === 'standard' || key === 'standardId') && fw) return `${s} ${findStandard(fw, s)?.name ?? ''}`.trim();
  if (key === 'questionId' && fw) return questionWords(fw, s);
  return s;
}

function questionWords(fw: Framework, id: string): string {
  const text = findKeyQuestion(fw, id)?.text ?? findPrompt(fw, id)?.text;
  return text ? `${id} ${text}` : id;
}

/** Before or after, in words: "Assessor: Sam Jones; State: Returned". */
export function entryWords(v: unknown, people: Readonly<Record<string, string>> = {}, fw?: Framework): string {
  if (v === null || v === undefined) return '–';
  if (typeof v !== 'object' || Array.isArray(v)) return valueWords('', v, people, fw);
  const o = v as Record<string, unknown>;
  // An answer reads as the answer and its note.
  if ('answer' in o) return `${ANSWER_LABELS[o.answer as AnswerValue] ?? String(o.answer)}${o.note ? ` – ${String(o.note)}` : ''}`;
  const parts = Object.entries(o).filter(([k]) => !HIDDEN.has(k)).map(([k, x]) => `${fieldWords(k)}: ${valueWords(k, x, people, fw)}`);
  return parts.length ? parts.join('; ') : '–';
}

const WORDS: Record<string, Record<string, string>> = {
  case: { create: 'Case added', assign: 'Assessor changed', start: 'Assessment started', submit: 'Submitted', 'quality-assure': 'Quality assured', return: 'Returned to the assessor', reopen: 'Correction started after the return', withdraw: 'Withdrawn from the sample', reinstate: 'Reinstated in the sample', update: 'Classification changed' },
  inspection: { create: 'Inspection created', phase: 'Phase moved', details: 'Title or fieldwork dates changed', archive: 'Inspection archived', restore: 'Inspection restored from the archive', delete: 'Inspection deleted' },
  recommendation: { create: 'Recommendation added', update: 'Recommendation changed', move: 'Recommendation moved', delete: 'Recommendation removed' },
  role: { grant: 'Role given', revoke: 'Role removed' },
  evidence: { create: 'Evidence added', update: 'Evidence changed' },
  findings: { create: 'Findings recorded', update: 'Findings changed' },
  'report-section': { create: 'Report text recorded', update: 'Report text changed' },
  'sampling-plan': { propose: 'Sample proposed', override: 'Sample size changed', confirm: 'Sample confirmed', replace: 'Sampled case replaced', discard: 'Sample proposal discarded', 'discard-confirmed': 'Confirmed sample discarded' },
  'resettlement-note': { create: 'Resettlement note written', update: 'Resettlement note changed', delete: 'Resettlement note removed' },
  discretion: { create: 'Discretion recorded', update: 'Discretion changed', decline: 'Discretion declined', withdraw: 'Discretion withdrawn' },
  judgement: { create: 'Judgement recorded', update: 'Judgement changed' },
  'second-marking': { select: 'Chosen for double marking', submit: 'Second marking submitted' },
  'moderation-resolution': { resolve: 'Disagreement resolved', change: 'Resolution changed' },
  'library-report': { import: 'Report added to the library', correct: 'Library report corrected', 'add-published': 'Added to the library on publication' },
};

/** What the entry did, and to what: "Discretion withdrawn for 2.1 Assessment", "Submitted: case C01". */
export function changeWords(h: Pick<HistoryRecord, 'entity' | 'entityId' | 'action'> & Partial<Pick<HistoryRecord, 'caseRef'>>, fw?: Framework): string {
  const { entity, entityId, action } = h;
  const caseRef = h.caseRef ? `case ${h.caseRef}` : null;
  if (entity === 'history' && action === 'redact') return `Text redacted from history entry ${entityId}`;
  if (entity === 'answer' || entity === 'second-answer' || entity === 'moderation-resolution') {
    const qid = entityId.split(':').pop() ?? '';
    const verb = entity === 'moderation-resolution' ? `${WORDS[entity]![action] ?? codeLabel(action)}:`
      : entity === 'second-answer' ? (action === 'create' ? 'Second marker answered' : 'Second marker changed the answer to')
      : action === 'create' ? 'Answered' : action === 'update' ? 'Answer changed:' : `${codeLabel(action)} answer:`;
    return `${verb} ${fw ? questionWords(fw, qid) : qid}${caseRef ? ` (${caseRef})` : ''}`;
  }
  const base = WORDS[entity]?.[action] ?? `${codeLabel(action)} ${entity.replace(/-/g, ' ')}`;
  if (entity === 'discretion' || entity === 'judgement') {
    const sid = entityId.split(':').pop() ?? '';
    return `${base} for ${fw ? `${sid} ${findStandard(fw, sid)?.name ?? ''}`.trim() : sid}`;
  }
  if (caseRef && (entity === 'case' || entity === 'resettlement-note' || entity === 'second-marking')) return `${base}: ${caseRef}`;
  return base;
}
