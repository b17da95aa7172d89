/**
 * Frameworks as the service uses them: the core's registry (src/core/framework/registry.ts) filled from the
 * `frameworks` table, which the FRAMEWORKS_DIR folder and a site administrator's uploads write to. Every
 * instance sharing the database reads the table, so a framework one instance adds is known to the others the
 * first time an inspection names it. A framework an inspection uses never changes: a new version is a new id.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  canonicalJson,
  checkFrameworkFile,
  getFramework,
  hasCaseDomain,
  isFrameworkVersion,
  registerFramework,
  registeredFramework,
  registeredFrameworks,
  unregisterFramework,
  type FrameworkFile,
  type FrameworkSource,
  type FrameworkVersion,
} from '../core/framework/index.js';
import { domainOfCode } from '../core/vocabulary.js';
import type { Queryable, Store } from '../store/index.js';
import { recordHistory, type User } from './context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors.js';
import { frameworkLineFinder, parseFrameworkText } from './framework-text.js';
import { LIMITS } from './limits.js';
import { parse } from './schemas.js';
import { z } from 'zod';

/** A framework as the Frameworks page lists it. */
export interface FrameworkSummary {
  readonly id: FrameworkVersion;
  readonly title: string;
  readonly appliesTo: string;
  readonly source: FrameworkSource;
  /** sha256 of the file's content (key order and the $schema line do not count). */
  readonly contentHash: string;
  readonly fileName: string | null;
  readonly standards: number;
  readonly keyQuestions: number;
  /** How many inspections and audits use it (once one does, it cannot change). */
  readonly usedBy: number;
  readonly addedAt: string | null;
}

interface Row {
  id: string;
  content_hash: string;
  content: FrameworkFile | string;
  source: Exclude<FrameworkSource, 'built-in'>;
  file_name: string | null;
  added_at: string;
}

export function contentHash(file: FrameworkFile): string {
  return createHash('sha256').update(canonicalJson(file)).digest('hex');
}

const content = (r: Row): FrameworkFile => (typeof r.content === 'string' ? (JSON.parse(r.content) as FrameworkFile) : r.content);

/** Registers a stored framework in this process (checked again: the table is data from outside the code). */
function registerRow(r: Row): void {
  const checked = checkFrameworkFile(content(r));
  if (!checked.ok) return;
  // Stored content is the truth for every instance: a changed (unused) upload replaces what this one had.
  registerFramework(checked.file, r.source, { replace: true });
}

const SELECT_ROW = `SELECT id, content_hash, content, source, file_name, added_at::text FROM frameworks`;

/** Makes sure the framework an inspection names is loaded here; reads the table only when it is not. */
export async function ensureFramework(db: Queryable, id: string): Promise<void> {
  if (isFrameworkVersion(id)) return;
  const rows = await db.query<Row>(`${SELECT_ROW} WHERE id = $1`, [id]);
  if (rows[0]) registerRow(rows[0]);
}

/**
 * For a new inspection (inside its transaction): waits for any upload of the framework in progress, then
 * checks this process has the stored content (another instance may have replaced an unused upload), so the
 * inspection starts on exactly what the table holds; from then on the framework cannot change.
 */
export async function useFramework(tx: Queryable, id: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock_shared(hashtext('framework:' || $1))`, [id]);
  const entry = registeredFramework(id);
  if (entry?.source === 'built-in') return;
  const [row] = await tx.query<Row>(`${SELECT_ROW} WHERE id = $1`, [id]);
  if (!row) {
    if (entry) unregisterFramework(id);
    throw new ValidationError([{ field: 'frameworkVersion', message: `There is no framework ${id}: choose one from the list` }]);
  }
  if (!entry || contentHash(entry.file) !== row.content_hash) registerRow(row);
}

/** Refuses a case of a domain the inspection's framework has no standards for, on the domain field. */
export function requireCaseDomain(frameworkId: FrameworkVersion, domain: number): void {
  const fw = getFramework(frameworkId);
  if (hasCaseDomain(fw, domain)) return;
  const label = domainOfCode(domain)?.label.toLowerCase() ?? `domain ${domain}`;
  throw new ValidationError([{ field: 'domain', message: `The ${fw.title} has no standards for ${label} cases: choose another domain` }]);
}

/** A case audit reviews cases: its framework must have at least one case-assessed standard. */
export function requireAuditable(frameworkId: FrameworkVersion): void {
  const fw = getFramework(frameworkId);
  if (!fw.standards.some((s) => s.kind === 'case-assessed')) {
    throw new ValidationError([{ field: 'frameworkVersion', message: `The ${fw.title} has no standards answered per case, so it cannot be used for a case audit` }]);
  }
}

async function usedBy(db: Queryable, id: string): Promise<number> {
  const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM inspections WHERE framework_version = $1`, [id]);
  return r?.n ?? 0;
}

