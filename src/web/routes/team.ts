/**
 * The inspection's team: everyone with a role on it and what the role lets them do. Everyone on the
 * inspection reads it; the site administrator gets links to change roles on the account pages.
 */
import { ROLE_DUTIES, ROLE_LABELS } from '../labels.js';
import { inspectionNav, page, type RouteContext } from './common.js';
import { escapeHtml } from '../views.js';

export function teamRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;

  signedIn.get('/inspections/:inspectionId/team', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const [inspection, members] = await Promise.all([services.inspections.get(user, inspectionId), services.accounts.members(user, inspectionId)]);
    const roles = [...new Set(members.flatMap((m) => m.roles))];
    return page(ctx, request, reply, 'pages/team.njk', {
      pageTitle: 'Team',
      inspection,
      rows: members.map((m) => [
        user.isAdmin ? { html: `<a class="govuk-link" href="/accounts/${encodeURIComponent(m.accountId)}">${escapeHtml(m.displayName)}</a>` } : { text: m.displayName },
        { text: m.email },
        { text: m.roles.map((r) => ROLE_LABELS[r] ?? r).join(', ') },
      ]),
      duties: roles.map((r) => ({ key: { text: ROLE_LABELS[r] ?? r }, value: { text: ROLE_DUTIES[r] ?? '' } })),
      isAdmin: user.isAdmin,
      backLink: `/inspections/${encodeURIComponent(inspectionId)}`,
      navigation: inspectionNav(inspectionId, 'overview'),
    });
  });
}
