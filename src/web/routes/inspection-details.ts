/**
 * Correcting an inspection's title and fieldwork dates: the lead inspector or the site administrator, until it
 * is published. Versions, roles and history are the inspections service's.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../services.js';
import { conflictPage, versionOf } from './cases.js';
import { may, cannotChange, formBody, formErrors, inspectionNav, isConflict, isValidation, page, type FormErrors, type RouteContext } from './common.js';
import { dateBoxes, fieldAnchor, fieldworkDatesFrom } from '../fieldwork-dates.js';

type Inspection = Awaited<ReturnType<RouteContext['services']['inspections']['get']>>;

export function inspectionDetailsRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;
  const base = (id: string) => `/inspections/${encodeURIComponent(id)}`;
  const editable = (user: User, ins: Inspection) => may(ctx, user, ins, 'inspection.edit-details');

  const form = (request: FastifyRequest, reply: FastifyReply, ins: Inspection, values: Record<string, string>, errors?: FormErrors, status = 200) =>
    page(ctx, request, reply, 'pages/inspection-details.njk', {
      pageTitle: 'Title and fieldwork dates',
      inspection: ins,
      values,
      formAction: `${base(ins.id)}/details`,
      fieldErrors: errors?.fieldErrors ?? {},
      errors: errors?.errors ?? [],
      backLink: base(ins.id),
      navigation: inspectionNav(ins.id, 'overview'),
    }, status);

  signedIn.get('/inspections/:inspectionId/details', async (request, reply) => {
    const { user } = request;
    const ins = await services.inspections.get(user, request.params.inspectionId);
    if (!editable(user, ins)) return cannotChange(ctx, request, reply, ins.phase, 'the lead inspector or the site administrator', base(ins.id));
    return form(request, reply, ins, { title: ins.title, version: String(ins.version), ...dateBoxes('fieldworkStart', ins.fieldworkStart), ...dateBoxes('fieldworkEnd', ins.fieldworkEnd) });
  });

  signedIn.post('/inspections/:inspectionId/details', async (request, reply) => {
    const { user } = request;
    const ins = await services.inspections.get(user, request.params.inspectionId);
    if (!editable(user, ins)) return cannotChange(ctx, request, reply, ins.phase, 'the lead inspector or the site administrator', base(ins.id));
    const body = formBody(request);
    const { start, end, problems } = fieldworkDatesFrom(body);
    if (problems.length) return form(request, reply, ins, body, formErrors(problems, fieldAnchor), 400);
    try {
      // Empty boxes clear a date: the form always says what both dates are.
      await services.inspections.updateDetails(user, ins.id, { title: body.title ?? '', fieldworkStart: start || null, fieldworkEnd: end || null, version: Number(body.version) });
      return reply.redirect(`${base(ins.id)}?changed=1`, 303);
    } catch (err) {
      if (isValidation(err)) return form(request, reply, ins, body, formErrors(err.fields.map((f) => [f.field || 'title', f.message] as [string, string]), fieldAnchor), 400);
      if (isConflict(err)) {
        const cur = (err.current ?? {}) as Partial<Inspection>;
        return conflictPage(ctx, request, reply, {
          message: err.message,
          rows: [
            [{ text: 'Title' }, { text: body.title || '–' }, { text: cur.title ?? '–' }],
            [{ text: 'Fieldwork' }, { text: `${start || 'not set'} to ${end || 'not set'}` }, { text: `${cur.fieldworkStart ?? 'not set'} to ${cur.fieldworkEnd ?? 'not set'}` }],
          ],
          retryAction: `${base(ins.id)}/details`,
          retryFields: [...Object.entries(body).filter(([k]) => k !== '_csrf' && k !== 'version').map(([name, value]) => ({ name, value })), { name: 'version', value: String(versionOf(err.current)) }],
          backUrl: base(ins.id),
        });
      }
      throw err;
    }
  });
}