/** An upload: the file's name (its extension says JSON or YAML) and its text. */
export const frameworkUploadInput = z.object({
  fileName: z.string().trim().max(200, 'The file name must be 200 characters or fewer')
    .regex(/\.(json|ya?ml)$/i, 'The selected file must be a JSON or YAML file (.json, .yaml or .yml)').default('framework.yaml'),
  text: z.string('Select a framework file').min(1, 'The selected file is empty'),
});
export type FrameworkUpload = z.output<typeof frameworkUploadInput>;

/** A problem with an upload, each naming the place in the file when it can. */
function fileProblems(fileName: string, text: string, problems: readonly { path: string; message: string }[]): ValidationError {
  const line = frameworkLineFinder(text);
  const n = problems.length;
  return new ValidationError(
    problems.slice(0, 50).map((p) => {
      const at = line(p.path);
      return { field: 'file', message: `${p.path}${at === undefined ? '' : ` (line ${at})`}: ${p.message}` };
    }),
    `${fileName} is not a valid framework file: ${n} problem${n === 1 ? '' : 's'}`,
  );
}

/** Parses and checks a framework file's text; problems are a ValidationError on the file field. */
export function readFrameworkUpload(upload: FrameworkUpload): FrameworkFile {
  if (Buffer.byteLength(upload.text) > LIMITS.frameworkFileBytes) {
    throw new ValidationError([{ field: 'file', message: `The selected file must be smaller than ${LIMITS.frameworkFileBytes / 1_000_000}MB` }]);
  }
  const data = parseFrameworkText(upload.fileName, upload.text);
  if (!data.ok) throw new ValidationError([{ field: 'file', message: data.message }]);
  const checked = checkFrameworkFile(data.value);
  if (!checked.ok) throw fileProblems(upload.fileName, upload.text, checked.problems);
  return checked.file;
}

