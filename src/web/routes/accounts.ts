/**
 * Accounts, for the site administrator: the list with every account's roles, creating an account, and an
 * account's page to grant or revoke a role on an inspection, disable or enable the account and reset the
 * password. The accounts service checks the administrator right again on every change and records it in
 * history; these pages only show. Everyone's own account page (/account) is registered with them.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebRequest } from '../route.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../app/index.js';
import type { Account, Inspection } from '../../app/index.js';
import { ROLES, type Role } from '../../app/index.js';
import { PHASE_LABELS, ROLE_DUTIES, ROLE_LABELS } from '../labels.js';
import type { User } from '../services.js';
import { adminOnly, formBody, formErrors, isValidation, page, type FormErrors, type RouteContext } from './common.js';
import { ownAccountRoutes } from './own-account.js';


/** The create form's fields in page order, so the error summary follows the page. */
const CREATE_FIELDS = ['displayName', 'email', 'password', 'isAdmin'] as const;

const NAV = [{ text: 'Inspections', href: '/inspections' }, { text: 'Library of published inspections', href: '/library' }];

const roleText = (role: string): string => ROLE_LABELS[role] ?? role;
const isRole = (r: string | undefined): r is Role => (ROLES as readonly string[]).includes(r ?? '');
const accountUrl = (id: string): string => `/accounts/${encodeURIComponent(id)}`;

interface Holding {
  readonly inspectionId: string;
  readonly inspectionTitle: string;
  readonly role: Role;
  readonly roleText: string;
}

