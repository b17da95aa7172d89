/**
 * Blind double marking (moderation) screens: the lead's selection of cases and second markers, the second
 * marker's blind marking of a case, the two markings side by side with the resolution of each disagreement,
 * and the summary of agreement (with CSV and XLSX downloads). Blindness, roles and versions are the
 * moderation service's: these pages show what it returns.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caseStandards } from '../../core/assessment/index.js';
import { findKeyQuestion, findPrompt, getFramework } from '../../core/framework/index.js';
import type { AgreementRow, NamedSummary } from '../../core/moderation/index.js';
import { moderationCsv, moderationXlsx } from '../../report/index.js';
import type { MarkingView } from '../../app/index.js';
import { ANSWER_LABELS, readStandardForm, standardPage, type AnswerLookup, type PostedAnswer } from '../assessment.js';
import type { User } from '../services.js';
import { formBody, formErrors, holds, inspectionNav, isConflict, isValidation, may, opens, page, type FormErrors, type RouteContext } from './common.js';

const base = (id: string) => `/inspections/${encodeURIComponent(id)}/moderation`;
const caseUrl = (id: string, caseId: string) => `${base(id)}/cases/${encodeURIComponent(caseId)}`;
const words = (a: string | null | undefined) => (a ? ANSWER_LABELS[a as keyof typeof ANSWER_LABELS] ?? a : 'Not answered');
const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x)}%`);
const kappaText = (r: AgreementRow) => (r.agreement.kappa === null ? 'Undefined' : r.agreement.kappa.toFixed(2));
/** The share form: its text fields, and the second markers ticked (one or several). */
const shareForm = z.looseObject({ markerIds: z.union([z.string().max(100), z.array(z.string().max(100)).max(50)]).optional() });
const STATE_WORDS = { 'in-progress': 'In progress', submitted: 'Submitted' } as const;

/** Whether `user` may see the moderation screens at all: the team, or a possible second marker. */
export function opensModeration(ctx: Pick<RouteContext, 'services'>, user: User, inspection: { id: string; phase: 'planning' | 'fieldwork' | 'panel' | 'reporting' | 'published' }): boolean {
  return opens(ctx, user, inspection, 'moderation.read') || holds(ctx, user, inspection.id, 'moderation.mark');
}

