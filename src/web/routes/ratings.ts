/** The ratings panel: the rating engine's output on the live answers, and discretion decisions. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { changeWords } from '../../core/audit/index.js';
import { findKeyQuestion, getFramework, RATINGS, registeredFramework } from '../../core/framework/index.js';
import { renderAuditTrendSvg } from '../audit-chart.js';
import { caseCountsView, firmnessView, ratingsPanel, wholePercent } from '../ratings.js';
import { formatDate } from '../views.js';
import type { User } from '../services.js';
import { conflictPage, versionOf } from './cases.js';
import { may, opens, formBody, formErrors, inspectionNav, isConflict, isValidation, page, type FormErrors, type RouteContext } from './common.js';

export function ratingRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;
  const base = (id: string) => `/inspections/${encodeURIComponent(id)}`;

  const show = async (request: FastifyRequest, reply: FastifyReply, user: User, inspectionId: string, opts: { errors?: FormErrors; flash?: string; status?: number } = {}) => {
    // One request scope: the inspection is read and authorised once for the three reads.
    const scoped = services.forRequest();
    const inspection = await scoped.inspections.get(user, inspectionId);
    const fw = getFramework(inspection.frameworkVersion);
    const [output, decisions, firmness] = await Promise.all([
      scoped.ratings.ratings(user, inspectionId),
      scoped.ratings.listDiscretion(user, inspectionId),
      scoped.ratings.firmness(user, inspectionId),
    ]);
    const panel = ratingsPanel(output, (id) => findKeyQuestion(fw, id)?.text ?? '', fw.rating);
    const versions = Object.fromEntries(decisions.map((d) => [d.standardId, d.version]));
    // Declines are recorded decisions too (who, when, why); the engine ignores them.
    const declined = Object.fromEntries(decisions.filter((d) => d.decision === 'decline').map((d) => [d.standardId, { reason: d.reason }]));
    const awaiting = panel.standards.filter((s) => s.kind === 'case-assessed' && s.eligible && versions[s.id] === undefined)
      .map((s) => ({ text: `${s.id} ${s.name}`, href: `#standard-${s.id.replace('.', '-')}` }));
    const missingLinks = output.missing.map((id) => {
      const s = fw.standards.find((x) => x.id === id);
      const href = s?.kind === 'judgement'
        ? (opens(ctx, user, inspection, 'domain1.read') ? `${base(inspectionId)}/judgements/${id}` : undefined)
        : `${base(inspectionId)}/cases?domain=${s?.domain ?? ''}`;
      return { text: `${id} ${s?.name ?? ''}: ${s?.kind === 'judgement' ? 'record the judgement' : 'no relevant answers yet'}`, href };
    });
    const audit = inspection.kind === 'case audit' ? await auditView(user, inspectionId) : null;
    return page(ctx, request, reply, 'pages/ratings.njk', {
      pageTitle: audit ? 'Results' : 'Ratings panel',
      inspection,
      audit,
      panel,
      caseCounts: caseCountsView(output.cases),
      firmness: firmnessView(firmness, fw.rating),
      versions,
      declined,
      awaiting,
      missingLinks,
      baseUrl: base(inspectionId),
      canDecide: !audit && may(ctx, user, inspection, 'discretion.record'),
      fieldErrors: opts.errors?.fieldErrors ?? {},
      panelErrors: opts.errors?.errors ?? [],
      panelFlash: opts.flash,
      navigation: inspectionNav(inspectionId, 'ratings'),
      breadcrumbs: [{ text: 'Inspections', href: '/inspections' }, { text: inspection.title, href: base(inspectionId) }],
    }, opts.status ?? 200);
  };

  /**
   * The inspection against the library: once published, its own library entry (its exact figures, added on
   * publication); before, its live ratings. Read as the ratings are.
   */
  signedIn.get('/inspections/:inspectionId/benchmark', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const inspection = await services.inspections.get(user, inspectionId);
    services.auth.requireRead(user, inspection, 'ratings.read', `No ratings for inspection ${inspectionId}`);
    const entry = inspection.phase === 'published' ? await services.library.entryOfInspection(user, inspectionId) : null;
    return reply.redirect(entry ? `/library/${encodeURIComponent(entry)}/benchmark` : `/library/inspections/${encodeURIComponent(inspectionId)}/benchmark`, 303);
  });

  /** A case audit's key questions beside the service's earlier audits of the same framework, for the table. */
  async function auditView(user: User, inspectionId: string) {
    const c = await services.audits.comparison(user, inspectionId);
    return {
      count: c.audits.length,
      earlier: c.audits.length - 1,
      chartUrl: `${base(inspectionId)}/results/trend.svg`,
      chartAlt: `Chart of ${c.keyQuestions.length} key questions: the percentage 'Yes' in each of ${c.audits.length} audits, in date order. The same figures are in the table below.`,
      head: [{ text: 'Key question' }, ...c.audits.map((a) => ({ text: `${a.title} (${formatDate(a.date)})`, format: 'numeric' })), { text: 'Change since the last audit' }],
      rows: c.keyQuestions.map((k) => [
        { text: `${k.id} ${k.text}` },
        ...k.points.map((p) => ({ text: wholePercent(p.percent), format: 'numeric' })),
        { text: changeWords(k.change) },
      ]),
    };
  }

  signedIn.get('/inspections/:inspectionId/results/trend.svg', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const c = await services.audits.comparison(user, inspectionId);
    const t = registeredFramework(c.framework)!.file.rating.thresholds;
    const svg = await renderAuditTrendSvg(c, [t['Requires improvement'], t.Good, t.Outstanding]);
    return reply.type('image/svg+xml').header('cache-control', 'no-store').send(svg);
  });

  signedIn.get('/inspections/:inspectionId/ratings', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const q = request.query;
    let flash: string | undefined;
    if (q.decided) {
      const output = await services.ratings.ratings(user, inspectionId);
      const s = output.standards.find((x) => x.id === q.decided);
      if (s) flash = `Decision recorded for ${s.id}: rated ${s.rating ?? 'not rated'}. Score ${output.score ?? '–'}/${output.maxScore}.`;
    }
    return show(request, reply, user, inspectionId, flash ? { flash } : {});
  });

  signedIn.post('/inspections/:inspectionId/ratings/:standardId', async (request, reply) => {
    const { user } = request;
    const { inspectionId, standardId } = request.params;
    const body = formBody(request);
    const id = standardId.replace(/\./g, '-');
    const field = (f: string) => `${standardId}.${f}`;
    const anchor = (f: string) => (f.endsWith('.reason') ? `reason-${id}` : `decision-${id}`);
    const decision = body.decision ?? '';
    if (decision !== 'decline' && !(RATINGS as readonly string[]).includes(decision)) {
      return show(request, reply, user, inspectionId, { errors: formErrors([[field('decision'), `Choose a rating for ${standardId} or keep the computed rating`]], anchor), status: 400 });
    }
    try {
      if (decision === 'decline') {
        await services.ratings.declineDiscretion(user, inspectionId, standardId, { reason: body.reason ?? '', version: body.version ?? '0' });
      } else {
        await services.ratings.recordDiscretion(user, inspectionId, standardId, { rating: decision, reason: body.reason ?? '', version: body.version ?? '0' });
      }
      return reply.redirect(`${base(inspectionId)}/ratings?decided=${encodeURIComponent(standardId)}#standard-${id}`, 303);
    } catch (err) {
      if (isValidation(err)) {
        const errors = formErrors(err.fields.map((f) => [field(f.field === 'reason' ? 'reason' : 'decision'), f.message] as [string, string]), anchor);
        return show(request, reply, user, inspectionId, { errors, status: 400 });
      }
      if (isConflict(err)) {
        const cur = (err.current ?? {}) as Record<string, unknown>;
        return conflictPage(ctx, request, reply, {
          message: err.message,
          rows: [[{ text: 'Rating' }, { text: decision }, { text: String(cur.rating ?? 'No decision') }], [{ text: 'Reason' }, { text: body.reason ?? '–' }, { text: String(cur.reason ?? '–') }]],
          retryAction: `${base(inspectionId)}/ratings/${standardId}`,
          retryFields: [{ name: 'decision', value: decision }, { name: 'reason', value: body.reason ?? '' }, { name: 'version', value: String(versionOf(err.current)) }],
          backUrl: `${base(inspectionId)}/ratings#standard-${id}`,
        });
      }
      throw err;
    }
  });
}
