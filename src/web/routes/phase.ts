/**
 * Moving the inspection's phase (planning → fieldwork → ratings panel → reporting → published), one step at
 * a time, by the lead inspector, with a confirmation first. The service decides who may and which moves are
 * allowed; publishing is final and makes everything read-only.
 */
import { phaseSteps } from '../../core/workflow/index.js';
import type { InspectionKind } from '../../core/vocabulary.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PHASES } from '../../app/index.js';
import { isAcknowledgeable, type Blocker } from '../../core/workflow/index.js';
import { caseUrl } from './cases.js';
import { PHASE_LABELS } from '../labels.js';
import { missingItems } from './report.js';
import type { User } from '../services.js';
import { may, formBody, formErrors, inspectionNav, isConflict, isValidation, page, type FormErrors, type RouteContext } from './common.js';

type Phase = (typeof PHASES)[number];

const PHASE_MEANING: Record<Phase, string> = {
  planning: 'Preparing: the case sample and the team.',
  fieldwork: 'Inspectors and local assessors assess the cases and gather the domain 1 evidence.',
  panel: 'The ratings panel reviews the figures and decides on discretion.',
  reporting: 'The report is written and checked (a case audit: its results are read and acted on).',
  published: 'The ratings and report are published. Everything becomes read-only and cannot be changed back.',
};

const label = (p: string) => PHASE_LABELS[p] ?? p;

/** What blocks a step, for a screen: each blocker's words and a link to each case or standard concerned. */
export interface BlockerView {
  readonly kind: string;
  readonly text: string;
  readonly links: readonly { readonly text: string; readonly href: string }[];
}

export function blockerViews(inspectionId: string, blockers: readonly Blocker[]): BlockerView[] {
  const base = `/inspections/${encodeURIComponent(inspectionId)}`;
  return blockers.map((b) => ({
    kind: b.kind,
    text: b.text,
    links: [
      ...(b.cases ?? []).map((c) => ({ text: `Case ${c.ref}`, href: caseUrl(inspectionId, c.id) })),
      ...(b.standards ?? []).map((sid) => b.kind === 'judgements-missing'
        ? { text: `Record the judgement on ${sid}`, href: `${base}/judgements/${sid}` }
        : { text: `Decide on ${sid} at the ratings panel`, href: `${base}/ratings#standard-${sid.replace('.', '-')}` }),
    ],
  }));
}

/** The phases the inspection can move to: one step back or forward among its kind's phases; nothing after publishing. */
export const nextPhases = (inspection: { readonly phase: Phase; readonly kind: InspectionKind; readonly publishes: boolean }): Phase[] => phaseSteps(inspection.phase, inspection.kind, inspection.publishes);

