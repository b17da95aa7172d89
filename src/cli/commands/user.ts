/**
 * `yjinspect user add --email E --role ROLE [--name N] [--inspection ID]`, `user grant|revoke EMAIL --role ROLE
 * [--inspection ID]`, `user disable|enable EMAIL` and `user reset-password EMAIL`. The password comes from
 * YJINSPECT_PASSWORD, or is generated and printed once. Every change goes through the accounts service, which
 * records it in history.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { COMMAND_LINE_READER, isServiceError, openServices, ROLES, storeOptionsFromEnv, type Account, type Role, type Services } from '../../app/index.js';

const USAGE = `Usage:
  yjinspect user add --email EMAIL --role ROLE [--name NAME] [--inspection ID]
      ROLE: admin (site administrator), ${ROLES.join(', ')}
      --inspection is needed for an inspection role when there is more than one inspection.
  yjinspect user grant EMAIL --role ROLE [--inspection ID]
      Give an existing account a role on an inspection (--inspection as for add).
  yjinspect user revoke EMAIL --role ROLE [--inspection ID]
      Remove the role; --inspection is needed when the account holds it on more than one inspection.
  yjinspect user disable EMAIL
      The account can no longer sign in and its sessions end at once; its roles are kept.
  yjinspect user enable EMAIL
  yjinspect user reset-password EMAIL
The password is read from YJINSPECT_PASSWORD (at least 12 characters), or generated and printed once.`;

/** Bad arguments (exit 2); `showUsage` false when the arguments were fine but name something that is not there. */
class UsageProblem extends Error {
  constructor(message: string, readonly showUsage = true) {
    super(message);
  }
}

function passwordFromEnv(): { password: string; generated: boolean } {
  const p = process.env.YJINSPECT_PASSWORD;
  if (p) return { password: p, generated: false };
  return { password: randomBytes(12).toString('base64url'), generated: true };
}

async function withServices<T>(fn: (services: Services) => Promise<T>): Promise<T> {
  const { services, close } = await openServices(storeOptionsFromEnv());
  try {
    return await fn(services);
  } finally {
    await close();
  }
}

