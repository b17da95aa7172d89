/**
 * A request scope: the same store, with a memo of what one request has read already, so that a page made of
 * several use cases (the inspection overview) loads and authorises its inspection once, and reads the
 * ratings and the report's parts once. Only reads outside a transaction are memoised: a transaction is given
 * the store's own connection, never the memo, so the compare-and-set writes always read rows afresh and lock
 * them. Any write through the scope (a transaction, or a statement that is not a plain SELECT) forgets
 * everything memoised, so a page that writes and then reads sees its write.
 */
import type { Queryable, Store } from '../store/index.js';

const memos = new WeakMap<Queryable, Map<string, Promise<unknown>>>();
const bases = new WeakMap<Queryable, Store>();

export function requestScope(store: Store): Store {
  const base = bases.get(store) ?? store;
  const memo = new Map<string, Promise<unknown>>();
  const scoped: Store = {
    kind: base.kind,
    query: (sql, params, options) => {
      if (!/^\s*SELECT\b/i.test(sql) || /\bFOR\s+(UPDATE|NO\s+KEY|SHARE|KEY)\b/i.test(sql)) memo.clear();
      return base.query(sql, params, options);
    },
    exec: (sql) => {
      memo.clear();
      return base.exec(sql);
    },
    transaction: async (fn) => {
      try {
        return await base.transaction(fn);
      } finally {
        memo.clear();
      }
    },
    startupLock: (fn) => base.startupLock(fn),
    close: () => base.close(),
  };
  memos.set(scoped, memo);
  bases.set(scoped, base);
  return scoped;
}

/** The store a scope reads through (the store itself when it is not a scope). */
export function baseStore(store: Store): Store {
  return bases.get(store) ?? store;
}

/** `load()` once per request scope under `key`; without a scope (or inside a transaction) every call loads. */
export function memoised<T>(db: Queryable, key: string, load: () => Promise<T>): Promise<T> {
  const memo = memos.get(db);
  if (!memo) return load();
  let p = memo.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    memo.set(key, p);
    // A failed read is not remembered: the next caller tries again.
    p.catch(() => {
      if (memo.get(key) === p) memo.delete(key);
    });
  }
  return p;
}
