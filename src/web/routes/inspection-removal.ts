/**
 * An inspection made by mistake: the site administrator archives it (hidden from the lists, kept whole,
 * restorable), restores it, or, when it holds no cases, deletes it. Each with a reason, kept in the history.
 * Roles, versions and the no-cases rule are the inspections service's; the page only words them.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../services.js';
import { adminOnly, cannotChange, formBody, formErrors, isConflict, isValidation, page, type FormErrors, type RouteContext } from './common.js';

type Inspection = Awaited<ReturnType<RouteContext['services']['inspections']['get']>>;

const CHOICES = ['archive', 'delete'] as const;

export function inspectionRemovalRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;
  const base = (id: string) => `/inspections/${encodeURIComponent(id)}`;
  const NOT_ADMIN = ['Only the site administrator can archive, restore or delete an inspection.'];

  const form = async (request: FastifyRequest, reply: FastifyReply, user: User, ins: Inspection, values: Record<string, string>, errors?: FormErrors, status = 200) => {
    const cases = (await services.cases.list(user, ins.id)).length;
    return page(ctx, request, reply, 'pages/inspection-remove.njk', {
      pageTitle: ins.archivedAt ? 'Restore this inspection' : 'Archive or delete this inspection',
      inspection: ins,
      cases,
      values: { version: String(ins.version), ...values },
      formAction: `${base(ins.id)}/remove`,
      fieldErrors: errors?.fieldErrors ?? {},
      errors: errors?.errors ?? [],
      backLink: base(ins.id),
    }, status);
  };

  signedIn.get('/inspections/:inspectionId/remove', async (request, reply) => {
    const { user } = request;
    const refused = adminOnly(ctx, request, reply, user, NOT_ADMIN);
    if (refused) return refused;
    const ins = await services.inspections.get(user, request.params.inspectionId);
    if (ins.phase === 'published') return cannotChange(ctx, request, reply, ins.phase, 'the site administrator', base(ins.id));
    return form(request, reply, user, ins, {});
  });

  signedIn.post('/inspections/:inspectionId/remove', async (request, reply) => {
    const { user } = request;
    const refused = adminOnly(ctx, request, reply, user, NOT_ADMIN);
    if (refused) return refused;
    const ins = await services.inspections.get(user, request.params.inspectionId);
    if (ins.phase === 'published') return cannotChange(ctx, request, reply, ins.phase, 'the site administrator', base(ins.id));
    const body = formBody(request);
    const choice = ins.archivedAt ? 'restore' : body.choice;
    if (choice !== 'restore' && !(CHOICES as readonly string[]).includes(choice ?? '')) {
      return form(request, reply, user, ins, body, formErrors([['choice', 'Choose whether to archive or delete the inspection']]), 400);
    }
    const input = { reason: body.reason ?? '', version: Number(body.version) };
    try {
      if (choice === 'delete') {
        await services.inspections.remove(user, ins.id, input);
        return reply.redirect('/inspections?removed=deleted', 303);
      }
      if (choice === 'archive') {
        await services.inspections.archive(user, ins.id, input);
        return reply.redirect('/inspections?removed=archived', 303);
      }
      await services.inspections.restore(user, ins.id, input);
      return reply.redirect(`${base(ins.id)}?restored=1`, 303);
    } catch (err) {
      if (isValidation(err)) return form(request, reply, user, ins, body, formErrors(err.fields.map((f) => [f.field === 'version' ? 'reason' : f.field || 'reason', f.message] as [string, string])), 400);
      if (isConflict(err)) {
        // Someone changed it meanwhile: the form again, on the inspection as it is now, with what was typed.
        const now = await services.inspections.get(user, ins.id);
        return form(request, reply, user, now, { ...body, version: String(now.version) },
          formErrors([['reason', 'Someone changed this inspection while you were deciding; check it and confirm again']]), 409);
      }
      throw err;
    }
  });
}
