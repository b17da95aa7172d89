/** The cases table, assignment by the lead, a case's task list, check your answers, QA and history. */
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { hasResettlementReview, RESETTLEMENT_ASPECTS } from '../../core/framework/resettlement.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { getFramework, type StandardDef } from '../../core/framework/index.js';
import { spreadsheetText } from '../../core/spreadsheet/index.js';
import type { CaseRecord, CaseWithAnswers } from '../../app/index.js';
import { caseStandards, divergence, missingAnswers, standardStatus, ANSWER_LABELS, type AnswerLookup, type AnswerValue } from '../assessment.js';
import { classificationLabel, codeLabel, DOMAIN_LABELS, stateLabel } from '../labels.js';
import { CASE_STATES, caseMoveRefusal, workState, type CaseAction, type CaseState, type Phase } from '../../core/workflow/index.js';
import { formatDateTime } from '../views.js';
import { changeWords, entryWords } from '../history-words.js';
import type { User, WebServices } from '../services.js';
import { cannotChange, formBody, formErrors, inspectionNav, may, isConflict, isValidation, page, rolesOn, validationErrors, type FormErrors, type RouteContext } from './common.js';

export const caseUrl = (inspectionId: string, caseId: string): string =>
  `/inspections/${encodeURIComponent(inspectionId)}/cases/${encodeURIComponent(caseId)}`;

export function answerLookup(c: CaseWithAnswers): AnswerLookup {
  const map = new Map(c.answers.map((a) => [a.questionId, { value: a.answer as AnswerValue, note: a.note, version: a.version }]));
  return (id) => map.get(id);
}

/** Load the case and its inspection, and check the address names the right inspection. */
export async function loadCase(ctx: RouteContext, user: User, inspectionId: string, caseId: string) {
  const c = await ctx.services.cases.get(user, caseId);
  if (c.inspectionId !== inspectionId) throw Object.assign(new Error(`No case ${caseId} in this inspection`), { statusCode: 404 });
  const inspection = await ctx.services.inspections.get(user, inspectionId);
  const framework = getFramework(inspection.frameworkVersion);
  return { c, inspection, framework, standards: caseStandards(framework, c.domain) };
}

/** Can this user change this case's answers? Display only: the service decides (the workflow machine's rule over the policy table). */
export function canEditCase(ctx: Pick<RouteContext, 'services'>, user: User, inspection: { id: string; phase: Phase }, c: { assessorId: string | null; state: string }): boolean {
  return canMove(ctx, user, inspection, c, 'answer');
}

/** Can this user make this case move now? Display only, like canEditCase. */
function canMove(ctx: Pick<RouteContext, 'services'>, user: User, inspection: { id: string; phase: Phase }, c: { assessorId: string | null; state: string }, move: CaseAction): boolean {
  return caseMoveRefusal(move, inspection.phase, c.state as CaseState, { roles: rolesOn(user, inspection.id), isAssessor: c.assessorId === user.id }, ctx.services.auth.policy) === null;
}

const DONE_WORDS: Record<string, string> = {
  submit: 'Case submitted for quality assurance',
  'quality-assure': 'Case marked as quality assured',
  return: 'Case returned to the assessor with your reason',
  withdraw: 'Case withdrawn from the sample with your reason',
  reinstate: 'Case reinstated in the sample: its assessor submits it again',
};

const SORTS = ['ref', 'domain', 'disposal', 'assessor', 'state'] as const;
type Sort = (typeof SORTS)[number];

/** The case list's CSV columns, in order (the header row). */
export const CASES_CSV_HEADER = [
  'ref', 'domain', 'disposal_type', 'gender', 'age_band', 'ethnicity', 'risk_of_serious_harm', 'safety_and_wellbeing',
  'child_safety_factors', 'others_safety_factors', 'assessor', 'state', 'answered',
] as const;

/** A spreadsheet must not read a cell as a formula (names are typed by people). */
const cell = spreadsheetText;

const filterOf = (q: Record<string, string | undefined>) => ({
  ...(q.domain ? { domain: q.domain } : {}),
  ...(q.disposalType ? { disposalType: q.disposalType } : {}),
  ...(q.assessorId ? { assessorId: q.assessorId } : {}),
  ...(q.state ? { state: q.state } : {}),
});