/** Every inspection, oldest first, as the command line (the site administrator's view) reads them. */
const allInspections = async (services: Services) => (await services.inspections.list(COMMAND_LINE_READER)).reverse();

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'add') return await add(rest);
    if (sub === 'reset-password') return await reset(rest);
    if (sub === 'grant' || sub === 'revoke') return await changeRole(sub, rest);
    if (sub === 'disable' || sub === 'enable') return await setDisabled(sub, rest);
  } catch (err) {
    if (err instanceof UsageProblem) {
      process.stderr.write(`yjinspect user ${sub}: ${err.message}\n${err.showUsage ? `${USAGE}\n` : ''}`);
      return 2;
    }
    // A refusal (taken email, short password, unknown account) is bad input: exit 2, as every command does.
    if (isServiceError(err)) {
      process.stderr.write(`yjinspect user: ${err.message}\n`);
      return 2;
    }
    if (err instanceof TypeError && /option|argument/i.test(err.message)) {
      process.stderr.write(`yjinspect user: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

async function add(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, inspection: { type: 'string' } },
    strict: true,
  });
  if (!values.email || !values.role) {
    process.stderr.write(`yjinspect user add: --email and --role are required\n${USAGE}\n`);
    return 2;
  }
  const role = values.role;
  if (role !== 'admin' && !(ROLES as readonly string[]).includes(role)) {
    process.stderr.write(`yjinspect user add: unknown role '${role}'. Roles: admin, ${ROLES.join(', ')}\n`);
    return 2;
  }
  const { password, generated } = passwordFromEnv();
  return withServices(async (services) => {
    let inspectionId: string | undefined;
    if (role !== 'admin') {
      const all = await allInspections(services);
      inspectionId = values.inspection ?? (all.length === 1 ? all[0]!.id : undefined);
      if (!inspectionId || !all.some((i) => i.id === inspectionId)) {
        process.stderr.write(
          `yjinspect user add: give --inspection with one of:\n${all.map((i) => `  ${i.id}  ${i.title}`).join('\n') || '  (there are no inspections yet)'}\n`,
        );
        return 2;
      }
    }
    const account = await services.accounts.create(null, {
      email: values.email,
      displayName: values.name ?? values.email!.split('@')[0],
      password,
      isAdmin: role === 'admin',
    });
    if (inspectionId) await services.accounts.grantRole(null, inspectionId, { accountId: account.id, role: role as Role });
    process.stdout.write(`Added ${account.email} as ${role === 'admin' ? 'site administrator' : `${role} on inspection ${inspectionId}`}\n`);
    if (generated) process.stdout.write(`Password (shown once): ${password}\n`);
    return 0;
  });
}

async function reset(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { email: { type: 'string' } }, allowPositionals: true, strict: true });
  const email = values.email ?? positionals[0];
  if (!email || positionals.length > 1) {
    process.stderr.write(`yjinspect user reset-password: give the account's email\n${USAGE}\n`);
    return 2;
  }
  const { password, generated } = passwordFromEnv();
  return withServices(async (services) => {
    await services.accounts.resetPassword(null, email, password);
    process.stdout.write(`Password reset for ${email}; its sessions were ended.\n`);
    if (generated) process.stdout.write(`New password (shown once): ${password}\n`);
    return 0;
  });
}

/** The account's email, given as the one positional argument or as --email. */
function emailArg(values: { email?: string }, positionals: string[]): string {
  const email = values.email ?? positionals[0];
  if (!email || positionals.length > (values.email ? 0 : 1)) throw new UsageProblem("give the account's email");
  return email;
}

function inspectionRole(role: string | undefined): Role {
  if (!role) throw new UsageProblem('--role is required');
  if (role === 'admin') throw new UsageProblem("admin is not a role on an inspection: add a site administrator with 'yjinspect user add --role admin'");
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageProblem(`unknown role '${role}'. Roles: ${ROLES.join(', ')}`);
  return role as Role;
}

async function accountFor(services: Services, email: string): Promise<Account> {
  const account = await services.accounts.findByEmail(null, email);
  if (!account) throw new UsageProblem(`No account for ${email}`, false);
  return account;
}

const listed = (rows: Array<{ id: string; title: string }>): string => rows.map((i) => `  ${i.id}  ${i.title}`).join('\n');

async function changeRole(sub: 'grant' | 'revoke', argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { email: { type: 'string' }, role: { type: 'string' }, inspection: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const email = emailArg(values, positionals);
  const role = inspectionRole(values.role);
  return withServices(async (services) => {
    const account = await accountFor(services, email);
    const accounts = services.accounts;
    if (sub === 'grant') {
      const all = await allInspections(services);
      const inspectionId = values.inspection ?? (all.length === 1 ? all[0]!.id : undefined);
      if (!inspectionId || !all.some((i) => i.id === inspectionId)) {
        throw new UsageProblem(`give --inspection with one of:\n${listed(all) || '  (there are no inspections yet)'}`, false);
      }
      await accounts.grantRole(null, inspectionId, { accountId: account.id, role });
      process.stdout.write(`${account.email} is ${role} on inspection ${inspectionId}\n`);
      return 0;
    }
    // Without --inspection, the one inspection where the account holds the role.
    const held = [];
    for (const i of await allInspections(services)) {
      const members = await accounts.members(COMMAND_LINE_READER, i.id);
      if (members.some((m) => m.accountId === account.id && m.roles.includes(role))) held.push(i);
    }
    const inspectionId = values.inspection ?? (held.length === 1 ? held[0]!.id : undefined);
    if (!inspectionId) {
      throw new UsageProblem(held.length
        ? `${account.email} is ${role} on more than one inspection: give --inspection with one of:\n${listed(held)}`
        : `${account.email} does not hold the role ${role} on any inspection`, false);
    }
    await accounts.revokeRole(null, inspectionId, { accountId: account.id, role });
    process.stdout.write(`${account.email} is no longer ${role} on inspection ${inspectionId}\n`);
    return 0;
  });
}

async function setDisabled(sub: 'disable' | 'enable', argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { email: { type: 'string' } }, allowPositionals: true, strict: true });
  const email = emailArg(values, positionals);
  return withServices(async (services) => {
    const account = await accountFor(services, email);
    const disabled = sub === 'disable';
    if (account.disabled === disabled) {
      process.stdout.write(`${account.email} is already ${disabled ? 'disabled' : 'enabled'}; nothing changed.\n`);
      return 0;
    }
    await services.accounts.setDisabled(null, account.id, { disabled, version: account.version });
    process.stdout.write(disabled
      ? `Disabled ${account.email}: it cannot sign in and its sessions were ended. Its roles are kept.\n`
      : `Enabled ${account.email}: it can sign in again.\n`);
    return 0;
  });
}
