/**
 * The report's findings text: strengths and areas for improvement per domain, one item per line, recorded
 * by the lead inspector. Saving, versions, roles and history are the findings service's.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebRequest } from '../route.js';
import { getFramework } from '../../core/framework/index.js';
import { FINDING_DOMAINS, type DomainFindings, type FindingDomain } from '../../app/index.js';
import { DOMAIN_LABELS } from '../labels.js';
import type { User } from '../services.js';
import { conflictPage, versionOf } from './cases.js';
import { may, formBody, formErrors, inspectionNav, isConflict, isValidation, page, type FormErrors, type RouteContext } from './common.js';

/** One finding per non-blank line. */
const lines = (text: string | undefined): string[] => (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
const isDomain = (d: string): d is FindingDomain => (FINDING_DOMAINS as readonly string[]).includes(d);

export function findingsRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;
  const findings = services.findings;
  const base = (id: string) => `/inspections/${encodeURIComponent(id)}`;

  // The report's findings follow the framework's domains.
  const domainsOf = (version: string): FindingDomain[] => getFramework(version).domains.map((d) => String(d.id)).filter(isDomain);

  signedIn.get('/inspections/:inspectionId/findings', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const inspection = await services.inspections.get(user, inspectionId);
    const recorded = new Map((await findings.list(user, inspectionId)).map((f) => [f.domain, f]));
    const rows = domainsOf(inspection.frameworkVersion).map((d) => {
      const f = recorded.get(d);
      return {
        domain: d,
        label: DOMAIN_LABELS[Number(d)] ?? `Domain ${d}`,
        href: `${base(inspectionId)}/findings/${d}`,
        strengths: f?.strengths.length ?? 0,
        areas: f?.areas.length ?? 0,
      };
    });
    const saved = rows.find((r) => r.domain === request.query.saved);
    return page(ctx, request, reply, 'pages/findings.njk', {
      pageTitle: 'Strengths and areas for improvement',
      ...(saved ? { flash: `The strengths and areas for improvement for ${saved.label.toLowerCase()} were saved` } : {}),
      inspection,
      rows,
      backLink: `${base(inspectionId)}/report`,
      navigation: inspectionNav(inspectionId, 'report'),
    });
  });

  const domainPage = async (request: FastifyRequest, reply: FastifyReply, user: User, inspectionId: string, domain: FindingDomain, posted?: Record<string, string>, errors?: FormErrors, status = 200) => {
    const inspection = await services.inspections.get(user, inspectionId);
    const current: DomainFindings | undefined = (await findings.list(user, inspectionId)).find((f) => f.domain === domain);
    const values = posted ?? {
      strengths: (current?.strengths ?? []).join('\n'),
      areas: (current?.areas ?? []).join('\n'),
      version: String(current?.version ?? 0),
    };
    return page(ctx, request, reply, 'pages/findings-domain.njk', {
      pageTitle: `Findings: ${DOMAIN_LABELS[Number(domain)] ?? `domain ${domain}`}`,
      domainLabel: DOMAIN_LABELS[Number(domain)] ?? `Domain ${domain}`,
      values,
      canEdit: may(ctx, user, inspection, 'findings.write'),
      formAction: `${base(inspectionId)}/findings/${domain}`,
      fieldErrors: errors?.fieldErrors ?? {},
      errors: errors?.errors ?? [],
      // The domain's other written parts are recorded on the report-text pages.
      textLinks: [
        { text: 'Introduction to the domain', href: `${base(inspectionId)}/report-text/introduction/${domain}` },
        ...getFramework(inspection.frameworkVersion).standards.filter((s) => String(s.domain) === domain)
          .map((s) => ({ text: `Narrative for ${s.id} ${s.name}`, href: `${base(inspectionId)}/report-text/narrative/${s.id}` })),
      ],
      backLink: `${base(inspectionId)}/findings`,
      navigation: inspectionNav(inspectionId, 'report'),
    }, status);
  };

  const domainParam = (request: WebRequest<{ inspectionId: string; domain: string }>): { inspectionId: string; domain: FindingDomain } => {
    const { inspectionId, domain } = request.params;
    if (!isDomain(domain)) throw Object.assign(new Error(`There is no domain ${domain}`), { statusCode: 404 });
    return { inspectionId, domain };
  };

  signedIn.get('/inspections/:inspectionId/findings/:domain', async (request, reply) => {
    const { user } = request;
    const { inspectionId, domain } = domainParam(request);
    return domainPage(request, reply, user, inspectionId, domain);
  });

  signedIn.post('/inspections/:inspectionId/findings/:domain', async (request, reply) => {
    const { user } = request;
    const { inspectionId, domain } = domainParam(request);
    const body = formBody(request);
    const version = Number(body.version ?? '0');
    try {
      await findings.save(user, inspectionId, { domain, strengths: lines(body.strengths), areas: lines(body.areas), version: Number.isInteger(version) ? version : 0 });
      return reply.redirect(`${base(inspectionId)}/findings?saved=${encodeURIComponent(domain)}`, 303);
    } catch (err) {
      if (isValidation(err)) {
        // Items are lines of one text box: point each message at its box.
        const errors = formErrors(err.fields.map((f) => [f.field.split('.')[0] || 'strengths', f.message] as [string, string]));
        return domainPage(request, reply, user, inspectionId, domain, body, errors, 400);
      }
      if (isConflict(err)) {
        const cur = (err.current ?? {}) as Partial<DomainFindings>;
        return conflictPage(ctx, request, reply, {
          message: err.message,
          rows: [
            [{ text: 'Strengths' }, { text: body.strengths ?? '–' }, { text: (cur.strengths ?? []).join('\n') || '–' }],
            [{ text: 'Areas for improvement' }, { text: body.areas ?? '–' }, { text: (cur.areas ?? []).join('\n') || '–' }],
          ],
          retryAction: `${base(inspectionId)}/findings/${domain}`,
          retryFields: [{ name: 'strengths', value: body.strengths ?? '' }, { name: 'areas', value: body.areas ?? '' }, { name: 'version', value: String(versionOf(err.current)) }],
          backUrl: `${base(inspectionId)}/findings/${domain}`,
        });
      }
      throw err;
    }
  });
}
