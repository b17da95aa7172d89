/** Domain 1 (and 2021's 3.4 and 4.1): the evidence log and the lead inspector's judgement per standard. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { getFramework, judgementStandards, RATINGS } from '../../core/framework/index.js';
import { limitInForceMessage, limitsInForce } from '../../core/rating/index.js';
import { EVIDENCE_KIND_LABELS, stateLabel } from '../labels.js';
import { evidenceInput } from '../../app/index.js';
import { dateAnchor, dateBoxes, readDate } from '../date-input.js';
import type { User } from '../services.js';
import { escapeHtml, formatDate } from '../views.js';
import { versionOf, conflictPage } from './cases.js';
import { may, cannotChange, formBody, formErrors, inspectionNav, isConflict, isValidation, page, validationErrors, type FormErrors, type RouteContext } from './common.js';

const OCCURRED_ON = { name: 'occurredOn', label: 'Date of the evidence' };
const EVIDENCE_FIELDS = ['kind', 'what', 'occurredOn', 'standardId', 'summary'];
const evidenceAnchor = dateAnchor(['occurredOn']);

export function domain1Routes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;
  const base = (id: string) => `/inspections/${encodeURIComponent(id)}`;

  signedIn.get('/inspections/:inspectionId/evidence', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const inspection = await services.inspections.get(user, inspectionId);
    const [evidence, judgements] = await Promise.all([
      services.domain1.listEvidence(user, inspectionId),
      services.domain1.listJudgements(user, inspectionId),
    ]);
    const canEdit = may(ctx, user, inspection, 'evidence.write');
    const judged = new Map(judgements.map((j) => [j.standardId, j]));
    const judgementTasks = judgementStandards(getFramework(inspection.frameworkVersion)).map((s) => {
      const j = judged.get(s.id);
      return {
        title: { text: `${s.id} ${s.name}` },
        href: `${base(inspectionId)}/judgements/${s.id}`,
        status: j ? { tag: { text: j.rating, classes: ratingClass(j.rating) } } : { tag: { text: 'Not judged', classes: 'govuk-tag--grey' } },
      };
    });
    const rows = evidence.map((e) => [
      { text: EVIDENCE_KIND_LABELS[e.kind] ?? e.kind },
      { text: e.what },
      { text: e.occurredOn ? formatDate(e.occurredOn) : '–' },
      { text: e.standardId ?? 'General' },
      { text: e.summary },
      ...(canEdit ? [{ html: `<a class="govuk-link" href="${base(inspectionId)}/evidence/${encodeURIComponent(e.id)}">Edit<span class="govuk-visually-hidden"> ${escapeHtml(e.what)}</span></a>` }] : []),
    ]);
    const head = [{ text: 'Kind' }, { text: 'What' }, { text: 'When' }, { text: 'Standard' }, { text: 'Summary' }, ...(canEdit ? [{ html: '<span class="govuk-visually-hidden">Actions</span>' }] : [])];
    const q = request.query;
    const judgedNow = q.judged ? judged.get(q.judged) : undefined;
    const flash = q.done === 'evidence-added' ? 'The evidence was added to the log'
      : q.done === 'evidence-changed' ? 'The evidence was changed'
      : judgedNow ? `The judgement for ${judgedNow.standardId} was recorded: ${judgedNow.rating}` : undefined;
    return page(ctx, request, reply, 'pages/evidence.njk', {
      pageTitle: 'Domain 1 evidence and judgements',
      ...(flash ? { flash } : {}),
      inspection,
      rows,
      head,
      judgementTasks,
      canEdit,
      baseUrl: base(inspectionId),
      navigation: inspectionNav(inspectionId, 'evidence'),
      breadcrumbs: [{ text: 'Inspections', href: '/inspections' }, { text: inspection.title, href: base(inspectionId) }],
    });
  });

  const evidenceForm = async (request: FastifyRequest, reply: FastifyReply, user: User, inspectionId: string, evidenceId: string | null, values: Record<string, string>, errors?: FormErrors, status = 200) => {
    const inspection = await services.inspections.get(user, inspectionId);
    // The evidence log's forms are the log's: not found for whoever may not read it (a local assessor).
    services.auth.requireRead(user, inspection, 'domain1.read', `No evidence in inspection ${inspectionId}`);
    if (!may(ctx, user, inspection, 'evidence.write')) {
      return cannotChange(ctx, request, reply, inspection.phase, 'the lead inspector or an inspector', `${base(inspectionId)}/evidence`);
    }
    const fw = getFramework(inspection.frameworkVersion);
    const standardItems = [{ value: '', text: 'General (no one standard)' }, ...fw.standards.filter((s) => s.kind === 'judgement').map((s) => ({ value: s.id, text: `${s.id} ${s.name}` }))]
      .map((i) => ({ ...i, selected: i.value === (values.standardId ?? '') }));
    const kindItems = Object.entries(EVIDENCE_KIND_LABELS).map(([value, text]) => ({ value, text, checked: values.kind === value }));
    return page(ctx, request, reply, 'pages/evidence-form.njk', {
      pageTitle: evidenceId ? 'Edit evidence' : 'Add evidence',
      formAction: `${base(inspectionId)}/evidence/${evidenceId ? encodeURIComponent(evidenceId) : 'new'}`,
      values,
      kindItems,
      standardItems,
      fieldErrors: errors?.fieldErrors ?? {},
      errors: errors?.errors ?? [],
      backLink: `${base(inspectionId)}/evidence`,
      navigation: inspectionNav(inspectionId, 'evidence'),
    }, status);
  };

  signedIn.get('/inspections/:inspectionId/evidence/new', async (request, reply) => {
    const { user } = request;
    return evidenceForm(request, reply, user, request.params.inspectionId, null, { version: '0' });
  });

  signedIn.get('/inspections/:inspectionId/evidence/:evidenceId', async (request, reply) => {
    const { user } = request;
    const { inspectionId, evidenceId } = request.params;
    const e = (await services.domain1.listEvidence(user, inspectionId)).find((x) => x.id === evidenceId);
    if (!e) throw Object.assign(new Error('No such evidence'), { statusCode: 404 });
    return evidenceForm(request, reply, user, inspectionId, evidenceId, {
      kind: e.kind, what: e.what, ...dateBoxes('occurredOn', e.occurredOn), summary: e.summary, standardId: e.standardId ?? '', version: String(e.version),
    });
  });

  signedIn.post('/inspections/:inspectionId/evidence/:evidenceId', async (request, reply) => {
    const { user } = request;
    const { inspectionId, evidenceId } = request.params;
    const body = formBody(request);
    const when = readDate(body, OCCURRED_ON);
    const input = {
      kind: body.kind ?? '',
      what: body.what ?? '',
      occurredOn: when.iso || null,
      summary: body.summary ?? '',
      standardId: body.standardId ? body.standardId : null,
      ...(evidenceId === 'new' ? {} : { version: body.version ?? '' }),
    };
    try {
      if (when.problem) {
        // The other fields are checked too, so every problem shows at once.
        const checked = evidenceInput.safeParse(input);
        const others = checked.success ? [] : checked.error.issues.map((i) => [String(i.path[0] ?? 'what'), i.message] as [string, string]);
        const fields: [string, string][] = [...others.filter(([f]) => f !== 'occurredOn'), ['occurredOn', when.problem]];
        const order = (f: string) => EVIDENCE_FIELDS.indexOf(f);
        const errs = formErrors(fields.sort((a, b) => order(a[0]) - order(b[0])), evidenceAnchor);
        return evidenceForm(request, reply, user, inspectionId, evidenceId === 'new' ? null : evidenceId, body, errs, 400);
      }
      if (evidenceId === 'new') await services.domain1.addEvidence(user, inspectionId, input);
      else await services.domain1.updateEvidence(user, evidenceId, input);
      return reply.redirect(`${base(inspectionId)}/evidence?done=${evidenceId === 'new' ? 'evidence-added' : 'evidence-changed'}`, 303);
    } catch (err) {
      if (isValidation(err)) {
        const errs = formErrors(err.fields.map((f) => [f.field || 'what', f.message] as [string, string]), evidenceAnchor);
        return evidenceForm(request, reply, user, inspectionId, evidenceId === 'new' ? null : evidenceId, body, errs, 400);
      }
      if (isConflict(err)) {
        const cur = (err.current ?? {}) as Record<string, unknown>;
        const rows = (['kind', 'what', 'occurredOn', 'summary', 'standardId'] as const).map((k) => [{ text: k }, { text: String(input[k] ?? '–') }, { text: String(cur[k] ?? '–') }]);
        return conflictPage(ctx, request, reply, {
          message: err.message,
          rows,
          retryAction: `${base(inspectionId)}/evidence/${encodeURIComponent(evidenceId)}`,
          retryFields: [...Object.entries(body).filter(([k]) => k !== 'version' && k !== '_csrf').map(([name, value]) => ({ name, value })), { name: 'version', value: String(versionOf(err.current)) }],
          backUrl: `${base(inspectionId)}/evidence/${encodeURIComponent(evidenceId)}`,
        });
      }
      throw err;
    }
  });

  const judgementPage = async (request: FastifyRequest, reply: FastifyReply, user: User, inspectionId: string, standardId: string, posted?: Record<string, string>, errors?: FormErrors, status = 200) => {
    const inspection = await services.inspections.get(user, inspectionId);
    const fw = getFramework(inspection.frameworkVersion);
    const standard = judgementStandards(fw).find((s) => s.id === standardId);
    if (!standard) throw Object.assign(new Error(`${standardId} is not a judgement standard`), { statusCode: 404 });
    const [evidence, judgements, ratings] = await Promise.all([
      services.domain1.listEvidence(user, inspectionId),
      services.domain1.listJudgements(user, inspectionId),
      services.ratings.ratings(user, inspectionId),
    ]);
    const j = judgements.find((x) => x.standardId === standardId);
    const values = posted ?? { rating: j?.rating ?? '', rationale: j?.rationale ?? '', version: String(j?.version ?? 0) };
    let limitingWarning: string | undefined = ratings.warnings.find((w) => w.standard === standardId)?.message;
    if (!limitingWarning) {
      // The framework's limiting rules on this standard that hold on today's ratings, said before judging.
      const inForce = limitsInForce(ratings.standards, fw.rating).find((l) => l.limit.standard === standardId);
      if (inForce) limitingWarning = limitInForceMessage(inForce.limit, standard.name, inForce.count, inForce.total);
    }
    // 4.1 is illustrated by the resettlement cases' reviews: listed as evidence, each linked.
    const resettlementCases = standardId === '4.1'
      ? (await services.cases.list(user, inspectionId, { domain: 4 })).map((c) => ({ ref: c.ref, href: `${base(inspectionId)}/cases/${encodeURIComponent(c.id)}/resettlement`, state: stateLabel(c.state).text }))
      : null;
    return page(ctx, request, reply, 'pages/judgement.njk', {
      pageTitle: `${standard.id} ${standard.name}`,
      resettlementCases,
      standard,
      evidence: evidence.filter((e) => e.standardId === standardId).map((e) => ({ ...e, kindLabel: EVIDENCE_KIND_LABELS[e.kind] ?? e.kind })),
      values,
      ratingItems: RATINGS.map((r) => ({ value: r, text: r, checked: values.rating === r })),
      limitingWarning,
      canEdit: may(ctx, user, inspection, 'judgement.record'),
      formAction: `${base(inspectionId)}/judgements/${standard.id}`,
      fieldErrors: errors?.fieldErrors ?? {},
      errors: errors?.errors ?? [],
      backLink: `${base(inspectionId)}/evidence`,
      navigation: inspectionNav(inspectionId, 'evidence'),
    }, status);
  };

  signedIn.get('/inspections/:inspectionId/judgements/:standardId', async (request, reply) => {
    const { user } = request;
    const { inspectionId, standardId } = request.params;
    return judgementPage(request, reply, user, inspectionId, standardId);
  });

  signedIn.post('/inspections/:inspectionId/judgements/:standardId', async (request, reply) => {
    const { user } = request;
    const { inspectionId, standardId } = request.params;
    const body = formBody(request);
    try {
      await services.domain1.recordJudgement(user, inspectionId, standardId, { rating: body.rating ?? '', rationale: body.rationale ?? '', version: body.version ?? '0' });
      return reply.redirect(`${base(inspectionId)}/evidence?judged=${encodeURIComponent(standardId)}`, 303);
    } catch (err) {
      if (isValidation(err)) return judgementPage(request, reply, user, inspectionId, standardId, body, validationErrors(err, (f) => (f === 'rating' ? 'rating' : f)), 400);
      if (isConflict(err)) {
        const cur = (err.current ?? {}) as Record<string, unknown>;
        return conflictPage(ctx, request, reply, {
          message: err.message,
          rows: [[{ text: 'Judgement' }, { text: body.rating ?? '–' }, { text: String(cur.rating ?? '–') }], [{ text: 'Rationale' }, { text: body.rationale ?? '–' }, { text: String(cur.rationale ?? '–') }]],
          retryAction: `${base(inspectionId)}/judgements/${standardId}`,
          retryFields: [{ name: 'rating', value: body.rating ?? '' }, { name: 'rationale', value: body.rationale ?? '' }, { name: 'version', value: String(versionOf(err.current)) }],
          backUrl: `${base(inspectionId)}/judgements/${standardId}`,
        });
      }
      throw err;
    }
  });
}

function ratingClass(r: string): string {
  return r === 'Outstanding' ? 'govuk-tag--green' : r === 'Good' ? 'govuk-tag--turquoise' : r === 'Requires improvement' ? 'govuk-tag--yellow' : 'govuk-tag--red';
}