/**
 * The case list. A person who assesses cases (and does not assign them) sees the cases assigned to them first
 * (`show=mine`), and can show every case they may see (`show=all`). States are as people see them: a returned
 * case stays "Returned" while its assessor corrects it.
 */
async function casesPage(ctx: RouteContext, request: FastifyRequest, reply: FastifyReply, user: User, inspectionId: string, q: Record<string, string | undefined>, extra: CasesPageExtra = {}): Promise<FastifyReply> {
  const { services } = ctx;
  const scoped = services.forRequest();
  const inspection = await scoped.inspections.get(user, inspectionId);
  const all = await scoped.cases.list(user, inspectionId);
  const canAssign = may(ctx, user, inspection, 'case.assign');
  const hasOwn = all.some((c) => c.assessorId === user.id);
  const show: 'mine' | 'all' = q.show === 'all' || q.show === 'mine' ? q.show : !canAssign && hasOwn ? 'mine' : 'all';
  const filter = filterOf(q);
  const { state: stateFilter, ...serviceFilter } = filter;
  const listed = Object.keys(serviceFilter).length ? await scoped.cases.list(user, inspectionId, serviceFilter) : all;
  const cases = listed.filter((c) => (show === 'all' || c.assessorId === user.id) && (!stateFilter || workState(c) === stateFilter));
  const sort: Sort = (SORTS as readonly string[]).includes(q.sort ?? '') ? (q.sort as Sort) : 'ref';
  const desc = q.order === 'desc';
  const key = (c: (typeof cases)[number]): string | number =>
    sort === 'domain' ? c.domain : sort === 'disposal' ? classificationLabel('disposalType', c.disposalType) : sort === 'assessor' ? c.assessorName ?? '' : sort === 'state' ? stateLabel(workState(c)).order : c.ref;
  const sorted = [...cases].sort((a, b) => {
    const x = key(a), y = key(b);
    const r = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'en', { numeric: true });
    return desc ? -r : r;
  });
  const base = `/inspections/${encodeURIComponent(inspectionId)}`;
  const keep = new URLSearchParams({ ...(filter as Record<string, string>), ...(q.show ? { show } : {}) });
  const head = [
    ['ref', 'Case'], ['domain', 'Domain'], ['disposal', 'Disposal'], ['assessor', 'Assessor'], ['state', 'State'],
  ].map(([k, text]) => {
    const p = new URLSearchParams(keep);
    p.set('sort', k!);
    p.set('order', sort === k && !desc ? 'desc' : 'asc');
    return { text, href: `${base}/cases?${p.toString()}`, ariaSort: sort === k ? (desc ? 'descending' : 'ascending') : 'none' };
  });
  const distinct = (xs: string[]) => [...new Set(xs)].sort();
  const option = (value: string, text: string, current?: string) => ({ value, text, selected: value === (current ?? '') });
  const assessors = new Map(all.filter((c) => c.assessorId).map((c) => [c.assessorId!, c.assessorName ?? c.assessorId!]));
  const filters = [
    ...(hasOwn ? [{ name: 'show', label: 'Show', items: [option('mine', 'Assigned to me', show), option('all', 'All cases you can see', show)] }] : []),
    { name: 'domain', label: 'Domain', items: [option('', 'All domains', q.domain), ...distinct(all.map((c) => String(c.domain))).map((d) => option(d, `${d} ${DOMAIN_LABELS[Number(d)] ?? ''}`, q.domain))] },
    { name: 'disposalType', label: 'Disposal', items: [option('', 'All disposals', q.disposalType), ...distinct(all.map((c) => c.disposalType)).map((d) => option(d, classificationLabel('disposalType', d), q.disposalType))] },
    { name: 'assessorId', label: 'Assessor', items: [option('', 'All assessors', q.assessorId), ...[...assessors].map(([id, name]) => option(id, name, q.assessorId))] },
    { name: 'state', label: 'State', items: [option('', 'All states', q.state), ...CASE_STATES.map((s) => option(s, stateLabel(s).text, q.state))] },
  ];
  const selected = new Set(extra.selected ?? []);
  const rows = sorted.map((c) => {
    const st = stateLabel(workState(c));
    return {
      id: c.id,
      version: c.version,
      checked: selected.has(c.id),
      ref: c.ref,
      href: caseUrl(inspectionId, c.id),
      domain: c.domain,
      domainName: `${c.domain} ${DOMAIN_LABELS[c.domain] ?? ''}`,
      disposal: classificationLabel('disposalType', c.disposalType),
      assessor: c.assessorName ?? 'Not assigned',
      state: st.text,
      stateClass: st.tag,
      stateOrder: st.order,
    };
  });
  return page(ctx, request, reply, 'pages/cases.njk', {
    pageTitle: 'Cases',
    inspection,
    rows,
    head,
    filters,
    show,
    showingMine: show === 'mine',
    allUrl: `${base}/cases?show=all`,
    baseUrl: base,
    canAssign,
    ...(canAssign ? { people: await assignablePeople(scoped, user, inspectionId, all, extra.assessorId) } : {}),
    csvUrl: `${base}/cases.csv${keep.toString() ? `?${keep.toString()}` : ''}`,
    navigation: inspectionNav(inspectionId, 'cases'),
    breadcrumbs: [{ text: 'Inspections', href: '/inspections' }, { text: inspection.title, href: base }],
    fieldErrors: extra.errors?.fieldErrors ?? {},
    errors: extra.errors?.errors ?? [],
    ...(extra.flash ? { flash: extra.flash } : {}),
  }, extra.status ?? 200);
}