export function phaseRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;
  const base = (id: string) => `/inspections/${encodeURIComponent(id)}`;

  const show = async (request: FastifyRequest, reply: FastifyReply, user: User, inspectionId: string, opts: { errors?: FormErrors; chosen?: string; status?: number } = {}) => {
    const [inspection, workflow] = await Promise.all([services.inspections.get(user, inspectionId), services.inspections.workflow(user, inspectionId)]);
    const options = nextPhases(inspection);
    const canMove = options.length > 0 && may(ctx, user, inspection, 'inspection.change-phase');
    // What blocks each step (the workflow machine's guards), with links to what needs doing.
    const blocked = workflow.steps
      .map((st) => ({ to: st.to, toText: label(st.to).toLowerCase(), blockers: blockerViews(inspectionId, st.blockers.filter((b) => !isAcknowledgeable(b))) }))
      .filter((st) => st.blockers.length > 0);
    return page(ctx, request, reply, 'pages/phase.njk', {
      pageTitle: 'Inspection phase',
      inspection,
      phaseText: label(inspection.phase),
      phaseMeaning: PHASE_MEANING[inspection.phase],
      canMove,
      published: inspection.phase === 'published',
      blocked,
      items: options.map((p) => ({
        value: p,
        text: `${PHASES.indexOf(p) > PHASES.indexOf(inspection.phase) ? 'Move forward to' : 'Move back to'} ${label(p).toLowerCase()}`,
        hint: { text: blocked.some((b) => b.to === p) ? `${PHASE_MEANING[p]} Not yet: see what blocks it below.` : PHASE_MEANING[p] },
        checked: opts.chosen === p,
      })),
      formAction: `${base(inspectionId)}/phase`,
      errors: opts.errors?.errors ?? [],
      fieldErrors: opts.errors?.fieldErrors ?? {},
      navigation: inspectionNav(inspectionId, 'overview'),
      breadcrumbs: [{ text: 'Inspections', href: '/inspections' }, { text: inspection.title, href: base(inspectionId) }],
    }, opts.status ?? 200);
  };

  signedIn.get('/inspections/:inspectionId/phase', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    return show(request, reply, user, inspectionId);
  });

  signedIn.post('/inspections/:inspectionId/phase', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const body = formBody(request);
    const phase = body.phase ?? '';
    if (!(PHASES as readonly string[]).includes(phase)) {
      return show(request, reply, user, inspectionId, { errors: formErrors([['phase', 'Choose the phase to move the inspection to']]), status: 400 });
    }
    const confirmPage = async (errors?: FormErrors, status = 200) => {
      const [inspection, workflow] = await Promise.all([services.inspections.get(user, inspectionId), services.inspections.workflow(user, inspectionId)]);
      const blockers = workflow.steps.find((st) => st.to === phase)?.blockers ?? [];
      const hard = blockers.filter((b) => !isAcknowledgeable(b));
      // A step the gates refuse is not offered for confirmation: the phase page says what blocks it.
      if (hard.length > 0) {
        return show(request, reply, user, inspectionId, { errors: formErrors(hard.map((b) => ['phase', b.text] as [string, string])), chosen: phase, status: 400 });
      }
      // Cases not yet quality assured: listed, and the lead confirms knowingly.
      const unassured = blockerViews(inspectionId, blockers.filter(isAcknowledgeable))[0] ?? null;
      // Publishing a draft is allowed (a mock inspection may stop short) but never unawares: list what is missing.
      const reportMissing = phase === 'published' ? missingItems(inspectionId, await services.reports.gaps(user, inspectionId)) : [];
      return page(ctx, request, reply, 'pages/phase-confirm.njk', {
        unassured,
        errors: errors?.errors ?? [],
        fieldErrors: errors?.fieldErrors ?? {},
        reportMissing,
        reportUrl: `${base(inspectionId)}/report`,
        pageTitle: `Move the inspection to ${label(phase).toLowerCase()}`,
        inspection,
        fromText: label(inspection.phase),
        toText: label(phase),
        phase,
        publishing: phase === 'published',
        meaning: PHASE_MEANING[phase as Phase],
        version: body.version ?? String(inspection.version),
        formAction: `${base(inspectionId)}/phase`,
        backUrl: `${base(inspectionId)}/phase`,
        navigation: inspectionNav(inspectionId, 'overview'),
      }, status);
    };
    if (body.confirmed !== 'yes') return confirmPage();
    try {
      // The lead confirmed after seeing what the report lacks (the confirmation page lists it).
      const moved = await services.inspections.setPhase(user, inspectionId, {
        phase, version: body.version ?? '', publishDraft: body.publishDraft === 'yes', acknowledgeUnassured: body.acknowledgeUnassured === 'yes',
      });
      return reply.redirect(`${base(inspectionId)}?moved=${encodeURIComponent(moved.phase)}`, 303);
    } catch (err) {
      if (isValidation(err) && err.fields.every((f) => f.field === 'acknowledgeUnassured')) {
        return confirmPage(formErrors(err.fields.map(() => ['acknowledgeUnassured', 'Confirm that you move on knowing these cases are not yet quality assured'] as [string, string])), 400);
      }
      if (isValidation(err)) {
        return show(request, reply, user, inspectionId, { errors: formErrors(err.fields.map((f) => ['phase', f.message] as [string, string])), status: 400 });
      }
      if (isConflict(err)) {
        const now = (err.current ?? {}) as { phase?: string };
        const msg = `Someone changed this inspection while you were deciding: it is now in ${label(now.phase ?? '').toLowerCase() || 'another phase'}. Check the phase and choose again.`;
        return show(request, reply, user, inspectionId, { errors: formErrors([['phase', msg]]), status: 409 });
      }
      throw err;
    }
  });
}
