/**
 * The report's recommendations, by addressee ("The YOS management board should: …"): the lead inspector adds,
 * changes, reorders and removes them; everyone on the inspection reads them. The report numbers them in the order shown
 * here. Saving, versions, roles and history are the recommendations service's.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignedInRequest, WebRequest } from '../route.js';
import type { Recommendation } from '../../app/index.js';
import type { User } from '../services.js';
import { conflictPage, versionOf } from './cases.js';
import { may, cannotChange, formBody, formErrors, inspectionNav, isConflict, isValidation, page, type FormErrors, type RouteContext } from './common.js';

type Inspection = Awaited<ReturnType<RouteContext['services']['inspections']['get']>>;

const base = (id: string) => `/inspections/${encodeURIComponent(id)}`;
const listUrl = (id: string) => `${base(id)}/recommendations`;
const itemUrl = (id: string, recId: string) => `${listUrl(id)}/${encodeURIComponent(recId)}`;

/** Grouped by addressee, numbered straight through as the report numbers them. */
export function groupRecommendations(recs: readonly Recommendation[]): { addressee: string; items: (Recommendation & { n: number })[] }[] {
  const groups: { addressee: string; items: (Recommendation & { n: number })[] }[] = [];
  let n = 0;
  for (const r of recs) {
    let g = groups.find((x) => x.addressee === r.addressee);
    if (!g) groups.push((g = { addressee: r.addressee, items: [] }));
    g.items.push({ ...r, n: 0 });
  }
  for (const g of groups) for (const i of g.items) i.n = ++n;
  return groups;
}

/** After every recommendation so far (the addressee's group keeps its place; this goes last within it). */
const lastPosition = (recs: readonly Recommendation[]): number => recs.reduce((m, r) => Math.max(m, r.position + 1), 0);

function flashOf(request: WebRequest): string | null {
  const q = request.query;
  return q.saved === '1' ? 'The recommendation was saved.' : q.removed === '1' ? 'The recommendation was removed.' : q.moved === '1' ? 'The recommendation was moved.' : null;
}

