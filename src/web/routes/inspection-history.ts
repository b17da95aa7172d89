/**
 * The inspection's history: every change anyone on it made (answers, cases, judgements, discretion, report
 * text, roles…), newest first, a page at a time, filtered by kind of record. Read-only: the history table
 * refuses changes in the database itself.
 */
import { formatDateTime } from '../views.js';
import { describeChange, summarise } from './cases.js';
import { inspectionNav, page, signedIn, type RouteContext } from './common.js';

const PAGE_SIZE = 100;

/** Kinds of record in plain words, for the filter. */
const ENTITY_LABELS: Record<string, string> = {
  answer: 'Answers', case: 'Cases', discretion: 'Professional discretion', evidence: 'Domain 1 evidence', findings: 'Findings',
  inspection: 'The inspection', judgement: 'Domain 1 judgements', recommendation: 'Recommendations', 'report-section': 'Report text',
  role: 'Roles', 'sampling-plan': 'Sampling',
};
const entityLabel = (e: string): string => ENTITY_LABELS[e] ?? e.charAt(0).toUpperCase() + e.slice(1).replace(/-/g, ' ');

export function inspectionHistoryRoutes(ctx: RouteContext): void {
  const { app, services } = ctx;

  app.get('/inspections/:inspectionId/history', async (request, reply) => {
    const user = signedIn(request, reply);
    if (!user) return reply;
    const { inspectionId } = request.params as { inspectionId: string };
    const q = request.query as Record<string, unknown>;
    const inspection = await services.inspections.get(user, inspectionId);
    const entities = await services.history.entitiesOfInspection(user, inspectionId);
    const entity = typeof q.entity === 'string' && entities.includes(q.entity) ? q.entity : undefined;
    const before = typeof q.before === 'string' && /^\d{1,15}$/.test(q.before) ? Number(q.before) : undefined;
    // One more than a page, to know whether there are older changes.
    const items = await services.history.forInspection(user, inspectionId, PAGE_SIZE + 1, { before, entity });
    const shown = items.slice(0, PAGE_SIZE);
    const base = `/inspections/${encodeURIComponent(inspectionId)}/history`;
    const withEntity = (extra: string) => `${base}?${[entity ? `entity=${encodeURIComponent(entity)}` : '', extra].filter(Boolean).join('&')}`;
    return page(ctx, request, reply, 'pages/inspection-history.njk', {
      pageTitle: 'History',
      inspection,
      rows: shown.map((h) => [
        { text: formatDateTime(h.at) },
        { text: h.actorName ?? (h.actorId ? 'Unknown account' : 'System or command line') },
        { text: describeChange(h.entity, h.entityId, h.action) + (h.reason ? ` – reason: ${h.reason}` : '') },
        { text: summarise(h.before) },
        { text: summarise(h.after) },
      ]),
      entityItems: [{ value: '', text: 'Every kind of change' }, ...entities.map((e) => ({ value: e, text: entityLabel(e), selected: e === entity }))],
      filterLabel: entity ? entityLabel(entity).toLowerCase() : null,
      olderUrl: items.length > PAGE_SIZE ? withEntity(`before=${shown[shown.length - 1]!.id}`) : null,
      newestUrl: before !== undefined ? withEntity('') : null,
      formAction: base,
      backLink: `/inspections/${encodeURIComponent(inspectionId)}`,
      navigation: inspectionNav(inspectionId, 'overview'),
    });
  });
}
