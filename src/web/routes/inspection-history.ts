/**
 * The inspection's history: every change anyone on it made (answers, cases, judgements, discretion, report
 * text, roles…), newest first, a page at a time, filtered by kind of record. Read-only: the history table
 * refuses changes in the database itself, except the site administrator's redaction of text typed by mistake.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebRequest } from '../route.js';
import type { HistoryRecord, User } from '../../app/index.js';
import { formatDateTime } from '../views.js';
import { getFramework } from '../../core/framework/index.js';
import { changeWords, entryWords } from '../history-words.js';
import { adminOnly, formBody, formErrors, inspectionNav, isValidation, page, type FormErrors, type RouteContext } from './common.js';

const PAGE_SIZE = 100;

/** Kinds of record in plain words, for the filter. */
const ENTITY_LABELS: Record<string, string> = {
  answer: 'Answers', case: 'Cases', discretion: 'Professional discretion', evidence: 'Domain 1 evidence', findings: 'Findings',
  inspection: 'The inspection', judgement: 'Domain 1 judgements', recommendation: 'Recommendations', 'report-section': 'Report text',
  role: 'Roles', 'sampling-plan': 'Sampling',
};
const entityLabel = (e: string): string => ENTITY_LABELS[e] ?? e.charAt(0).toUpperCase() + e.slice(1).replace(/-/g, ' ');

export function inspectionHistoryRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;

  signedIn.get('/inspections/:inspectionId/history', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const q = request.query;
    const inspection = await services.inspections.get(user, inspectionId);
    const entities = await services.history.entitiesOfInspection(user, inspectionId);
    const entity = typeof q.entity === 'string' && entities.includes(q.entity) ? q.entity : undefined;
    const before = typeof q.before === 'string' && /^\d{1,15}$/.test(q.before) ? Number(q.before) : undefined;
    // One more than a page, to know whether there are older changes.
    const items = await services.history.forInspection(user, inspectionId, PAGE_SIZE + 1, { before, entity });
    const shown = items.slice(0, PAGE_SIZE);
    const base = `/inspections/${encodeURIComponent(inspectionId)}/history`;
    const withEntity = (extra: string) => `${base}?${[entity ? `entity=${encodeURIComponent(entity)}` : '', extra].filter(Boolean).join('&')}`;
    // A local assessor reads their own changes only (the service filters them).
    const ownOnly = services.auth.reads(user, inspection, 'history.read') === 'own';
    const fw = getFramework(inspection.frameworkVersion);
    return page(ctx, request, reply, 'pages/inspection-history.njk', {
      pageTitle: ownOnly ? 'Your changes' : 'History',
      ownOnly,
      inspection,
      rows: shown.map((h) => [
        { text: formatDateTime(h.at) },
        { text: h.actorName ?? (h.actorId ? 'An account no longer on the service' : 'System or command line') },
        { text: changeWords(h, fw) + (h.reason ? ` – reason: ${h.reason}` : '') },
        { text: entryWords(h.replaced ?? h.before, h.people, fw) },
        { text: entryWords(h.after, h.people, fw) },
        ...(user.isAdmin ? [isRedaction(h) ? { text: '' } : { html: `<a class="govuk-link" href="${base}/${h.id}/redaction">Redact<span class="govuk-visually-hidden"> entry ${h.id}</span></a>` }] : []),
      ]),
      canRedact: user.isAdmin,
      entityItems: [{ value: '', text: 'Every kind of change' }, ...entities.map((e) => ({ value: e, text: entityLabel(e), selected: e === entity }))],
      filterLabel: entity ? entityLabel(entity).toLowerCase() : null,
      olderUrl: items.length > PAGE_SIZE ? withEntity(`before=${shown[shown.length - 1]!.id}`) : null,
      newestUrl: before !== undefined ? withEntity('') : null,
      formAction: base,
      backLink: `/inspections/${encodeURIComponent(inspectionId)}`,
      navigation: inspectionNav(inspectionId, 'overview'),
    });
  });

  const refused = (request: FastifyRequest, reply: FastifyReply, user: User) =>
    adminOnly(ctx, request, reply, user, ['Only the site administrator can redact text from the history.']);

  /** The entry, if it is in this inspection's history (the service checks the user may read it). */
  const entryOf = async (user: User, inspectionId: string, historyId: string): Promise<HistoryRecord | null> => {
    if (!/^\d{1,15}$/.test(historyId)) return null;
    const [h] = await services.history.forInspection(user, inspectionId, 1, { before: Number(historyId) + 1 });
    return h && h.id === Number(historyId) && !isRedaction(h) ? h : null;
  };

  const redactionForm = async (request: WebRequest<{ inspectionId: string; historyId: string }>, reply: FastifyReply, user: User, values: Record<string, string>, errors?: FormErrors, status = 200) => {
    const { inspectionId, historyId } = request.params;
    const inspection = await services.inspections.get(user, inspectionId);
    const entry = await entryOf(user, inspectionId, historyId);
    const historyUrl = `/inspections/${encodeURIComponent(inspectionId)}/history`;
    // The one 404 page, which names nothing it looked for.
    if (!entry) throw Object.assign(new Error('No such history entry'), { statusCode: 404 });
    return page(ctx, request, reply, 'pages/history-redaction.njk', {
      pageTitle: 'Redact text from the history',
      inspection,
      entry: (() => {
        const fw = getFramework(inspection.frameworkVersion);
        return { when: formatDateTime(entry.at), who: entry.actorName ?? 'System or command line', what: changeWords(entry, fw), reason: entry.reason, before: entryWords(entry.replaced ?? entry.before, entry.people, fw), after: entryWords(entry.after, entry.people, fw) };
      })(),
      values,
      fieldErrors: errors?.fieldErrors ?? {},
      errors: errors?.errors ?? [],
      formAction: `${historyUrl}/${entry.id}/redaction`,
      backLink: historyUrl,
      navigation: inspectionNav(inspectionId, 'overview'),
    }, status);
  };

  signedIn.get('/inspections/:inspectionId/history/:historyId/redaction', async (request, reply) => {
    const { user } = request;
    return refused(request, reply, user) ?? redactionForm(request, reply, user, {});
  });

  signedIn.post('/inspections/:inspectionId/history/:historyId/redaction', async (request, reply) => {
    const { user } = request;
    const denied = refused(request, reply, user);
    if (denied) return denied;
    const { inspectionId, historyId } = request.params;
    const values = formBody(request);
    if (!(await entryOf(user, inspectionId, historyId))) return redactionForm(request, reply, user, values);
    try {
      await services.history.redact(user, Number(historyId), { reason: values.reason ?? '' });
    } catch (err) {
      if (isValidation(err)) return redactionForm(request, reply, user, values, formErrors(err.fields.map((f) => [f.field === 'reason' ? 'reason' : 'form', f.message] as [string, string])), 400);
      throw err;
    }
    return reply.redirect(`/inspections/${encodeURIComponent(inspectionId)}/history`, 303);
  });
}

const isRedaction = (h: HistoryRecord) => h.entity === 'history' && h.action === 'redact';
