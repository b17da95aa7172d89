/**
 * Sign-in throttling (OWASP "device cookies"). Every attempt is counted before its password is checked, by one
 * atomic upsert per key that returns the new count, and refused once a count passes its limit: parallel
 * requests, and several server instances on one PostgreSQL database, cannot all slip under it.
 *
 * A browser that signed in to the account before carries a signed device cookie and is counted on its own key
 * only, so guesses from anywhere else, which lock the account's shared key, cannot lock its owner out.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable, Store } from '../store/index.js';
import { TooManyRequestsError } from './errors.js';
import { recordHistory } from './context.js';

export interface ThrottlePolicy {
  readonly maxFailuresPerAccount: number;
  readonly maxFailuresPerAddress: number;
  readonly failureWindowMinutes: number;
}

/** What one attempt was counted under: release it when the attempt succeeds. */
export interface Admitted {
  readonly keys: readonly string[];
  /** The device cookie's nonce when it was valid for the account. */
  readonly device: string | null;
}

export interface AttemptSource {
  readonly email: string;
  /** The account, when one has that email. */
  readonly accountId: string | null;
  readonly ip: string;
  /** The `yjinspect_device` cookie as sent, if any. */
  readonly deviceCookie?: string | undefined;
}

export function signInThrottle(store: Store, policy: ThrottlePolicy) {
  let deviceKey: Buffer | null = null;
  let lastSweep = 0;

  /** Counters whose window has passed are dropped, at most once a minute per process, so the table stays small. */
  async function sweep(): Promise<void> {
    if (Date.now() - lastSweep < 60_000) return;
    lastSweep = Date.now();
    await store.query(`DELETE FROM sign_in_attempts WHERE window_start <= now() - make_interval(mins => $1)`, [policy.failureWindowMinutes]);
  }

  async function signingKey(): Promise<Buffer> {
    if (deviceKey) return deviceKey;
    await store.query(`INSERT INTO server_keys (name, key) VALUES ('device-cookie', $1) ON CONFLICT (name) DO NOTHING`, [randomBytes(32).toString('base64url')]);
    const [row] = await store.query<{ key: string }>(`SELECT key FROM server_keys WHERE name = 'device-cookie'`);
    deviceKey = Buffer.from(row!.key, 'base64url');
    return deviceKey;
  }

  const sign = (key: Buffer, accountId: string, nonce: string) => createHmac('sha256', key).update(`${accountId}.${nonce}`).digest('base64url');

  /** The nonce of a device cookie signed for this account, or null. */
  async function deviceOf(cookie: string | undefined, accountId: string | null): Promise<string | null> {
    if (!cookie || !accountId || cookie.length > 200) return null;
    const [nonce, sig] = cookie.split('.');
    if (!nonce || !sig) return null;
    const want = Buffer.from(sign(await signingKey(), accountId, nonce));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got) ? nonce : null;
  }

  /** One more attempt under `key` in its window, atomically: the count including this one. */
  async function count(db: Queryable, key: string): Promise<number> {
    const [row] = await db.query<{ attempts: number }>(
      `INSERT INTO sign_in_attempts AS a (key, window_start, attempts) VALUES ($1, now(), 1)
       ON CONFLICT (key) DO UPDATE SET
         attempts = CASE WHEN a.window_start <= now() - make_interval(mins => $2) THEN 1 ELSE a.attempts + 1 END,
         window_start = CASE WHEN a.window_start <= now() - make_interval(mins => $2) THEN now() ELSE a.window_start END
       RETURNING attempts`,
      [key, policy.failureWindowMinutes],
    );
    return row!.attempts;
  }

  const refusal = () =>
    new TooManyRequestsError(
      `Too many failed sign-in attempts. Wait ${policy.failureWindowMinutes} minutes and try again, or ask a site administrator to reset your password.`,
      policy.failureWindowMinutes * 60,
    );

  return {
    /**
     * Count this attempt and refuse it (429) when a count is over its limit. The first attempt over a limit
     * records the lockout in the history.
     */
    async admit(source: AttemptSource): Promise<Admitted> {
      await sweep();
      const device = await deviceOf(source.deviceCookie, source.accountId);
      const limits: [string, number][] = device
        ? [[`device:${device}`, policy.maxFailuresPerAccount]]
        : [[`account:${source.email}`, policy.maxFailuresPerAccount], [`address:${source.ip}`, policy.maxFailuresPerAddress]];
      let refused = false;
      for (const [key, limit] of limits) {
        const n = await count(store, key);
        if (n <= limit) continue;
        refused = true;
        if (n === limit + 1) {
          const byAddress = key.startsWith('address:');
          await recordHistory(store, null, {
            entity: byAddress || !source.accountId ? 'sign-in' : 'account',
            entityId: byAddress ? key : source.accountId ?? source.email,
            action: 'lockout',
            after: { key: key.replace(/:.*/, ''), address: source.ip, email: source.email, limit, minutes: policy.failureWindowMinutes },
          });
        }
      }
      if (refused) throw refusal();
      return { keys: limits.map(([k]) => k), device };
    },

    /** A successful attempt is not a failure: a known device starts afresh, the shared counts go back by one. */
    async release(db: Queryable, admitted: Admitted): Promise<void> {
      for (const key of admitted.keys) {
        if (key.startsWith('device:')) await db.query(`DELETE FROM sign_in_attempts WHERE key = $1`, [key]);
        else await db.query(`UPDATE sign_in_attempts SET attempts = greatest(attempts - 1, 0) WHERE key = $1`, [key]);
      }
    },

    /** A site administrator's password reset lifts the account's lock. */
    async unlock(db: Queryable, email: string): Promise<void> {
      await db.query(`DELETE FROM sign_in_attempts WHERE key = $1`, [`account:${email}`]);
    },

    /** The device cookie for this account: the one sent when still valid, or a new one. */
    async deviceCookie(accountId: string, admitted: Admitted): Promise<string> {
      const nonce = admitted.device ?? randomBytes(16).toString('base64url');
      return `${nonce}.${sign(await signingKey(), accountId, nonce)}`;
    },
  };
}

export type SignInThrottle = ReturnType<typeof signInThrottle>;
