/** Reading a live database consistently while others write to it. */
import type { Store } from './types.js';

/**
 * The same store, except that each transaction reads one snapshot of the whole database (PostgreSQL REPEATABLE
 * READ), so that an export taken while a server writes never pairs a row with a state of another table from a
 * moment later. PGlite runs one transaction at a time, so its transactions already are.
 */
export function snapshotReads(store: Store): Store {
  if (store.kind !== 'postgresql') return store;
  return {
    ...store,
    transaction: (fn) => store.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      return fn(tx);
    }),
  };
}
