/**
 * `yjinspect user add --email E --role ROLE [--name N] [--inspection ID]` and
 * `yjinspect user reset-password EMAIL`. The password comes from YJINSPECT_PASSWORD, or is generated and
 * printed once.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { isServiceError, ROLES, type Role } from '../../server/services/index.js';
import { createServices } from '../../server/services/index.js';
import { openStore, storeOptionsFromEnv, type Store } from '../../store/index.js';

const USAGE = `Usage:
  yjinspect user add --email EMAIL --role ROLE [--name NAME] [--inspection ID]
      ROLE: admin (site administrator), ${ROLES.join(', ')}
      --inspection is needed for an inspection role when there is more than one inspection.
  yjinspect user reset-password EMAIL
The password is read from YJINSPECT_PASSWORD (at least 12 characters), or generated and printed once.`;

function passwordFromEnv(): { password: string; generated: boolean } {
  const p = process.env.YJINSPECT_PASSWORD;
  if (p) return { password: p, generated: false };
  return { password: randomBytes(12).toString('base64url'), generated: true };
}

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(storeOptionsFromEnv());
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'add') return await add(rest);
    if (sub === 'reset-password') return await reset(rest);
  } catch (err) {
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
  return withStore(async (store) => {
    const services = createServices(store);
    let inspectionId: string | undefined;
    if (role !== 'admin') {
      const all = await store.query<{ id: string; title: string }>(`SELECT id, title FROM inspections ORDER BY created_at`);
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
  return withStore(async (store) => {
    await createServices(store).accounts.resetPassword(null, email, password);
    process.stdout.write(`Password reset for ${email}; its sessions were ended.\n`);
    if (generated) process.stdout.write(`New password (shown once): ${password}\n`);
    return 0;
  });
}