export function frameworkService(store: Store) {
  /** Stores a checked file (upload or folder) under the immutability rule, and registers it here. */
  async function add(actor: User | null, file: FrameworkFile, source: Exclude<FrameworkSource, 'built-in'>, fileName: string | null): Promise<{ summary: FrameworkSummary; added: boolean }> {
    const known = registeredFramework(file.version);
    if (known?.source === 'built-in') {
      throw new ValidationError([{ field: 'file', message: `${file.version} is the id of a built-in framework: give yours another version id` }]);
    }
    const hash = contentHash(file);
    const added = await store.transaction(async (tx) => {
      // One writer per framework id at a time: two uploads of one id cannot both pass the "unused" check.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('framework:' || $1))`, [file.version]);
      const [before] = await tx.query<{ content_hash: string }>(`SELECT content_hash FROM frameworks WHERE id = $1`, [file.version]);
      if (before?.content_hash === hash) return false;
      const inUse = async (): Promise<ConflictError> => {
        const n = await usedBy(tx, file.version);
        return new ConflictError(`Framework ${file.version} is used by ${n} inspection${n === 1 ? '' : 's'} and cannot change: give the new version a new version id`, { id: file.version, usedBy: n });
      };
      const changedMeanwhile = () => new ConflictError(`Someone changed framework ${file.version} since this upload started: upload the file again`, { id: file.version });
      if (before) {
        if ((await usedBy(tx, file.version)) > 0) throw await inUse();
        // Compare-and-set in SQL: the content read above, and still no inspection on it.
        const replaced = await tx.query(
          `UPDATE frameworks SET content_hash = $2, content = $3, source = $4, file_name = $5, added_by = $6, added_at = now()
            WHERE id = $1 AND content_hash = $7 AND NOT EXISTS (SELECT 1 FROM inspections WHERE framework_version = $1) RETURNING id`,
          [file.version, hash, JSON.stringify(file), source, fileName, actor?.id ?? null, before.content_hash]);
        if (replaced.length === 0) throw (await usedBy(tx, file.version)) > 0 ? await inUse() : changedMeanwhile();
      } else {
        const inserted = await tx.query(
          `INSERT INTO frameworks (id, content_hash, content, source, file_name, added_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [file.version, hash, JSON.stringify(file), source, fileName, actor?.id ?? null]);
        if (inserted.length === 0) throw changedMeanwhile();
      }
      await recordHistory(tx, actor, {
        entity: 'framework', entityId: file.version, action: before ? 'replace' : 'add',
        before: before ? { contentHash: before.content_hash } : null,
        after: { contentHash: hash, source, fileName, title: file.title },
      });
      return true;
    });
    const outcome = registerFramework(file, source, { replace: true });
    if (!outcome.ok) throw new ValidationError([{ field: 'file', message: outcome.reason }]);
    return { summary: await summaryOf(store, file.version), added };
  }

  async function summaryOf(db: Queryable, id: string): Promise<FrameworkSummary> {
    const entry = registeredFramework(id);
    if (!entry) throw new NotFoundError(`There is no framework ${id}`);
    const [row] = entry.source === 'built-in' ? [] : await db.query<Row>(`${SELECT_ROW} WHERE id = $1`, [id]);
    return {
      id,
      title: entry.file.title,
      appliesTo: entry.file.appliesTo,
      source: entry.source,
      contentHash: row?.content_hash ?? contentHash(entry.file),
      fileName: row?.file_name ?? null,
      standards: entry.framework.standards.length,
      keyQuestions: entry.framework.standards.reduce((n, s) => n + s.keyQuestions.length, 0),
      usedBy: await usedBy(db, id),
      addedAt: row?.added_at ?? null,
    };
  }

  const requireAdmin = (actor: User, what: string): void => {
    if (!actor.isAdmin) throw new ForbiddenError(`Only a site administrator may ${what}`);
  };

  return {
    /** Loads every stored framework into this process (at start-up; later ones arrive through ensureFramework). */
    async load(): Promise<void> {
      const rows = await store.query<Row>(`${SELECT_ROW} ORDER BY id`);
      for (const r of rows) registerRow(r);
    },

    /**
     * Adds every framework file in a folder (FRAMEWORKS_DIR). A file that is not valid, or that would change a
     * framework in use, stops the start with every problem named: a silently skipped framework would leave its
     * inspections unreadable.
     */
    async loadFolder(dir: string): Promise<FrameworkSummary[]> {
      const names = (await readdir(dir)).filter((f) => /\.(json|ya?ml)$/i.test(f)).sort();
      const problems: string[] = [];
      const loaded: FrameworkSummary[] = [];
      for (const name of names) {
        const text = await readFile(join(dir, name), 'utf8');
        try {
          loaded.push((await add(null, readFrameworkUpload({ fileName: name, text }), 'folder', name)).summary);
        } catch (err) {
          if (err instanceof ValidationError) problems.push(`${join(dir, name)} is not a valid framework file:${err.fields.map((f) => `\n    ${f.message}`).join('')}`);
          else if (err instanceof ConflictError) problems.push(`${join(dir, name)}: ${err.message}`);
          else throw err;
        }
      }
      if (problems.length) throw new Error(`FRAMEWORKS_DIR has files that cannot be loaded:\n  ${problems.join('\n  ')}`);
      return loaded;
    },

    /** Every loaded framework (any signed-in person may see which exist, to choose one). */
    async list(_actor: User): Promise<FrameworkSummary[]> {
      await this.load();
      return Promise.all(registeredFrameworks().map((e) => summaryOf(store, e.id)));
    },

    async get(_actor: User, id: string): Promise<FrameworkSummary & { file: FrameworkFile }> {
      await ensureFramework(store, id);
      const entry = registeredFramework(id);
      if (!entry) throw new NotFoundError(`There is no framework ${id}`);
      return { ...(await summaryOf(store, id)), file: entry.file };
    },

    /** A site administrator adds a framework file (JSON or YAML), or replaces one no inspection uses yet. */
    async upload(actor: User, input: unknown): Promise<{ summary: FrameworkSummary; added: boolean }> {
      requireAdmin(actor, 'add a framework');
      const upload = parse(frameworkUploadInput, input);
      return add(actor, readFrameworkUpload(upload), 'upload', upload.fileName);
    },

    /** Removes an uploaded framework no inspection uses. */
    async remove(actor: User, id: string): Promise<void> {
      requireAdmin(actor, 'remove a framework');
      if (registeredFramework(id)?.source === 'built-in') throw new ForbiddenError(`${id} is built in and cannot be removed`);
      await store.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('framework:' || $1))`, [id]);
        const refuse = async (): Promise<void> => {
          const n = await usedBy(tx, id);
          if (n > 0) throw new ConflictError(`Framework ${id} is used by ${n} inspection${n === 1 ? '' : 's'} and cannot be removed`, { id, usedBy: n });
        };
        await refuse();
        // Compare-and-set in SQL: removed only while no inspection uses it.
        const gone = await tx.query(
          `DELETE FROM frameworks WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM inspections WHERE framework_version = $1) RETURNING content_hash`, [id]);
        if (gone.length === 0) {
          await refuse();
          throw new NotFoundError(`There is no framework ${id}`);
        }
        await recordHistory(tx, actor, { entity: 'framework', entityId: id, action: 'remove', before: gone[0] });
      });
      unregisterFramework(id);
    },
  };
}

export type FrameworkService = ReturnType<typeof frameworkService>;
