/**
 * A person's work on an inspection: their cases by the state they see them in, returned work first with the
 * reason, who returned it and when; and, for those who quality assure, the submitted cases waiting for them.
 */
import { workState, type CaseState } from '../../core/workflow/index.js';
import type { CaseRecord } from '../../app/index.js';
import { classificationLabel, DOMAIN_LABELS, stateLabel } from '../labels.js';
import { formatDateTime } from '../views.js';
import { inspectionNav, page, type RouteContext } from './common.js';
import { caseUrl } from './cases.js';

const GROUP_HEADINGS: Record<CaseState, string> = {
  returned: 'Returned to you',
  'in-progress': 'In progress',
  'not-started': 'Not started',
  submitted: 'Submitted: waiting for quality assurance',
  'quality-assured': 'Quality assured',
  withdrawn: 'Withdrawn from the sample',
};

export const worklistUrl = (inspectionId: string): string => `/inspections/${encodeURIComponent(inspectionId)}/my-work`;

export function worklistRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;

  signedIn.get('/inspections/:inspectionId/my-work', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const scoped = services.forRequest();
    const inspection = await scoped.inspections.get(user, inspectionId);
    const work = await scoped.cases.worklist(user, inspectionId);
    const row = (c: CaseRecord) => ({
      ref: c.ref,
      href: caseUrl(inspectionId, c.id),
      domain: `${c.domain} ${DOMAIN_LABELS[c.domain] ?? ''}`,
      disposal: classificationLabel('disposalType', c.disposalType),
      assessor: c.assessorName ?? 'Not assigned',
      state: stateLabel(workState(c)),
      returned: c.returnReason && workState(c) === 'returned'
        ? { reason: c.returnReason, by: c.returnedByName ?? 'Someone no longer on the team', at: formatDateTime(c.returnedAt), corrected: c.state === 'in-progress' }
        : null,
    });
    const groups = work.groups.map((g) => ({ state: g.state, id: `work-${g.state}`, heading: GROUP_HEADINGS[g.state], rows: g.cases.map(row) }));
    const total = work.groups.reduce((n, g) => n + g.cases.length, 0);
    return page(ctx, request, reply, 'pages/worklist.njk', {
      pageTitle: 'My work',
      inspection,
      groups,
      total,
      counts: groups.map((g) => ({ id: g.id, heading: g.heading, count: g.rows.length })),
      awaiting: work.awaitingQualityAssurance.map(row),
      casesUrl: `/inspections/${encodeURIComponent(inspectionId)}/cases`,
      navigation: inspectionNav(inspectionId, 'work'),
      breadcrumbs: [{ text: 'Inspections', href: '/inspections' }, { text: inspection.title, href: `/inspections/${encodeURIComponent(inspectionId)}` }],
    });
  });
}