export function moderationRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;

  const notFound = (what: string) => Object.assign(new Error(what), { statusCode: 404 });

  // The lead's page: every double marking, and the two ways of choosing cases. A second marker sees their own.
  const indexPage = async (request: FastifyRequest, reply: FastifyReply, user: User, inspectionId: string, opts: { errors?: FormErrors; values?: Record<string, string>; flash?: string; status?: number } = {}) => {
    const scoped = services.forRequest();
    const inspection = await scoped.inspections.get(user, inspectionId);
    if (!opensModeration(ctx, user, inspection)) throw notFound('No such page');
    const markings = await scoped.moderation.list(user, inspectionId);
    const canSelect = may(ctx, user, inspection, 'moderation.select');
    const [cases, members] = canSelect ? await Promise.all([scoped.cases.list(user, inspectionId), scoped.accounts.members(user, inspectionId)]) : [[], []];
    const taken = new Set(markings.map((m) => m.caseId));
    const markerRoles = new Set(services.auth.policy.actions['moderation.mark'].rules.map((r) => r.role));
    const markers = members.filter((m) => m.roles.some((r) => markerRoles.has(r)));
    return page(ctx, request, reply, 'pages/moderation.njk', {
      pageTitle: 'Double marking',
      inspection,
      rows: markings.map((m) => [
        { html: `<a class="govuk-link" href="${caseUrl(inspectionId, m.caseId)}">${escapeHtml(m.caseRef)}</a>` },
        { text: m.firstMarkerName ?? 'Not assigned' },
        { text: m.markerName },
        { text: STATE_WORDS[m.state] },
        { text: m.revealed ? 'Both submitted' : 'Blind' },
      ]),
      canSelect,
      caseItems: [{ value: '', text: 'Choose a case' }, ...cases.filter((c) => !taken.has(c.id) && c.state !== 'withdrawn').map((c) => ({ value: c.id, text: `${c.ref} (domain ${c.domain}, ${c.assessorName ?? 'not assigned'})`, selected: opts.values?.caseId === c.id }))],
      markerItems: [{ value: '', text: 'Choose a second marker' }, ...markers.map((m) => ({ value: m.accountId, text: m.displayName, selected: opts.values?.markerId === m.accountId }))],
      markerChecks: markers.map((m) => ({ value: m.accountId, text: m.displayName })),
      values: opts.values ?? {},
      summaryUrl: opens(ctx, user, inspection, 'moderation.read') ? `${base(inspectionId)}/summary` : null,
      baseUrl: base(inspectionId),
      fieldErrors: opts.errors?.fieldErrors ?? {},
      errors: opts.errors?.errors ?? [],
      flash: opts.flash,
      navigation: inspectionNav(inspectionId, 'cases'),
      breadcrumbs: [{ text: 'Inspections', href: '/inspections' }, { text: inspection.title, href: `/inspections/${encodeURIComponent(inspectionId)}` }],
    }, opts.status ?? 200);
  };

  signedIn.get('/inspections/:inspectionId/moderation', async (request, reply) => {
    const q = request.query;
    const flash = q.selected ? `${q.selected} ${q.selected === '1' ? 'case was' : 'cases were'} chosen for double marking${q.seed ? ` (seed ${q.seed})` : ''}` : undefined;
    return indexPage(request, reply, request.user, request.params.inspectionId, flash ? { flash } : {});
  });

  signedIn.post('/inspections/:inspectionId/moderation/select', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const body = formBody(request);
    const errors: [string, string][] = [];
    if (!body.caseId) errors.push(['caseId', 'Choose a case']);
    if (!body.markerId) errors.push(['markerId', 'Choose a second marker']);
    if (errors.length) return indexPage(request, reply, user, inspectionId, { errors: formErrors(errors), values: body, status: 400 });
    try {
      await services.moderation.select(user, inspectionId, { selections: [{ caseId: body.caseId, markerId: body.markerId }] });
    } catch (err) {
      if (isValidation(err)) return indexPage(request, reply, user, inspectionId, { errors: formErrors(err.fields.map((f) => [/markerId$/.test(f.field) ? 'markerId' : 'caseId', f.message])), values: body, status: 400 });
      throw err;
    }
    return reply.redirect(`${base(inspectionId)}?selected=1`, 303);
  });

  signedIn.post('/inspections/:inspectionId/moderation/share', { body: shareForm }, async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const body = formBody(request);
    // Checkboxes: one value or several.
    const markerIds = ([] as string[]).concat(request.body.markerIds ?? []);
    const share = (body.share ?? '').trim() === '' ? 10 : Number(body.share);
    if (!Number.isFinite(share)) return indexPage(request, reply, user, inspectionId, { errors: formErrors([['share', 'Enter the share as a percentage, for example 10']]), values: body, status: 400 });
    try {
      const r = await services.moderation.selectShare(user, inspectionId, { share: share / 100, markerIds, ...((body.seed ?? '').trim() ? { seed: body.seed!.trim() } : {}) });
      return reply.redirect(`${base(inspectionId)}?selected=${r.markings.length}&seed=${r.seed}`, 303);
    } catch (err) {
      if (isValidation(err)) return indexPage(request, reply, user, inspectionId, { errors: formErrors(err.fields.map((f) => [f.field.split('.')[0]!, f.message])), values: body, status: 400 });
      throw err;
    }
  });

  // One case: the blind marking form for its second marker, or both markings side by side once both are in.
  const casePage = async (request: FastifyRequest, reply: FastifyReply, user: User, inspectionId: string, caseId: string, opts: { errors?: Map<string, string>; overlay?: readonly PostedAnswer[]; flash?: string; status?: number; resolveErrors?: FormErrors } = {}) => {
    const scoped = services.forRequest();
    const inspection = await scoped.inspections.get(user, inspectionId);
    const view: MarkingView = await scoped.moderation.forCase(user, caseId);
    if (view.marking.inspectionId !== inspectionId) throw notFound('No such double marking');
    const fw = getFramework(inspection.frameworkVersion);
    const standards = caseStandards(fw, view.marking.domain);
    const stored = new Map((view.secondAnswers ?? []).map((a) => [a.questionId, a]));
    const overlay = new Map((opts.overlay ?? []).map((a) => [a.questionId, a]));
    const look: AnswerLookup = (id) => {
      const o = overlay.get(id);
      const s = stored.get(id);
      return o ? { value: o.value, note: o.note, version: s?.version ?? null } : s ? { value: s.answer, note: s.note, version: s.version } : undefined;
    };
    const editable = view.isMarker && view.marking.state === 'in-progress';
    const questionText = (id: string) => findKeyQuestion(fw, id)?.text ?? findPrompt(fw, id)?.text ?? '';
    const errors = opts.errors ?? new Map<string, string>();
    return page(ctx, request, reply, 'pages/moderation-case.njk', {
      pageTitle: `Double marking of case ${view.marking.caseRef}`,
      inspection,
      m: view.marking,
      view,
      editable,
      standards: editable ? standards.map((s) => standardPage(s, look, errors)) : [],
      errors: formErrors(errors, (id) => `q_${id.replace(/\./g, '_')}`).errors,
      disagreements: (view.comparison ?? []).filter((q) => !q.agreed).map((q) => ({
        ...q, text: questionText(q.questionId), firstWords: words(q.first?.answer), secondWords: words(q.second?.answer),
        resolutionWords: q.resolution ? words(q.resolution.answer) : null, anchor: `resolve-${q.questionId.replace(/\./g, '-')}`,
      })),
      agreedCount: (view.comparison ?? []).filter((q) => q.agreed).length,
      comparedCount: (view.comparison ?? []).length,
      answerItems: (['yes', 'no', 'not-relevant'] as const).map((value) => ({ value, text: ANSWER_LABELS[value] })),
      formAction: caseUrl(inspectionId, caseId),
      resolveAction: `${caseUrl(inspectionId, caseId)}/resolve`,
      resolveErrors: opts.resolveErrors?.errors ?? [],
      resolveFieldErrors: opts.resolveErrors?.fieldErrors ?? {},
      flash: opts.flash,
      backLink: base(inspectionId),
      navigation: inspectionNav(inspectionId, 'cases'),
    }, opts.status ?? 200);
  };

  signedIn.get('/inspections/:inspectionId/moderation/cases/:caseId', async (request, reply) => {
    const q = request.query;
    const flash = q.saved === '1' ? 'Your answers were saved.' : q.submitted === '1' ? 'Your double marking was submitted.' : q.resolved === '1' ? 'The disagreement was resolved.' : undefined;
    return casePage(request, reply, request.user, request.params.inspectionId, request.params.caseId, flash ? { flash } : {});
  });

  signedIn.post('/inspections/:inspectionId/moderation/cases/:caseId', async (request, reply) => {
    const { user } = request;
    const { inspectionId, caseId } = request.params;
    const body = formBody(request);
    const inspection = await services.inspections.get(user, inspectionId);
    const view = await services.moderation.forCase(user, caseId);
    const standards = caseStandards(getFramework(inspection.frameworkVersion), view.marking.domain);
    const posted: PostedAnswer[] = [];
    const errors = new Map<string, string>();
    for (const s of standards) {
      const r = readStandardForm(s, body);
      posted.push(...r.answers);
      for (const [k, v] of r.errors) errors.set(k, v);
    }
    for (const a of posted) if (a.value === null && a.note) errors.set(a.questionId, `Choose Yes, No or Not relevant for ${a.questionId} to save its note`);
    if (errors.size) return casePage(request, reply, user, inspectionId, caseId, { errors, overlay: posted, status: 400 });
    const stored = new Map((view.secondAnswers ?? []).map((a) => [a.questionId, a]));
    const changed = posted.filter((a) => a.value !== null && (stored.get(a.questionId)?.answer !== a.value || (stored.get(a.questionId)?.note ?? null) !== a.note));
    try {
      let now = view;
      if (changed.length) {
        now = await services.moderation.saveAnswers(user, caseId, { answers: changed.map((a) => ({ questionId: a.questionId, answer: a.value, note: a.note, version: stored.get(a.questionId)?.version ?? 0 })) });
      }
      if (body.action === 'submit') {
        await services.moderation.submit(user, caseId, { version: now.marking.version });
        return reply.redirect(`${caseUrl(inspectionId, caseId)}?submitted=1`, 303);
      }
    } catch (err) {
      if (isValidation(err)) {
        const fieldErrors = new Map<string, string>();
        for (const f of err.fields) {
          const m = /^answers\.(.+)$/.exec(f.field);
          const byIndex = m && /^\d+\./.test(m[1]!) ? changed[Number(m[1]!.split('.')[0])]?.questionId : undefined;
          fieldErrors.set(byIndex ?? (m ? m[1]! : standards[0]!.keyQuestions[0]!.id), f.message);
        }
        return casePage(request, reply, user, inspectionId, caseId, { errors: fieldErrors, overlay: posted, status: 400 });
      }
      if (isConflict(err)) return casePage(request, reply, user, inspectionId, caseId, { errors: new Map([[standards[0]!.keyQuestions[0]!.id, `${err.message}. Check your answers and save again.`]]), status: 409 });
      throw err;
    }
    return reply.redirect(`${caseUrl(inspectionId, caseId)}?saved=1`, 303);
  });

  signedIn.post('/inspections/:inspectionId/moderation/cases/:caseId/resolve', async (request, reply) => {
    const { user } = request;
    const { inspectionId, caseId } = request.params;
    const body = formBody(request);
    try {
      await services.moderation.resolve(user, caseId, { questionId: body.questionId ?? '', answer: body.answer ?? '', reason: body.reason ?? '', version: body.version ?? '0' });
    } catch (err) {
      if (isValidation(err)) return casePage(request, reply, user, inspectionId, caseId, { resolveErrors: formErrors(err.fields.map((f) => [`${f.field}-${body.questionId}`, f.message]), () => `resolve-${(body.questionId ?? '').replace(/\./g, '-')}`), status: 400 });
      if (isConflict(err)) return casePage(request, reply, user, inspectionId, caseId, { resolveErrors: formErrors([[`reason-${body.questionId}`, `${err.message}. Check the resolution below and choose again.`]]), status: 409 });
      throw err;
    }
    return reply.redirect(`${caseUrl(inspectionId, caseId)}?resolved=1`, 303);
  });

  // The summary: agreement by question, by marker pair, overall and over time.
  const summaryFor = async (user: User, inspectionId: string) => {
    const scoped = services.forRequest();
    const inspection = await scoped.inspections.get(user, inspectionId);
    const summary: NamedSummary = await scoped.moderation.summary(user, inspectionId);
    return { inspection, summary };
  };

  signedIn.get('/inspections/:inspectionId/moderation/summary', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const { inspection, summary: s } = await summaryFor(user, inspectionId);
    const fw = getFramework(inspection.frameworkVersion);
    const agreementCells = (r: AgreementRow) => [
      { text: String(r.n), format: 'numeric' }, { text: String(r.disagreed), format: 'numeric' }, { text: pct(r.percent), format: 'numeric' },
      { text: kappaText(r), format: 'numeric' }, { text: r.agreement.explanation },
    ];
    return page(ctx, request, reply, 'pages/moderation-summary.njk', {
      pageTitle: 'Moderation summary',
      inspection,
      s,
      overall: { percent: pct(s.overall.percent), kappa: kappaText(s.overall), explanation: s.overall.agreement.explanation, table: s.overall.agreement.table },
      byQuestion: s.byQuestion.map((r) => [{ text: r.key }, { text: findKeyQuestion(fw, r.key)?.text ?? findPrompt(fw, r.key)?.text ?? '' }, ...agreementCells(r)]),
      byMarker: s.byMarkerPair.map((r) => [{ text: s.names[r.firstMarkerId] ?? r.firstMarkerId }, { text: s.names[r.secondMarkerId] ?? r.secondMarkerId }, ...agreementCells(r)]),
      mostDisagreed: s.mostDisagreed.slice(0, 10).map((r) => [{ text: r.key }, { text: findKeyQuestion(fw, r.key)?.text ?? findPrompt(fw, r.key)?.text ?? '' }, { text: `${r.disagreed} of ${r.n}`, format: 'numeric' }]),
      trend: s.trend.map((t) => [{ text: t.date }, { text: String(t.day.n), format: 'numeric' }, { text: pct(t.day.percent), format: 'numeric' }, { text: String(t.cumulative.n), format: 'numeric' }, { text: pct(t.cumulative.percent), format: 'numeric' }, { text: kappaText(t.cumulative), format: 'numeric' }]),
      disagreements: s.disagreements.map((d) => [
        { html: `<a class="govuk-link" href="${caseUrl(inspectionId, d.caseId)}#resolve-${d.questionId.replace(/\./g, '-')}">${escapeHtml(d.caseRef)}</a>` },
        { text: d.questionId }, { text: `${words(d.first?.answer)}${d.first?.note ? ` – ${d.first.note}` : ''}` }, { text: `${words(d.second?.answer)}${d.second?.note ? ` – ${d.second.note}` : ''}` },
        { text: d.resolution ? `${words(d.resolution.answer)} – ${d.resolution.reason}` : 'Not resolved' },
      ]),
      csvUrl: `${base(inspectionId)}/summary.csv`,
      xlsxUrl: `${base(inspectionId)}/summary.xlsx`,
      backLink: base(inspectionId),
      navigation: inspectionNav(inspectionId, 'cases'),
    });
  });

  const fileName = (title: string, ext: string) => `moderation-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'inspection'}.${ext}`;
  signedIn.get('/inspections/:inspectionId/moderation/summary.csv', async (request, reply) => {
    const { inspection, summary } = await summaryFor(request.user, request.params.inspectionId);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName(inspection.title, 'csv')}"`).send(moderationCsv(summary));
  });
  signedIn.get('/inspections/:inspectionId/moderation/summary.xlsx', async (request, reply) => {
    const { inspection, summary } = await summaryFor(request.user, request.params.inspectionId);
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${fileName(inspection.title, 'xlsx')}"`).send(await moderationXlsx(summary, inspection.title));
  });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
