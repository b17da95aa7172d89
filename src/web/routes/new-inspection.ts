/**
 * Creating an inspection (site administrator): the youth justice service (one already known, or a new one by
 * name), a title, the framework version, the fieldwork dates and, if known, the lead inspector. Everything is
 * checked before anything is saved, so a mistake leaves no half-made service or inspection behind.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { inspectionInput, serviceInput } from '../../app/index.js';
import type { User } from '../services.js';
import { BUILT_IN_FRAMEWORKS } from '../../core/framework/index.js';
import { fieldAnchor, fieldworkDatesFrom } from '../fieldwork-dates.js';
import { adminOnly, formBody, formErrors, isValidation, page, type FormErrors, type RouteContext } from './common.js';

const NEW_SERVICE = 'new';
const FIELDS = ['serviceId', 'serviceName', 'title', 'kind', 'publish', 'frameworkVersion', 'fieldworkStart', 'fieldworkEnd', 'leadAccountId'] as const;

type Values = Record<(typeof FIELDS)[number], string> & Record<string, string>;

export function newInspectionRoutes(ctx: RouteContext): void {
  const { services } = ctx;
  const { signedIn } = ctx;

  const refused = (request: FastifyRequest, reply: FastifyReply, user: User): FastifyReply | null =>
    adminOnly(ctx, request, reply, user, ['Only a site administrator can create inspections.', 'Ask the site administrator to create one and give you a role on it.']);

  const form = async (request: FastifyRequest, reply: FastifyReply, user: User, values: Partial<Values>, errors?: FormErrors, status = 200) => {
    const [known, accounts, frameworks] = await Promise.all([services.inspections.listServices(user), services.accounts.list(user), services.frameworks.list(user)]);
    return page(ctx, request, reply, 'pages/inspection-new.njk', {
      pageTitle: 'Create an inspection',
      values,
      // Newest built-in first (the usual choice), then the older one, then those a site administrator added.
      frameworkItems: [...frameworks.filter((f) => f.source === 'built-in').reverse(), ...frameworks.filter((f) => f.source !== 'built-in')]
        .map((f) => ({ value: f.id, text: f.source === 'built-in' ? `${f.id} framework` : `${f.title} (${f.id})`, hint: { text: f.appliesTo }, checked: values.frameworkVersion === f.id })),
      serviceItems: [
        ...known.map((s) => ({ value: s.id, text: s.name, checked: values.serviceId === s.id })),
        ...(known.length ? [{ divider: 'or' }] : []),
      ],
      leadItems: [
        { value: '', text: 'Choose later' },
        ...accounts.filter((a) => !a.disabled).map((a) => ({ value: a.id, text: `${a.displayName} (${a.email})`, selected: values.leadAccountId === a.id })),
      ],
      fieldErrors: errors?.fieldErrors ?? {},
      errors: errors?.errors ?? [],
      backLink: '/inspections',
    }, status);
  };

  signedIn.get('/inspections/new', async (request, reply) => {
    const { user } = request;
    return refused(request, reply, user) ?? form(request, reply, user, { frameworkVersion: BUILT_IN_FRAMEWORKS[BUILT_IN_FRAMEWORKS.length - 1] });
  });

  signedIn.post('/inspections/new', async (request, reply) => {
    const { user } = request;
    const no = refused(request, reply, user);
    if (no) return no;
    const body = formBody(request);
    const values = { ...body } as Values;
    const problems: [string, string][] = [];

    // Check everything first: the service, the inspection's fields and the lead, then save.
    // A name typed with no choice made can only mean a new service; a name left under the new-service choice
    // after choosing a known service is ignored, as its field is hidden then.
    if (!body.serviceId && body.serviceName?.trim()) values.serviceId = body.serviceId = NEW_SERVICE;
    const newService = body.serviceId === NEW_SERVICE;
    if (!body.serviceId) problems.push(['serviceId', 'Choose the service, or choose "A service not in this list" and give its name']);
    if (newService) {
      const s = serviceInput.safeParse({ name: body.serviceName ?? '' });
      if (!s.success) problems.push(['serviceName', s.error.issues[0]?.message ?? 'Enter the name of the service']);
    }
    const { start, end, problems: dateProblems } = fieldworkDatesFrom(body);
    problems.push(...dateProblems);
    const input = {
      serviceId: newService || !body.serviceId ? 'to-be-created' : body.serviceId,
      title: body.title ?? '',
      frameworkVersion: body.frameworkVersion ?? '',
      kind: body.kind || 'inspection',
      ...(body.kind === 'case audit' ? { publish: body.publish === 'yes' } : {}),
      ...(start ? { fieldworkStart: start } : {}),
      ...(end ? { fieldworkEnd: end } : {}),
    };
    const checked = inspectionInput.safeParse(input);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const field = String(issue.path[0] ?? 'title');
        if (field === 'frameworkVersion') problems.push([field, 'Choose the framework the inspection follows']);
        else if (field === 'serviceId') continue;
        else problems.push([field, issue.message]);
      }
    }
    const accounts = await services.accounts.list(user);
    const lead = body.leadAccountId ? accounts.find((a) => a.id === body.leadAccountId && !a.disabled) : undefined;
    if (body.leadAccountId && !lead) problems.push(['leadAccountId', 'Choose an active account, or "Choose later"']);
    if (problems.length > 0) {
      const order = (f: string) => FIELDS.indexOf(f as (typeof FIELDS)[number]);
      return form(request, reply, user, values, formErrors(problems.sort((a, b) => order(a[0]) - order(b[0])), fieldAnchor), 400);
    }

    try {
      const serviceId = newService ? (await services.inspections.createService(user, { name: body.serviceName })).id : body.serviceId!;
      const { id } = await services.inspections.create(user, { ...input, serviceId });
      if (lead) await services.accounts.grantRole(user, id, { accountId: lead.id, role: 'lead-inspector' });
      return reply.redirect(`/inspections/${encodeURIComponent(id)}?created=1`, 303);
    } catch (err) {
      if (isValidation(err)) return form(request, reply, user, values, formErrors(err.fields.map((f) => [f.field, f.message] as [string, string])), 400);
      throw err;
    }
  });
}