export function recommendationRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;
  const editable = (user: User, inspection: Inspection) => may(ctx, user, inspection, 'recommendation.write');

  const listPage = async (request: WebRequest, reply: FastifyReply, user: User, inspectionId: string, posted?: Record<string, string>, errors?: FormErrors, status = 200) => {
    const inspection = await services.inspections.get(user, inspectionId);
    const recs = await services.recommendations.list(user, inspectionId);
    const groups = groupRecommendations(recs);
    return page(ctx, request, reply, 'pages/recommendations.njk', {
      pageTitle: 'Recommendations',
      inspection,
      groups: groups.map((g) => ({
        ...g,
        items: g.items.map((i, at) => ({
          ...i,
          changeUrl: itemUrl(inspectionId, i.id),
          removeUrl: `${itemUrl(inspectionId, i.id)}/remove`,
          moveUrl: `${itemUrl(inspectionId, i.id)}/move`,
          canMoveUp: at > 0,
          canMoveDown: at < g.items.length - 1,
        })),
      })),
      addressees: groups.map((g) => g.addressee),
      canEdit: editable(user, inspection),
      values: posted ?? {},
      formAction: listUrl(inspectionId),
      fieldErrors: errors?.fieldErrors ?? {},
      errors: errors?.errors ?? [],
      flash: flashOf(request),
      backLink: `${base(inspectionId)}/report`,
      navigation: inspectionNav(inspectionId, 'report'),
    }, status);
  };

  signedIn.get('/inspections/:inspectionId/recommendations', async (request, reply) => {
    const { user } = request;
    return listPage(request, reply, user, request.params.inspectionId);
  });

  signedIn.post('/inspections/:inspectionId/recommendations', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const body = formBody(request);
    const inspection = await services.inspections.get(user, inspectionId);
    if (!editable(user, inspection)) return cannotChange(ctx, request, reply, inspection.phase, 'the lead inspector', listUrl(inspectionId));
    const addressee = (body.addressee ?? '').trim();
    try {
      await services.recommendations.add(user, inspectionId, { addressee, text: body.text ?? '' });
      return reply.redirect(`${listUrl(inspectionId)}?saved=1#recommendations`, 303);
    } catch (err) {
      if (isValidation(err)) return listPage(request, reply, user, inspectionId, body, formErrors(err.fields.map((f) => [f.field, f.message])), 400);
      throw err;
    }
  });

  /** The signed-in user, the inspection and the recommendation a /recommendations/:id route names (404 if not in it). */
  interface Target { user: User; inspectionId: string; rec: Recommendation; all: Recommendation[] }
  const target = async (request: SignedInRequest<{ inspectionId: string; recommendationId: string }>, _reply: FastifyReply): Promise<Target | null> => {
    const { user } = request;
    const { inspectionId, recommendationId } = request.params;
    const all = await services.recommendations.list(user, inspectionId);
    const rec = all.find((r) => r.id === recommendationId);
    if (!rec) throw Object.assign(new Error('No such recommendation in this inspection'), { statusCode: 404 });
    return { user, inspectionId, rec, all };
  };

  const changePage = async (request: FastifyRequest, reply: FastifyReply, { user, inspectionId, rec, all }: Target, posted?: Record<string, string>, errors?: FormErrors, status = 200) => {
    const inspection = await services.inspections.get(user, inspectionId);
    if (!editable(user, inspection)) return cannotChange(ctx, request, reply, inspection.phase, 'the lead inspector', listUrl(inspectionId));
    return page(ctx, request, reply, 'pages/recommendation-change.njk', {
      pageTitle: 'Change a recommendation',
      inspection,
      values: posted ?? { addressee: rec.addressee, text: rec.text, version: String(rec.version) },
      addressees: [...new Set(all.map((r) => r.addressee))],
      formAction: itemUrl(inspectionId, rec.id),
      fieldErrors: errors?.fieldErrors ?? {},
      errors: errors?.errors ?? [],
      backLink: listUrl(inspectionId),
      navigation: inspectionNav(inspectionId, 'report'),
    }, status);
  };

  signedIn.get('/inspections/:inspectionId/recommendations/:recommendationId', async (request, reply) => {
    const t = await target(request, reply);
    return t ? changePage(request, reply, t) : reply;
  });

  signedIn.post('/inspections/:inspectionId/recommendations/:recommendationId', async (request, reply) => {
    const t = await target(request, reply);
    if (!t) return reply;
    const { user, inspectionId, rec, all } = t;
    const body = formBody(request);
    const addressee = (body.addressee ?? '').trim();
    try {
      // Moved to another addressee, it goes after that addressee's last one; otherwise it keeps its place.
      const position = addressee === rec.addressee ? rec.position : lastPosition(all);
      await services.recommendations.update(user, rec.id, { addressee, text: body.text ?? '', position, version: Number(body.version) });
      return reply.redirect(`${listUrl(inspectionId)}?saved=1#recommendations`, 303);
    } catch (err) {
      if (isValidation(err)) return changePage(request, reply, t, body, formErrors(err.fields.map((f) => [f.field === 'version' ? 'text' : f.field, f.message])), 400);
      if (isConflict(err)) {
        const cur = (err.current ?? {}) as Partial<Recommendation>;
        return conflictPage(ctx, request, reply, {
          message: err.message,
          rows: [
            [{ text: 'Addressee' }, { text: body.addressee || '–' }, { text: cur.addressee ?? '–' }],
            [{ text: 'Recommendation' }, { text: body.text || '–' }, { text: cur.text ?? '–' }],
          ],
          retryAction: itemUrl(inspectionId, rec.id),
          retryFields: [{ name: 'addressee', value: body.addressee ?? '' }, { name: 'text', value: body.text ?? '' }, { name: 'version', value: String(versionOf(err.current)) }],
          backUrl: listUrl(inspectionId),
        });
      }
      throw err;
    }
  });

  signedIn.post('/inspections/:inspectionId/recommendations/:recommendationId/move', async (request, reply) => {
    const t = await target(request, reply);
    if (!t) return reply;
    const { user, inspectionId, rec } = t;
    const body = formBody(request);
    try {
      await services.recommendations.move(user, rec.id, { direction: body.direction, version: Number(body.version) });
      return reply.redirect(`${listUrl(inspectionId)}?moved=1#recommendations`, 303);
    } catch (err) {
      // Changed since the list was shown: show the list as it is now, saying so.
      if (isConflict(err)) {
        const errors = formErrors([['recommendations', 'Someone changed the recommendations since you loaded this page. Check the order and move it again.']]);
        return listPage(request, reply, user, inspectionId, undefined, errors, 409);
      }
      throw err;
    }
  });

  signedIn.get('/inspections/:inspectionId/recommendations/:recommendationId/remove', async (request, reply) => {
    const t = await target(request, reply);
    if (!t) return reply;
    const { user, inspectionId, rec } = t;
    const inspection = await services.inspections.get(user, inspectionId);
    if (!editable(user, inspection)) return cannotChange(ctx, request, reply, inspection.phase, 'the lead inspector', listUrl(inspectionId));
    return page(ctx, request, reply, 'pages/recommendation-remove.njk', {
      pageTitle: 'Remove a recommendation',
      inspection,
      rec,
      changed: request.query.changed === '1',
      formAction: `${itemUrl(inspectionId, rec.id)}/remove`,
      backUrl: listUrl(inspectionId),
      navigation: inspectionNav(inspectionId, 'report'),
    });
  });

  signedIn.post('/inspections/:inspectionId/recommendations/:recommendationId/remove', async (request, reply) => {
    const t = await target(request, reply);
    if (!t) return reply;
    const { user, inspectionId, rec } = t;
    const body = formBody(request);
    try {
      await services.recommendations.remove(user, rec.id, { version: Number(body.version) });
      return reply.redirect(`${listUrl(inspectionId)}?removed=1#recommendations`, 303);
    } catch (err) {
      if (isConflict(err)) {
        // Changed since the confirmation was shown: show it again with what it says now.
        return reply.redirect(`${itemUrl(inspectionId, rec.id)}/remove?changed=1`, 303);
      }
      throw err;
    }
  });
}
