/** Accounts, sign-in with rate limiting, server-side sessions, and per-inspection roles. */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_POLICY, type Policy } from '../core/policy.js';
import type { Store } from '../store/index.js';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from './errors.js';
import { authorizer, loadInspection, newId, recordHistory, type RoleGrant, type User } from './context.js';
import { memoised } from './scope.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.js';
import { sessionCacheFor, type SessionCache } from './session-cache.js';
import { signInThrottle } from './sign-in-throttle.js';
import { accountInput, accountStatusInput, ownPasswordInput, parse, roleGrantInput, signInInput, type Role } from './schemas.js';

export interface AccountPolicy {
  /** Session lifetime. */
  readonly sessionHours: number;
  /** Failed sign-ins allowed per account, and per address, within the window. */
  readonly maxFailuresPerAccount: number;
  readonly maxFailuresPerAddress: number;
  readonly failureWindowMinutes: number;
}

export const defaultAccountPolicy: AccountPolicy = {
  sessionHours: 12,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 20,
  failureWindowMinutes: 15,
};

export interface Account {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly isAdmin: boolean;
  readonly disabled: boolean;
  readonly version: number;
}

interface AccountRow {
  id: string;
  email: string;
  display_name: string;
  is_admin: boolean;
  disabled: boolean;
  version: number;
  password_hash: string;
}

const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  isAdmin: r.is_admin,
  disabled: r.disabled,
  version: r.version,
});

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export interface SignedIn {
  /** The opaque session token for the cookie; only its hash is stored. */
  readonly token: string;
  readonly user: User;
  readonly expiresAt: string;
  /** The signed device cookie that lets this browser past the account's lock (sign-in-throttle.ts). */
  readonly deviceCookie: string;
}

