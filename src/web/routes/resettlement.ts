/**
 * A resettlement case's review (2021 framework, domain 4): one note per aspect of 4.1, the evidence that
 * illustrates the resettlement policy and provision judgement. GET shows the notes, POST saves what changed.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasResettlementReview, RESETTLEMENT_ASPECTS } from '../../core/framework/resettlement.js';
import type { User } from '../services.js';
import { canEditCase, caseUrl, loadCase } from './cases.js';
import { formBody, formErrors, inspectionNav, isConflict, isValidation, opens, page, type RouteContext } from './common.js';

type P = { inspectionId: string; caseId: string };

export const resettlementUrl = (inspectionId: string, caseId: string): string => `${caseUrl(inspectionId, caseId)}/resettlement`;

export function resettlementRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;

  const show = async (request: FastifyRequest, reply: FastifyReply, user: User, p: P, opts: { posted?: Record<string, string>; errors?: [string, string][]; status?: number } = {}) => {
    const { c, inspection } = await loadCase(ctx, user, p.inspectionId, p.caseId);
    if (!hasResettlementReview(inspection.frameworkVersion, c.domain)) throw Object.assign(new Error(`Case ${c.ref} is not a resettlement case`), { statusCode: 404 });
    const notes = new Map((await services.resettlement.notes(user, c.id)).map((n) => [n.aspectId, n]));
    const { errors, fieldErrors } = formErrors(opts.errors ?? []);
    return page(ctx, request, reply, 'pages/resettlement.njk', {
      pageTitle: `Resettlement review – case ${c.ref}`,
      case: c,
      aspects: RESETTLEMENT_ASPECTS.map((a) => ({
        ...a,
        field: `note-${a.id}`,
        note: opts.posted?.[`note-${a.id}`] ?? notes.get(a.id)?.note ?? '',
        version: notes.get(a.id)?.version ?? 0,
      })),
      written: notes.size,
      canEdit: canEditCase(ctx, user, inspection, c),
      formAction: resettlementUrl(p.inspectionId, c.id),
      // The judgement's page is the evidence log's, which a local assessor does not read.
      judgementUrl: opens(ctx, user, inspection, 'domain1.read') ? `/inspections/${encodeURIComponent(inspection.id)}/judgements/4.1` : null,
      errors,
      fieldErrors,
      backLink: caseUrl(p.inspectionId, c.id),
      navigation: inspectionNav(inspection.id, 'cases'),
    }, opts.status ?? 200);
  };

  signedIn.get('/inspections/:inspectionId/cases/:caseId/resettlement', async (request, reply) => {
    const { user } = request;
    return show(request, reply, user, request.params);
  });

  signedIn.post('/inspections/:inspectionId/cases/:caseId/resettlement', async (request, reply) => {
    const { user } = request;
    const p = request.params;
    const body = formBody(request);
    const current = new Map((await services.resettlement.notes(user, p.caseId)).map((n) => [n.aspectId, n]));
    // Send only what changed, so the history holds real changes.
    const changed = RESETTLEMENT_ASPECTS.filter((a) => `note-${a.id}` in body && (body[`note-${a.id}`] ?? '').trim() !== (current.get(a.id)?.note ?? ''))
      .map((a) => ({ aspectId: a.id, note: body[`note-${a.id}`] ?? '', version: body[`version-${a.id}`] ?? '0' }));
    if (changed.length) {
      try {
        await services.resettlement.save(user, p.caseId, { notes: changed });
      } catch (err) {
        if (isValidation(err)) {
          return show(request, reply, user, p, { posted: body, errors: err.fields.map((f) => [`note-${changed[Number(/^notes\.(\d+)/.exec(f.field)?.[1] ?? 0)]?.aspectId ?? RESETTLEMENT_ASPECTS[0]!.id}`, f.message]), status: 400 });
        }
        if (isConflict(err)) {
          return show(request, reply, user, p, { posted: body, errors: [[`note-${changed[0]!.aspectId}`, `${err.message}. Your notes are below: check them against the saved ones and save again.`]], status: 409 });
        }
        throw err;
      }
    }
    return reply.redirect(caseUrl(p.inspectionId, p.caseId), 303);
  });
}
