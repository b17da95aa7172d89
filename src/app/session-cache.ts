/**
 * A short-lived, in-process cache of signed-in users by session token hash, so that a burst of requests
 * (answers saving as they change) does not look the session up every time.
 *
 * Safe because: an entry lives SESSION_CACHE_MS at most (and never past its session's expiry); every change
 * of roles, passwords, sessions or account status made through the accounts service clears the cache
 * before that call returns, so the very next request in this process reads the database; and a lookup that
 * began before such a change is never stored (the generation moved on). Another server process on the same
 * PostgreSQL database keeps its own cache, so it may see such a change up to SESSION_CACHE_MS late.
 */
import type { Store } from '../store/index.js';
import type { User } from './context.js';
import { baseStore } from './scope.js';

export const SESSION_CACHE_MS = 2_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  readonly user: User;
  readonly until: number;
}

export interface SessionCache {
  get(tokenHash: string): User | undefined;
  /** The generation to hand back to `set`: a lookup started before a `clear` is not stored. */
  generation(): number;
  set(tokenHash: string, user: User, sessionExpiresAt: string, generation: number): void;
  clear(): void;
}

export function createSessionCache(now: () => number = Date.now, ttlMs = SESSION_CACHE_MS): SessionCache {
  const entries = new Map<string, Entry>();
  let gen = 0;
  return {
    get(tokenHash) {
      const e = entries.get(tokenHash);
      if (!e) return undefined;
      if (e.until > now()) return e.user;
      entries.delete(tokenHash);
      return undefined;
    },
    generation: () => gen,
    set(tokenHash, user, sessionExpiresAt, generation) {
      if (generation !== gen) return;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      const until = Math.min(now() + ttlMs, Date.parse(sessionExpiresAt));
      entries.set(tokenHash, { user: Object.freeze({ ...user, roles: Object.freeze([...user.roles]) }), until });
    },
    clear() {
      gen++;
      entries.clear();
    },
  };
}

// One cache per store, so that every accounts service over the same database shares it (and its clearing).
const caches = new WeakMap<Store, SessionCache>();

export function sessionCacheFor(scopedOrNot: Store): SessionCache {
  // A request scope (src/app/scope.ts) shares its store's cache.
  const store = baseStore(scopedOrNot);
  let c = caches.get(store);
  if (!c) caches.set(store, (c = createSessionCache()));
  return c;
}
