/** The store: one database (embedded PGlite or a PostgreSQL server) behind a small query interface. */

export type StoreKind = 'pglite' | 'postgresql';

export interface QueryOptions {
  /**
   * Prepare the statement once under this name and reuse it (no parse and, once PostgreSQL settles on a
   * generic plan, no planning per call). Only for hot statements whose text never changes; one text per name.
   */
  readonly name?: string;
}

export interface Queryable {
  /** Run one parameterised statement and return its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<T[]>;
  /** Run a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Store extends Queryable {
  readonly kind: StoreKind;
  /** Run `fn` in one transaction: everything it wrote is committed together or not at all. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Run `fn` while no other process starts up on this database (migrations, first-start loading): on PostgreSQL
   * an advisory lock held by one session; on PGlite nothing more than the data-folder lock.
   */
  startupLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** `postgres://…`: use this PostgreSQL server; otherwise the embedded database in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  /** Folder of the embedded database (created if missing). Ignored for PostgreSQL. */
  readonly dataDir?: string | undefined;
  /** PostgreSQL only: keep every table in this schema (created if missing), e.g. one per test run. */
  readonly schema?: string | undefined;
  /** Apply pending migrations on open (default true). */
  readonly migrate?: boolean;
}