export function accountRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;

  const show = (request: FastifyRequest, reply: FastifyReply, template: string, context: Record<string, unknown>, status = 200) =>
    page(ctx, request, reply, template, { navigation: NAV, accountsActive: true, ...context }, status);

  /** Anyone else is refused on the server before anything is read; the services refuse their changes too. */
  const refused = (request: FastifyRequest, reply: FastifyReply, user: User): FastifyReply | null =>
    adminOnly(ctx, request, reply, user, ['Only a site administrator can manage accounts.', 'Ask the site administrator if you need an account or a role changed.']);

  /** Every account's roles, read inspection by inspection (the site administrator reads them all). */
  const holdings = async (user: User): Promise<{ inspections: Inspection[]; held: Map<string, Holding[]> }> => {
    const inspections = await services.inspections.list(user);
    const members = await Promise.all(inspections.map((i) => services.accounts.members(user, i.id)));
    const held = new Map<string, Holding[]>();
    inspections.forEach((inspection, k) => {
      for (const m of members[k]!) {
        for (const role of m.roles) {
          held.set(m.accountId, [...(held.get(m.accountId) ?? []), { inspectionId: inspection.id, inspectionTitle: inspection.title, role, roleText: roleText(role) }]);
        }
      }
    });
    return { inspections, held };
  };

  const findAccount = async (user: User, accountId: string): Promise<Account> => {
    const account = (await services.accounts.list(user)).find((a) => a.id === accountId);
    if (!account) throw new NotFoundError(`No account ${accountId}`);
    return account;
  };

  const flashFor = (query: Record<string, unknown>, account: Account, inspections: Inspection[]): string | undefined => {
    const title = inspections.find((i) => i.id === query.inspectionId)?.title ?? 'the inspection';
    const role = roleText(String(query.role ?? '')).toLowerCase();
    switch (query.done) {
      case 'created': return `The account for ${account.displayName} was created. Tell them their initial password in a safe way, then give them a role below.`;
      case 'granted': return `${account.displayName} is now ${role} on ${title}.`;
      case 'revoked': return `${account.displayName} is no longer ${role} on ${title}.`;
      case 'password': return `The password was reset and ${account.displayName} was signed out everywhere. Tell them the new password in a safe way.`;
      case 'disabled': return `${account.displayName}’s account is disabled: they were signed out and cannot sign in.`;
      case 'enabled': return `${account.displayName}’s account is enabled: they can sign in again.`;
      default: return undefined;
    }
  };

  const accountPage = async (request: WebRequest, reply: FastifyReply, user: User, accountId: string, opts: { errors?: FormErrors; values?: Record<string, string>; status?: number } = {}) => {
    const account = await findAccount(user, accountId);
    const { inspections, held } = await holdings(user);
    const values = opts.values ?? {};
    return show(request, reply, 'pages/accounts-account.njk', {
      pageTitle: account.displayName,
      account,
      roles: (held.get(account.id) ?? []).map((h) => ({
        ...h,
        inspectionHref: `/inspections/${encodeURIComponent(h.inspectionId)}`,
        revokeHref: `${accountUrl(account.id)}/revoke?${new URLSearchParams({ inspectionId: h.inspectionId, role: h.role }).toString()}`,
      })),
      inspectionItems: [
        { value: '', text: 'Choose an inspection' },
        ...inspections.map((i) => ({ value: i.id, text: `${i.title} (${i.serviceName}, ${(PHASE_LABELS[i.phase] ?? i.phase).toLowerCase()})` })),
      ].map((item) => ({ ...item, selected: item.value === (values.inspectionId ?? '') })),
      roleItems: ROLES.map((r) => ({ value: r, text: roleText(r), hint: { text: ROLE_DUTIES[r] ?? '' }, checked: values.role === r })),
      flash: opts.errors ? undefined : flashFor(request.query, account, inspections),
      errors: opts.errors?.errors ?? [],
      fieldErrors: opts.errors?.fieldErrors ?? {},
      grantAction: `${accountUrl(account.id)}/roles`,
      passwordHref: `${accountUrl(account.id)}/password`,
      // Nobody disables their own account (the service refuses it too), so no link to it.
      statusHref: account.id === user.id ? undefined : `${accountUrl(account.id)}/${account.disabled ? 'enable' : 'disable'}`,
      breadcrumbs: [{ text: 'Accounts', href: '/accounts' }],
    }, opts.status ?? 200);
  };

  const createForm = (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors?: FormErrors, status = 200) =>
    show(request, reply, 'pages/accounts-new.njk', {
      pageTitle: 'Create an account',
      values,
      errors: errors?.errors ?? [],
      fieldErrors: errors?.fieldErrors ?? {},
      backLink: '/accounts',
    }, status);

  const passwordForm = async (request: FastifyRequest, reply: FastifyReply, user: User, accountId: string, values: Record<string, string>, errors?: FormErrors, status = 200) => {
    const account = await findAccount(user, accountId);
    return show(request, reply, 'pages/accounts-password.njk', {
      pageTitle: `Reset the password for ${account.displayName}`,
      account,
      values,
      formAction: `${accountUrl(account.id)}/password`,
      errors: errors?.errors ?? [],
      fieldErrors: errors?.fieldErrors ?? {},
      backLink: accountUrl(account.id),
    }, status);
  };

  /** The role to revoke, as the account holds it now; 404 when it does not. */
  const heldRole = async (user: User, accountId: string, inspectionId: string | undefined, role: string | undefined) => {
    const account = await findAccount(user, accountId);
    const { inspections, held } = await holdings(user);
    const mine = held.get(account.id) ?? [];
    const holding = mine.find((h) => h.inspectionId === inspectionId && h.role === role);
    const inspection = inspections.find((i) => i.id === inspectionId);
    return { account, holding, inspection, mine, holders: [...held.values()].flat() };
  };

  signedIn.get('/accounts', async (request, reply) => {
    const { user } = request;
    const no = refused(request, reply, user);
    if (no) return no;
    const [accounts, { held }] = await Promise.all([services.accounts.list(user), holdings(user)]);
    const rows = [...accounts]
      .sort((a, b) => a.displayName.localeCompare(b.displayName, 'en-GB') || a.email.localeCompare(b.email))
      .map((a) => ({ ...a, href: accountUrl(a.id), roles: held.get(a.id) ?? [] }));
    return show(request, reply, 'pages/accounts.njk', { pageTitle: 'Accounts', rows });
  });

  signedIn.get('/accounts/new', async (request, reply) => {
    const { user } = request;
    return refused(request, reply, user) ?? createForm(request, reply, {});
  });

  signedIn.post('/accounts', async (request, reply) => {
    const { user } = request;
    const no = refused(request, reply, user);
    if (no) return no;
    const body = formBody(request);
    const values = { displayName: body.displayName ?? '', email: body.email ?? '', password: body.password ?? '', isAdmin: body.isAdmin === 'yes' ? 'yes' : '' };
    try {
      const account = await services.accounts.create(user, { ...values, isAdmin: values.isAdmin === 'yes' });
      return reply.redirect(`${accountUrl(account.id)}?done=created`, 303);
    } catch (err) {
      if (isValidation(err)) {
        const order = (f: string) => { const i = (CREATE_FIELDS as readonly string[]).indexOf(f); return i < 0 ? CREATE_FIELDS.length : i; };
        const fields = [...err.fields].sort((a, b) => order(a.field) - order(b.field));
        return createForm(request, reply, values, formErrors(fields.map((f) => [f.field || 'email', f.message] as [string, string])), 400);
      }
      if (err instanceof ConflictError) {
        return createForm(request, reply, values, formErrors([['email', `${err.message}. Use another email address, or find the account in the list.`]]), 409);
      }
      throw err;
    }
  });

  signedIn.get('/accounts/:accountId', async (request, reply) => {
    const { user } = request;
    return refused(request, reply, user) ?? accountPage(request, reply, user, request.params.accountId);
  });

  signedIn.post('/accounts/:accountId/roles', async (request, reply) => {
    const { user } = request;
    const no = refused(request, reply, user);
    if (no) return no;
    const { accountId } = request.params;
    const body = formBody(request);
    const values = { inspectionId: body.inspectionId ?? '', role: body.role ?? '' };
    const { account, holding, inspection } = await heldRole(user, accountId, values.inspectionId, values.role);
    const problems: [string, string][] = [];
    if (!values.inspectionId) problems.push(['inspectionId', 'Choose the inspection']);
    else if (!inspection) problems.push(['inspectionId', 'Choose an inspection from the list']);
    if (!isRole(values.role)) problems.push(['role', 'Choose the role']);
    else if (holding) problems.push(['role', `${account.displayName} is already ${roleText(values.role).toLowerCase()} on ${inspection!.title}`]);
    if (problems.length) return accountPage(request, reply, user, accountId, { errors: formErrors(problems), values, status: 400 });
    try {
      await services.accounts.grantRole(user, values.inspectionId, { accountId, role: values.role });
    } catch (err) {
      if (isValidation(err)) return accountPage(request, reply, user, accountId, { errors: formErrors(err.fields.map((f) => ['role', f.message] as [string, string])), values, status: 400 });
      throw err;
    }
    return reply.redirect(`${accountUrl(accountId)}?${new URLSearchParams({ done: 'granted', inspectionId: values.inspectionId, role: values.role }).toString()}`, 303);
  });

  const revokeConfirm = async (request: FastifyRequest, reply: FastifyReply, user: User, accountId: string, inspectionId: string | undefined, role: string | undefined) => {
    const { account, holding, inspection, mine, holders } = await heldRole(user, accountId, inspectionId, role);
    if (!holding || !inspection) throw new NotFoundError(`${account.displayName} does not hold that role`);
    const otherRoles = mine.filter((h) => h.inspectionId === inspection.id && h.role !== holding.role).map((h) => h.roleText.toLowerCase());
    const lastLead = holding.role === 'lead-inspector' && holders.filter((h) => h.inspectionId === inspection.id && h.role === 'lead-inspector').length === 1;
    return show(request, reply, 'pages/accounts-revoke.njk', {
      pageTitle: `Remove ${account.displayName}’s role as ${holding.roleText.toLowerCase()}`,
      account, holding, inspection, otherRoles, lastLead,
      formAction: `${accountUrl(account.id)}/revoke`,
      backUrl: accountUrl(account.id),
    });
  };

  signedIn.get('/accounts/:accountId/revoke', async (request, reply) => {
    const { user } = request;
    const q = request.query;
    return refused(request, reply, user) ?? revokeConfirm(request, reply, user, request.params.accountId, q.inspectionId, q.role);
  });

  signedIn.post('/accounts/:accountId/revoke', async (request, reply) => {
    const { user } = request;
    const no = refused(request, reply, user);
    if (no) return no;
    const { accountId } = request.params;
    const body = formBody(request);
    if (body.confirmed !== 'yes') return revokeConfirm(request, reply, user, accountId, body.inspectionId, body.role);
    try {
      await services.accounts.revokeRole(user, body.inspectionId ?? '', { accountId, role: body.role ?? '' });
    } catch (err) {
      if (err instanceof NotFoundError) {
        const msg = 'That role was not removed because the account no longer holds it: someone may have removed it already. Check the roles below.';
        return accountPage(request, reply, user, accountId, { errors: formErrors([['roles', msg]]), status: 409 });
      }
      throw err;
    }
    return reply.redirect(`${accountUrl(accountId)}?${new URLSearchParams({ done: 'revoked', inspectionId: body.inspectionId ?? '', role: body.role ?? '' }).toString()}`, 303);
  });

  const statusConfirm = async (request: FastifyRequest, reply: FastifyReply, user: User, accountId: string, disable: boolean) => {
    const account = await findAccount(user, accountId);
    if (disable && account.id === user.id) throw new ForbiddenError('You cannot disable your own account: ask another site administrator to do it');
    // Already in that state (another tab, or someone else): the account page says so.
    if (account.disabled === disable) return reply.redirect(accountUrl(account.id), 303);
    return show(request, reply, 'pages/accounts-status.njk', {
      pageTitle: `${disable ? 'Disable' : 'Enable'} ${account.displayName}’s account`,
      account, disable,
      formAction: `${accountUrl(account.id)}/${disable ? 'disable' : 'enable'}`,
      backUrl: accountUrl(account.id),
    });
  };

  for (const action of ['disable', 'enable'] as const) {
    const disable = action === 'disable';
    signedIn.get(`/accounts/:accountId/${action}`, async (request, reply) => {
      const { user } = request;
      return refused(request, reply, user) ?? statusConfirm(request, reply, user, request.params.accountId, disable);
    });

    signedIn.post(`/accounts/:accountId/${action}`, async (request, reply) => {
      const { user } = request;
      const no = refused(request, reply, user);
      if (no) return no;
      const { accountId } = request.params;
      const body = formBody(request);
      if (body.confirmed !== 'yes') return statusConfirm(request, reply, user, accountId, disable);
      try {
        await services.accounts.setDisabled(user, accountId, { disabled: disable, version: body.version });
      } catch (err) {
        if (err instanceof ConflictError) {
          const now = (err.current as Account).disabled ? 'disabled' : 'active';
          const msg = `The account was not ${action}d because someone changed it while you were confirming: it is now ${now}. Check the account below.`;
          return accountPage(request, reply, user, accountId, { errors: formErrors([['account-details', msg]]), status: 409 });
        }
        if (isValidation(err)) {
          return accountPage(request, reply, user, accountId, { errors: formErrors([['account-details', `The account was not ${action}d: ${err.fields.map((f) => f.message).join('; ')}. Try again.`]]), status: 400 });
        }
        throw err;
      }
      return reply.redirect(`${accountUrl(accountId)}?done=${action}d`, 303);
    });
  }

  signedIn.get('/accounts/:accountId/password', async (request, reply) => {
    const { user } = request;
    return refused(request, reply, user) ?? passwordForm(request, reply, user, request.params.accountId, {});
  });

  signedIn.post('/accounts/:accountId/password', async (request, reply) => {
    const { user } = request;
    const no = refused(request, reply, user);
    if (no) return no;
    const { accountId } = request.params;
    const values = { password: formBody(request).password ?? '' };
    const account = await findAccount(user, accountId);
    try {
      await services.accounts.resetPassword(user, account.email, values.password);
    } catch (err) {
      if (isValidation(err)) return passwordForm(request, reply, user, accountId, values, formErrors(err.fields.map((f) => ['password', f.message] as [string, string])), 400);
      throw err;
    }
    return reply.redirect(`${accountUrl(accountId)}?done=password`, 303);
  });

  ownAccountRoutes(ctx);
}