export function accountService(store: Store, policy: AccountPolicy = defaultAccountPolicy, roles: Policy = DEFAULT_POLICY) {
  // The roles an account may be given are the policy table's.
  const auth = authorizer(roles);
  const grantInput = roleGrantInput.extend({ role: z.enum(roles.roles as [Role, ...Role[]], `Choose a role: ${roles.roles.join(', ')}`) });
  async function loadUser(accountId: string): Promise<User | null> {
    const rows = await store.query<AccountRow>(`SELECT * FROM accounts WHERE id = $1 AND NOT disabled`, [accountId]);
    const a = rows[0];
    if (!a) return null;
    const roles = await store.query<{ inspection_id: string; role: Role }>(
      `SELECT inspection_id, role FROM inspection_roles WHERE account_id = $1 ORDER BY inspection_id, role`,
      [accountId],
    );
    return {
      id: a.id,
      email: a.email,
      displayName: a.display_name,
      isAdmin: a.is_admin,
      roles: roles.map((r): RoleGrant => ({ inspectionId: r.inspection_id, role: r.role })),
    };
  }

  function requireAdmin(actor: User | null, what: string): void {
    if (actor !== null && !actor.isAdmin) throw new ForbiddenError(`Only a site administrator may ${what}`);
  }

  const throttle = signInThrottle(store, policy);

  const sessions = sessionCacheFor(store);

  return clearSessionsAfterChanges(sessions, {
    /**
     * Check the password and open a session. Each attempt is counted before the password is checked, and
     * refused with 429 once the account (from browsers it has not signed in from), the device or the address
     * is over its limit; the message says when to try again. Sign-ins, failures and lockouts go to the history.
     */
    async signIn(email: string, password: string, ip: string, deviceCookie?: string): Promise<SignedIn> {
      const input = parse(signInInput, { email, password });
      const rows = await store.query<AccountRow>(`SELECT * FROM accounts WHERE email = $1`, [input.email]);
      const account = rows[0];
      const admitted = await throttle.admit({ email: input.email, accountId: account?.id ?? null, ip, deviceCookie });
      const ok = await verifyPassword(input.password, account?.password_hash ?? DUMMY_HASH);
      if (!account || !ok || account.disabled) {
        await recordHistory(store, null, {
          entity: account ? 'account' : 'sign-in', entityId: account?.id ?? input.email, action: 'sign-in-failed',
          after: { email: input.email, address: ip, reason: !account ? 'unknown-account' : !ok ? 'wrong-password' : 'disabled', knownDevice: admitted.device !== null },
        });
        throw new UnauthenticatedError('The email address or password is not right');
      }
      const user = (await loadUser(account.id))!;
      const token = randomBytes(32).toString('base64url');
      const session = await store.transaction(async (tx) => {
        const [row] = await tx.query<{ expires_at: string }>(
          `INSERT INTO sessions (token_hash, account_id, expires_at) VALUES ($1, $2, now() + interval '${policy.sessionHours} hours')
           RETURNING expires_at`,
          [hashToken(token), account.id],
        );
        await throttle.release(tx, admitted);
        await recordHistory(tx, user, {
          entity: 'account', entityId: account.id, action: 'sign-in', after: { address: ip, knownDevice: admitted.device !== null },
        });
        return row!;
      });
      return { token, user, expiresAt: session.expires_at, deviceCookie: await throttle.deviceCookie(account.id, admitted) };
    },

    async signOut(token: string): Promise<void> {
      await store.query(`DELETE FROM sessions WHERE token_hash = $1`, [hashToken(token)]);
    },

    /** The user behind a session token, or null when it is unknown or expired (briefly cached: session-cache.ts). */
    async userForSession(token: string): Promise<User | null> {
      const tokenHash = hashToken(token);
      const cached = sessions.get(tokenHash);
      if (cached) return cached;
      const generation = sessions.generation();
      // One query per request: the account, its roles and its unread notifications (the header's count) together.
      const rows = await store.query<{ id: string; email: string; display_name: string; is_admin: boolean; roles: unknown; expires_at: string; unread: number }>(
        `SELECT a.id, a.email, a.display_name, a.is_admin, s.expires_at,
                coalesce((SELECT json_agg(json_build_object('inspectionId', r.inspection_id, 'role', r.role) ORDER BY r.inspection_id, r.role)
                            FROM inspection_roles r WHERE r.account_id = a.id), '[]'::json) AS roles,
                (SELECT count(*)::int FROM notifications n WHERE n.recipient_id = a.id AND n.read_at IS NULL) AS unread
           FROM sessions s JOIN accounts a ON a.id = s.account_id
          WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT a.disabled`,
        [tokenHash],
        { name: 'session-user' },
      );
      const a = rows[0];
      if (!a) return null;
      const roles = (typeof a.roles === 'string' ? JSON.parse(a.roles) : a.roles) as RoleGrant[];
      const user: User = { id: a.id, email: a.email, displayName: a.display_name, isAdmin: a.is_admin, roles, unreadNotifications: a.unread };
      sessions.set(tokenHash, user, a.expires_at, generation);
      return user;
    },

    loadUser,

    async list(actor: User): Promise<Account[]> {
      requireAdmin(actor, 'list accounts');
      return (await store.query<AccountRow>(`SELECT * FROM accounts ORDER BY email`)).map(toAccount);
    },

    async findByEmail(actor: User | null, email: string): Promise<Account | null> {
      requireAdmin(actor, 'look up accounts');
      const rows = await store.query<AccountRow>(`SELECT * FROM accounts WHERE email = $1`, [email.trim().toLowerCase()]);
      return rows[0] ? toAccount(rows[0]) : null;
    },

    /** Create an account. `actor` null means the command line or the demo loader (trusted, local). */
    async create(actor: User | null, input: unknown): Promise<Account> {
      requireAdmin(actor, 'create accounts');
      const a = parse(accountInput, input);
      const hash = await hashPassword(a.password);
      return store.transaction(async (tx) => {
        const existing = await tx.query<AccountRow>(`SELECT * FROM accounts WHERE email = $1`, [a.email]);
        if (existing[0]) throw new ConflictError(`An account for ${a.email} already exists`, toAccount(existing[0]));
        // The same email created at the same moment: the unique key decides, the loser gets the conflict.
        const [row] = await tx.query<AccountRow>(
          `INSERT INTO accounts (id, email, display_name, password_hash, is_admin) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING RETURNING *`,
          [newId(), a.email, a.displayName, hash, a.isAdmin],
        );
        if (!row) {
          const [taken] = await tx.query<AccountRow>(`SELECT * FROM accounts WHERE email = $1`, [a.email]);
          throw new ConflictError(`An account for ${a.email} already exists`, taken ? toAccount(taken) : null);
        }
        const account = toAccount(row);
        await recordHistory(tx, actor, { entity: 'account', entityId: account.id, action: 'create', after: account });
        return account;
      });
    },

    async resetPassword(actor: User | null, email: string, password: string): Promise<void> {
      requireAdmin(actor, 'reset passwords');
      const { password: pw } = parse(accountInput.pick({ password: true }), { password });
      const hash = await hashPassword(pw);
      await store.transaction(async (tx) => {
        const rows = await tx.query<AccountRow>(
          `UPDATE accounts SET password_hash = $2, version = version + 1 WHERE email = $1 RETURNING *`,
          [email.trim().toLowerCase(), hash],
        );
        if (!rows[0]) throw new NotFoundError(`No account for ${email}`);
        await tx.query(`DELETE FROM sessions WHERE account_id = $1`, [rows[0].id]);
        await throttle.unlock(tx, rows[0].email);
        await recordHistory(tx, actor, { entity: 'account', entityId: rows[0].id, action: 'reset-password' });
      });
    },

    /**
     * Change your own password. The current password is required (a wrong one counts as a failed sign-in);
     * every other session of the account ends, the one given in `keep` stays.
     */
    async changeOwnPassword(actor: User, input: unknown, keep: { sessionToken?: string; ip: string; deviceCookie?: string }): Promise<void> {
      const pw = parse(ownPasswordInput, input);
      const rows = await store.query<AccountRow>(`SELECT * FROM accounts WHERE id = $1 AND NOT disabled`, [actor.id]);
      const account = rows[0];
      if (!account) throw new UnauthenticatedError('Your account is no longer active: sign in again');
      const admitted = await throttle.admit({ email: account.email, accountId: account.id, ip: keep.ip, deviceCookie: keep.deviceCookie });
      if (!(await verifyPassword(pw.currentPassword, account.password_hash))) {
        await recordHistory(store, actor, {
          entity: 'account', entityId: account.id, action: 'sign-in-failed',
          after: { email: account.email, address: keep.ip, reason: 'wrong-current-password', knownDevice: admitted.device !== null },
        });
        throw new ValidationError([{ field: 'currentPassword', message: 'Your current password is not right' }]);
      }
      const hash = await hashPassword(pw.newPassword);
      await store.transaction(async (tx) => {
        await tx.query(`UPDATE accounts SET password_hash = $2, version = version + 1 WHERE id = $1`, [account.id, hash]);
        await tx.query(`DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2`, [account.id, keep.sessionToken ? hashToken(keep.sessionToken) : '']);
        await throttle.release(tx, admitted);
        await recordHistory(tx, actor, { entity: 'account', entityId: account.id, action: 'change-password' });
      });
    },

    /**
     * Disable an account (it can no longer sign in, and its sessions end at once) or enable it again: site
     * administrator, or the command line. Nobody disables their own account, so an administrator always remains.
     * A stale `version` is refused with the account as it is now; the state it already has changes nothing.
     */
    async setDisabled(actor: User | null, accountId: string, input: unknown): Promise<Account> {
      requireAdmin(actor, 'disable or enable accounts');
      const s = parse(accountStatusInput, input);
      if (s.disabled && actor?.id === accountId) {
        throw new ForbiddenError('You cannot disable your own account: ask another site administrator to do it');
      }
      return store.transaction(async (tx) => {
        const rows = await tx.query<AccountRow>(`SELECT * FROM accounts WHERE id = $1 FOR UPDATE`, [accountId]);
        const before = rows[0];
        if (!before) throw new NotFoundError(`No account ${accountId}`);
        if (s.version !== undefined && s.version !== before.version) {
          throw new ConflictError(`The account for ${before.email} was changed by someone else: it is now ${before.disabled ? 'disabled' : 'active'}`, toAccount(before));
        }
        if (before.disabled === s.disabled) return toAccount(before);
        const [row] = await tx.query<AccountRow>(`UPDATE accounts SET disabled = $2, version = version + 1 WHERE id = $1 RETURNING *`, [accountId, s.disabled]);
        if (s.disabled) await tx.query(`DELETE FROM sessions WHERE account_id = $1`, [accountId]);
        await recordHistory(tx, actor, {
          entity: 'account', entityId: accountId, action: s.disabled ? 'disable' : 'enable',
          before: { disabled: before.disabled, version: before.version }, after: { disabled: row!.disabled, version: row!.version },
        });
        return toAccount(row!);
      });
    },

    /** Give an account a role on an inspection (site administrator, or the command line). */
    async grantRole(actor: User | null, inspectionId: string, input: unknown): Promise<RoleGrant> {
      requireAdmin(actor, 'grant roles');
      const g = parse(grantInput, input);
      return store.transaction(async (tx) => {
        const ins = await tx.query(`SELECT 1 FROM inspections WHERE id = $1`, [inspectionId]);
        if (!ins[0]) throw new NotFoundError(`No inspection ${inspectionId}`);
        const acc = await tx.query(`SELECT 1 FROM accounts WHERE id = $1`, [g.accountId]);
        if (!acc[0]) throw new NotFoundError(`No account ${g.accountId}`);
        const rows = await tx.query(
          `INSERT INTO inspection_roles (inspection_id, account_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING role`,
          [inspectionId, g.accountId, g.role],
        );
        if (rows[0]) {
          await recordHistory(tx, actor, { inspectionId, entity: 'role', entityId: `${g.accountId}:${g.role}`, action: 'grant', after: g });
        }
        return { inspectionId, role: g.role };
      });
    },

    /** Take a role on an inspection away from an account (site administrator, or the command line). */
    async revokeRole(actor: User | null, inspectionId: string, input: unknown): Promise<void> {
      requireAdmin(actor, 'revoke roles');
      const g = parse(grantInput, input);
      await store.transaction(async (tx) => {
        const rows = await tx.query(
          `DELETE FROM inspection_roles WHERE inspection_id = $1 AND account_id = $2 AND role = $3 RETURNING role`,
          [inspectionId, g.accountId, g.role],
        );
        if (!rows[0]) throw new NotFoundError(`The account does not hold the role ${g.role} on inspection ${inspectionId}`);
        await recordHistory(tx, actor, { inspectionId, entity: 'role', entityId: `${g.accountId}:${g.role}`, action: 'revoke', before: g });
      });
    },

    /** Members of an inspection with their roles (whoever the policy lets see the team). */
    async members(actor: User, inspectionId: string): Promise<Array<{ accountId: string; displayName: string; email: string; roles: Role[] }>> {
      auth.requireRead(actor, await loadInspection(store, actor, inspectionId), 'team.read', `No team for inspection ${inspectionId}`);
      const rows = await memoised(store, `members:${inspectionId}`, () => store.query<{ id: string; display_name: string; email: string; role: Role }>(
        `SELECT a.id, a.display_name, a.email, r.role FROM inspection_roles r JOIN accounts a ON a.id = r.account_id
          WHERE r.inspection_id = $1 ORDER BY a.display_name, r.role`,
        [inspectionId],
      ));
      const by = new Map<string, { accountId: string; displayName: string; email: string; roles: Role[] }>();
      for (const r of rows) {
        const m = by.get(r.id) ?? { accountId: r.id, displayName: r.display_name, email: r.email, roles: [] };
        m.roles.push(r.role);
        by.set(r.id, m);
      }
      return [...by.values()];
    },
  });
}

/** Methods that change no role, session, password or account status; every other one clears the session cache. */
const READS: ReadonlySet<string> = new Set(['signIn', 'userForSession', 'loadUser', 'list', 'findByEmail', 'members']);

/**
 * Every method of the service that is not a read clears the session cache when it ends (done or refused), so
 * that the very next request sees a revoked role, a sign-out, a reset password or a disabled account. A new
 * method gets this without doing anything; one that only reads belongs in READS.
 */
function clearSessionsAfterChanges<T extends Record<string, unknown>>(sessions: SessionCache, service: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(service)) {
    if (READS.has(name) || typeof fn !== 'function') {
      wrapped[name] = fn;
      continue;
    }
    wrapped[name] = (...args: unknown[]) => {
      let result: unknown;
      try {
        result = (fn as (...a: unknown[]) => unknown)(...args);
      } catch (err) {
        sessions.clear();
        throw err;
      }
      if (result instanceof Promise) return result.finally(() => sessions.clear());
      sessions.clear();
      return result;
    };
  }
  return wrapped as T;
}

export type AccountService = ReturnType<typeof accountService>;