/** The bulk assignment form: `cases` repeats, one `id:version` per ticked case. */
const bulkAssignForm = z.object({
  cases: z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  assessorId: z.string().optional(),
});

/** "3 cases assigned to Sam Smith" after a bulk assignment. */
async function assignedFlash(ctx: RouteContext, user: User, inspectionId: string, n: number, to: string): Promise<string | undefined> {
  const member = (await ctx.services.accounts.members(user, inspectionId).catch(() => [])).find((m) => m.accountId === to);
  return member ? `${n} ${n === 1 ? 'case' : 'cases'} assigned to ${member.displayName}` : undefined;
}

interface CasesPageExtra {
  readonly errors?: FormErrors;
  readonly status?: number;
  readonly flash?: string;
  /** Cases ticked in a bulk assignment that was refused (kept ticked). */
  readonly selected?: readonly string[];
  readonly assessorId?: string;
}

/** Who may be given cases, each with their current load (cases assigned, by state): for the bulk assignment. */
async function assignablePeople(services: WebServices, user: User, inspectionId: string, all: readonly CaseRecord[], chosen?: string) {
  const members = await services.accounts.members(user, inspectionId);
  return members
    .filter((m) => m.roles.some((r) => r === 'lead-inspector' || r === 'inspector' || r === 'local-assessor'))
    .map((m) => {
      const theirs = all.filter((c) => c.assessorId === m.accountId);
      const byState = CASE_STATES.map((s) => ({ s, n: theirs.filter((c) => workState(c) === s).length })).filter((x) => x.n > 0);
      const load = theirs.length === 0 ? 'No cases assigned'
        : `${theirs.length} ${theirs.length === 1 ? 'case' : 'cases'} assigned: ${byState.map((x) => `${x.n} ${stateLabel(x.s).text.toLowerCase()}`).join(', ')}`;
      return { value: m.accountId, text: m.displayName, hint: { text: `${m.roles.map(codeLabel).join(', ')}. ${load}` }, checked: m.accountId === chosen };
    });
}

