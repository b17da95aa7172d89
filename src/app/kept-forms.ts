/**
 * Forms posted after the session ended, kept so that they can be offered back on the same page after signing
 * in again. Each is keyed to a one-time token (it travels in the returnTo) and bound to one browser's cookie:
 * a token alone (a link someone was sent) restores nothing. Claiming is one DELETE … RETURNING, so a form is
 * given back once even when two instances are asked at the same moment.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../store/index.js';

export interface KeptFormsPolicy {
  readonly ttlMinutes: number;
  /** Forms kept at once across the service: posts need no session, so the total is bounded. */
  readonly maxForms: number;
  /** Characters of one form's fields, as JSON. */
  readonly maxChars: number;
}

export const defaultKeptFormsPolicy: KeptFormsPolicy = { ttlMinutes: 60, maxForms: 500, maxChars: 64 * 1024 };

const hash = (s: string) => createHash('sha256').update(s).digest('base64url');

export function keptFormService(store: Store, policy: KeptFormsPolicy = defaultKeptFormsPolicy, now: () => Date = () => new Date()) {
  return {
    /** Keep `fields` for `path` in `browser`; the one-time token, or null when it cannot be kept (too large, too many). */
    async keep(browser: string, path: string, fields: Record<string, string>): Promise<string | null> {
      const json = JSON.stringify(fields);
      if (json.length > policy.maxChars || !browser || browser.length > 100) return null;
      const at = now();
      await store.query(`DELETE FROM kept_forms WHERE expires_at <= $1`, [at]);
      const token = randomBytes(24).toString('base64url');
      const expires = new Date(at.getTime() + policy.ttlMinutes * 60_000);
      // One statement decides and inserts; parallel posts may overshoot the bound by a few, never unboundedly.
      const kept = await store.query(
        `INSERT INTO kept_forms (token_hash, browser_hash, path, fields, expires_at)
         SELECT $1, $2, $3, $4::jsonb, $5 WHERE (SELECT count(*) FROM kept_forms) < $6 RETURNING token_hash`,
        [hash(token), hash(browser), path, json, expires, policy.maxForms],
      );
      return kept.length ? token : null;
    },

    /** The fields kept under `token` for `path` by `browser`, once; null otherwise. */
    async claim(browser: string | undefined, path: string, token: unknown): Promise<Record<string, string> | null> {
      if (typeof token !== 'string' || token.length > 100 || !browser || browser.length > 100) return null;
      const [row] = await store.query<{ fields: Record<string, string> | string }>(
        `DELETE FROM kept_forms WHERE token_hash = $1 AND browser_hash = $2 AND path = $3 AND expires_at > $4 RETURNING fields`,
        [hash(token), hash(browser), path, now()],
      );
      if (!row) return null;
      return typeof row.fields === 'string' ? (JSON.parse(row.fields) as Record<string, string>) : row.fields;
    },
  };
}

export type KeptFormService = ReturnType<typeof keptFormService>;