export function caseRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;
  type P = { inspectionId: string; caseId: string };

  /** The cases as listed (same filters and the same visibility), for a spreadsheet. */
  signedIn.get('/inspections/:inspectionId/cases.csv', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const inspection = await services.inspections.get(user, inspectionId);
    const cases = await services.cases.list(user, inspectionId, filterOf(request.query));
    const rows = [...cases].sort((a, b) => a.ref.localeCompare(b.ref, 'en', { numeric: true })).map((c) => [
      c.ref, String(c.domain), c.disposalType, c.gender, c.ageBand, c.ethnicity, c.riskOfSeriousHarm, c.safetyAndWellbeing,
      c.childSafetyFactors ? 'yes' : 'no', c.othersSafetyFactors ? 'yes' : 'no', cell(c.assessorName ?? ''), c.state, String(c.answered),
    ]);
    const name = `cases-${inspection.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'inspection'}.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(stringify([[...CASES_CSV_HEADER], ...rows]));
  });

  signedIn.get('/inspections/:inspectionId/cases', async (request, reply) => {
    const q = request.query;
    // After a bulk assignment: how many, and to whom (named from the list itself).
    const assigned = /^\d{1,4}$/.test(q.assigned ?? '') ? Number(q.assigned) : 0;
    const flash = assigned && q.to ? await assignedFlash(ctx, request.user, request.params.inspectionId, assigned, q.to)
      : q.unassigned === '1' ? 'The case is no longer assigned to anyone'
      : /^\d{1,4}$/.test(q.confirmed ?? '') ? `The sample was confirmed: ${q.confirmed} ${q.confirmed === '1' ? 'case was' : 'cases were'} added to the inspection`
      : undefined;
    return casesPage(ctx, request, reply, request.user, request.params.inspectionId, q, flash ? { flash } : {});
  });

  /** Several cases to one person at once, all or nothing (works without JavaScript: checkboxes and radios). */
  signedIn.post('/inspections/:inspectionId/cases/assign', { body: bulkAssignForm }, async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const body = request.body;
    const picked = body.cases ?? [];
    const selection = picked.map((p) => {
      const [id, version] = p.split(':');
      return { id: id ?? '', version: version ?? '' };
    });
    try {
      const done = await services.cases.assignMany(user, inspectionId, { assessorId: body.assessorId || undefined, cases: selection });
      return reply.redirect(`/inspections/${encodeURIComponent(inspectionId)}/cases?assigned=${done.length}&to=${encodeURIComponent(body.assessorId ?? '')}`, 303);
    } catch (err) {
      const keep = { selected: selection.map((c) => c.id), ...(body.assessorId ? { assessorId: body.assessorId } : {}) };
      const q = { show: 'all' };
      if (isValidation(err)) {
        const errors = formErrors(err.fields.map((f) => [f.field.startsWith('cases') ? 'cases' : f.field === 'assessorId' ? 'assessorId' : 'cases', f.message] as [string, string]),
          (f) => (f === 'cases' ? 'select-cases' : 'assessorId'));
        return casesPage(ctx, request, reply, user, inspectionId, q, { ...keep, errors, status: 400 });
      }
      if (isConflict(err)) {
        const errors = formErrors([['cases', `${err.message}. The list shows the cases as they are now: check them and assign again`]], () => 'select-cases');
        return casesPage(ctx, request, reply, user, inspectionId, q, { ...keep, errors, status: 409 });
      }
      throw err;
    }
  });

  const assignPage = async (request: FastifyRequest, reply: FastifyReply, user: User, p: P, errors?: FormErrors, status = 200) => {
    const { c, inspection } = await loadCase(ctx, user, p.inspectionId, p.caseId);
    const back = `/inspections/${encodeURIComponent(p.inspectionId)}/cases`;
    if (!may(ctx, user, inspection, 'case.assign')) return cannotChange(ctx, request, reply, inspection.phase, 'the lead inspector', back);
    const members = await services.accounts.members(user, p.inspectionId);
    const items = members
      .filter((m) => m.roles.some((r) => r === 'lead-inspector' || r === 'inspector' || r === 'local-assessor'))
      .map((m) => ({ value: m.accountId, text: m.displayName, hint: { text: m.roles.map(codeLabel).join(', ') }, checked: m.accountId === c.assessorId }));
    return page(ctx, request, reply, 'pages/assign.njk', {
      pageTitle: `Assign case ${c.ref}`,
      case: c,
      caseUrl: caseUrl(p.inspectionId, c.id),
      items: [...items, { divider: 'or' }, { value: '', text: 'Nobody for now', checked: !c.assessorId }],
      fieldErrors: errors?.fieldErrors ?? {},
      errors: errors?.errors ?? [],
      backLink: `/inspections/${encodeURIComponent(p.inspectionId)}/cases`,
      navigation: inspectionNav(inspection.id, 'cases'),
    }, status);
  };

  signedIn.get('/inspections/:inspectionId/cases/:caseId/assign', async (request, reply) => {
    const { user } = request;
    return assignPage(request, reply, user, request.params);
  });

  signedIn.post('/inspections/:inspectionId/cases/:caseId/assign', async (request, reply) => {
    const { user } = request;
    const p = request.params;
    const body = formBody(request);
    try {
      await services.cases.assign(user, p.caseId, { assessorId: body.assessorId || null, version: body.version });
      return reply.redirect(body.assessorId
        ? `/inspections/${encodeURIComponent(p.inspectionId)}/cases?assigned=1&to=${encodeURIComponent(body.assessorId)}`
        : `/inspections/${encodeURIComponent(p.inspectionId)}/cases?unassigned=1`, 303);
    } catch (err) {
      if (isValidation(err)) return assignPage(request, reply, user, p, validationErrors(err, () => 'assessorId'), 400);
      if (isConflict(err)) {
        return conflictPage(ctx, request, reply, {
          message: err.message,
          rows: [[{ text: 'Assessor' }, { text: body.assessorId || 'Nobody' }, { text: describeAssessor(err.current) }]],
          retryAction: `${caseUrl(p.inspectionId, p.caseId)}/assign`,
          retryFields: [{ name: 'assessorId', value: body.assessorId ?? '' }, { name: 'version', value: String(versionOf(err.current)) }],
          backUrl: `${caseUrl(p.inspectionId, p.caseId)}/assign`,
        });
      }
      throw err;
    }
  });

  const casePage = async (request: FastifyRequest, reply: FastifyReply, user: User, p: P, errors?: FormErrors, values: Record<string, string> = {}, status = 200, flash?: string) => {
    const { c, inspection, standards } = await loadCase(ctx, user, p.inspectionId, p.caseId);
    const look = answerLookup(c);
    const url = caseUrl(p.inspectionId, c.id);
    const tag = (s: string) =>
      s === 'Completed' ? { tag: { text: s, classes: 'govuk-tag--green' } } : s === 'In progress' ? { tag: { text: s, classes: 'govuk-tag--light-blue' } } : { tag: { text: s, classes: 'govuk-tag--grey' } };
    const tasks = standards.map((s) => ({ title: { text: `${s.id} ${s.name}` }, href: `${url}/standards/${s.id}`, status: tag(standardStatus(s, look)) }));
    if (hasResettlementReview(inspection.frameworkVersion, c.domain)) {
      // A resettlement case's assessment is its review: one note per aspect of 4.1.
      const written = (await services.resettlement.notes(user, c.id)).length;
      const status = written === 0 ? 'Not started' : written >= RESETTLEMENT_ASPECTS.length ? 'Completed' : 'In progress';
      tasks.push({ title: { text: '4.1 Resettlement review' }, href: `${url}/resettlement`, status: tag(status) });
    }
    const st = stateLabel(c.state);
    const summary = [
      ['Domain', `${c.domain} ${DOMAIN_LABELS[c.domain] ?? ''}`],
      ['Disposal', classificationLabel('disposalType', c.disposalType)],
      ['Gender', classificationLabel('gender', c.gender)],
      ['Age band', classificationLabel('ageBand', c.ageBand)],
      ['Ethnicity', classificationLabel('ethnicity', c.ethnicity)],
      ['Risk of serious harm', classificationLabel('riskOfSeriousHarm', c.riskOfSeriousHarm)],
      ['Safety and wellbeing', classificationLabel('safetyAndWellbeing', c.safetyAndWellbeing)],
      ['Factors related to keeping the child safe', c.childSafetyFactors ? 'Yes' : 'No'],
      ['Factors related to keeping other people safe', c.othersSafetyFactors ? 'Yes' : 'No'],
      ['Assessor', c.assessorName ?? 'Not assigned'],
    ].map(([k, v]) => ({ key: { text: k }, value: { text: v } }));
    return page(ctx, request, reply, 'pages/case.njk', {
      pageTitle: `Case ${c.ref}`,
      inspection,
      case: c,
      caseUrl: url,
      stateLabel: st.text,
      stateClass: st.tag,
      summary,
      tasks,
      canSubmit: canEditCase(ctx, user, inspection, c),
      canQa: canMove(ctx, user, inspection, c, 'quality-assure'),
      canReturn: canMove(ctx, user, inspection, c, 'return'),
      canWithdraw: canMove(ctx, user, inspection, c, 'withdraw'),
      canReinstate: canMove(ctx, user, inspection, c, 'reinstate'),
      fieldErrors: errors?.fieldErrors ?? {},
      errors: errors?.errors ?? [],
      values,
      flash,
      navigation: inspectionNav(inspection.id, 'cases'),
      breadcrumbs: [{ text: 'Inspections', href: '/inspections' }, { text: inspection.title, href: `/inspections/${encodeURIComponent(inspection.id)}` }, { text: 'Cases', href: `/inspections/${encodeURIComponent(inspection.id)}/cases` }],
    }, status);
  };

  signedIn.get('/inspections/:inspectionId/cases/:caseId', async (request, reply) => {
    const { user } = request;
    const done = request.query.done;
    const flash = done ? DONE_WORDS[done] : undefined;
    return casePage(request, reply, user, request.params, undefined, {}, 200, flash);
  });

  const checkPage = async (request: FastifyRequest, reply: FastifyReply, user: User, p: P, errors?: FormErrors, status = 200) => {
    const { c, inspection, standards } = await loadCase(ctx, user, p.inspectionId, p.caseId);
    const look = answerLookup(c);
    const url = caseUrl(p.inspectionId, c.id);
    const sections = standards.map((s) => checkSection(s, look, `${url}/standards/${s.id}`, canEditCase(ctx, user, inspection, c)));
    return page(ctx, request, reply, 'pages/check.njk', {
      pageTitle: `Check your answers for case ${c.ref}`,
      case: c,
      caseUrl: url,
      sections,
      canSubmit: canEditCase(ctx, user, inspection, c),
      fieldErrors: errors?.fieldErrors ?? {},
      errors: errors?.errors ?? [],
      backLink: url,
      navigation: inspectionNav(inspection.id, 'cases'),
    }, status);
  };

  signedIn.get('/inspections/:inspectionId/cases/:caseId/check', async (request, reply) => {
    const { user } = request;
    return checkPage(request, reply, user, request.params);
  });

  signedIn.post('/inspections/:inspectionId/cases/:caseId/state', async (request, reply) => {
    const { user } = request;
    const p = request.params;
    const body = formBody(request);
    const url = caseUrl(p.inspectionId, p.caseId);
    if (body.action === 'submit') {
      // Submitting an incomplete case is refused here with the list of what is missing, each a link to fix it.
      const { c, inspection, standards } = await loadCase(ctx, user, p.inspectionId, p.caseId);
      const look = answerLookup(c);
      const missing = standards.flatMap((s) => missingAnswers(s, look).map((m) => ({ ...m, href: `${url}/standards/${s.id}#${'kq-' + m.id.split('.').slice(0, 3).join('-')}` })));
      if (hasResettlementReview(inspection.frameworkVersion, c.domain)) {
        const written = new Set((await services.resettlement.notes(user, c.id)).map((n) => n.aspectId));
        for (const a of RESETTLEMENT_ASPECTS.filter((x) => !written.has(x.id))) {
          missing.push({ id: a.id, message: `Write a note on ${a.name.charAt(0).toLowerCase()}${a.name.slice(1)}`, href: `${url}/resettlement#note-${a.id}` });
        }
      }
      if (missing.length) {
        const errs = { fieldErrors: {}, errors: missing.map((m) => ({ text: m.message, href: m.href })) };
        return checkPage(request, reply, user, p, errs, 400);
      }
    }
    try {
      const input = body.action === 'return' || body.action === 'withdraw' ? { action: body.action, version: body.version, reason: body.reason ?? '' } : { action: body.action, version: body.version };
      const after = await services.cases.transition(user, p.caseId, input);
      void after;
      return reply.redirect(`${url}?done=${encodeURIComponent(body.action ?? '')}`, 303);
    } catch (err) {
      if (isValidation(err)) {
        const errs = validationErrors(err, (f) => (f === 'reason' ? (body.action === 'withdraw' ? 'withdraw-reason' : 'reason') : 'main-content'));
        return body.action === 'submit' ? checkPage(request, reply, user, p, errs, 400) : casePage(request, reply, user, p, errs, body, 400);
      }
      if (isConflict(err)) {
        return conflictPage(ctx, request, reply, {
          message: err.message,
          rows: [[{ text: 'Case state' }, { text: `You asked to ${codeLabel(body.action)}` }, { text: stateLabel(stateOf(err.current)).text }]],
          retryAction: `${url}/state`,
          retryFields: [
            { name: 'action', value: body.action ?? '' },
            { name: 'version', value: String(versionOf(err.current)) },
            ...(body.reason ? [{ name: 'reason', value: body.reason }] : []),
          ],
          backUrl: url,
        });
      }
      throw err;
    }
  });

  signedIn.get('/inspections/:inspectionId/cases/:caseId/history', async (request, reply) => {
    const { user } = request;
    const p = request.params;
    const { c, inspection } = await loadCase(ctx, user, p.inspectionId, p.caseId);
    const items = await services.history.caseHistory(user, c.id);
    const fw = getFramework(inspection.frameworkVersion);
    const rows = [...items]
      .sort((a, b) => String(b.at).localeCompare(String(a.at)))
      .map((h) => [
        { text: formatDateTime(h.at) },
        { text: h.actorName ?? (h.actorId ? 'An account no longer on the service' : 'System or command line') },
        { text: changeWords(h, fw) + (h.reason ? ` – reason: ${h.reason}` : '') },
        { text: entryWords(h.replaced ?? h.before, h.people, fw) },
        { text: entryWords(h.after, h.people, fw) },
      ]);
    return page(ctx, request, reply, 'pages/history.njk', {
      pageTitle: `History of case ${c.ref}`,
      inspection,
      case: c,
      rows,
      backLink: caseUrl(p.inspectionId, c.id),
      navigation: inspectionNav(inspection.id, 'cases'),
    });
  });
}

function checkSection(s: StandardDef, look: AnswerLookup, url: string, canChange: boolean) {
  const label = (v: AnswerValue | null | undefined) => (v ? ANSWER_LABELS[v] : 'Not answered');
  const rows: unknown[] = [];
  const warnings: string[] = [];
  for (const kq of s.keyQuestions) {
    const a = look(kq.id);
    const anchor = `${url}#kq-${kq.id.replace(/\./g, '-')}`;
    const actions = canChange ? { items: [{ href: anchor, text: 'Change', visuallyHiddenText: `answer to ${kq.id}` }] } : undefined;
    rows.push({ key: { text: `${kq.id} ${kq.text}` }, value: { text: label(a?.value) + (a?.note ? ` – ${a.note}` : '') }, ...(actions ? { actions } : {}) });
    if (a?.value !== 'not-relevant') {
      for (const p of kq.prompts) rows.push({ key: { text: p.text, classes: 'govuk-!-font-weight-regular' }, value: { text: label(look(p.id)?.value) } });
    }
    const d = divergence(a?.value ?? null, kq.prompts.map((p) => look(p.id)?.value ?? null));
    if (d) warnings.push(`${kq.id}: ${d}`);
  }
  const missing = missingAnswers(s, look).length;
  if (missing) warnings.unshift(`${missing} ${missing === 1 ? 'question is' : 'questions are'} not answered yet.`);
  return { id: s.id, name: s.name, rows, warnings };
}

export function versionOf(current: unknown): number {
  const v = (current as { version?: unknown } | null)?.version;
  return typeof v === 'number' ? v : 0;
}
function stateOf(current: unknown): string {
  const s = (current as { state?: unknown } | null)?.state;
  return typeof s === 'string' ? s : '';
}
function describeAssessor(current: unknown): string {
  const c = current as { assessorName?: string | null } | null;
  return c?.assessorName ?? 'Nobody';
}

export interface ConflictView {
  message: string;
  rows: { text: string }[][];
  retryAction: string;
  retryFields: { name: string; value: string }[];
  backUrl: string;
}

export function conflictPage(ctx: RouteContext, request: FastifyRequest, reply: FastifyReply, view: ConflictView): FastifyReply {
  return page(ctx, request, reply, 'pages/conflict.njk', { pageTitle: 'Someone else changed this', ...view, message: view.message.replace(/[.;]\s*nothing was saved$/i, '') }, 409);
}

export { formErrors };
