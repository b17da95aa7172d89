/**
 * The library of published inspections as use cases over the store: add a report (PDF or text, read by the
 * importer), list and filter, read one, correct a field with a recorded reason (written to the same
 * append-only history as every other change), and benchmark a service against the library.
 * Any signed-in account may read; adding and correcting need a lead inspector (on any inspection) or the
 * site administrator.
 */
import { benchmark, matchesFilter, percentOf, type Benchmark, type BenchmarkFilter, type BenchmarkSubject } from '../../core/benchmark/index.js';
import type { FrameworkVersion } from '../../core/framework/index.js';
import type { RateOutput } from '../../core/rating/index.js';
import type { ReportData } from '../../core/report/index.js';
import { DEFAULT_CONFIDENCE, wilsonInterval, type Interval, type RatingFirmness } from '../../core/quality/index.js';
import { importedReportSchema, type ImportedReport } from '../../importer/index.js';
import { readReportUpload, ReportUploadError } from '../../importer/upload.js';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../errors.js';
import { newId, recordHistory, type User } from '../context.js';
import { LIMITS } from '../limits.js';
import { tooLong } from '../schemas.js';
import type { Queryable, Store } from '../../store/index.js';
import { applyCorrection, CorrectionError } from './fields.js';
import { publishedInspectionReport } from './published.js';

export const MAX_REPORT_BYTES = 20 * 1024 * 1024;
export const HISTORY_ENTITY = 'library-report';

export interface LibraryReport {
  readonly id: string;
  readonly fileName: string;
  /** `inspection`: a yjinspect inspection added on publication, with its exact figures (no import). */
  readonly sourceKind: 'pdf' | 'text' | 'inspection';
  /** The published inspection it came from (source kind `inspection`), or null. */
  readonly inspectionId: string | null;
  readonly provider: string | null;
  readonly published: string | null;
  readonly framework: FrameworkVersion | null;
  /** What the importer read, unchanged. */
  readonly imported: ImportedReport;
  /** The figures now, after corrections. */
  readonly data: ImportedReport;
  readonly uploadedBy: string | null;
  readonly uploadedAt: string;
  readonly version: number;
}

export interface LibraryCorrection {
  readonly at: string;
  readonly actorName: string | null;
  readonly action: string;
  readonly field: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly reason: string | null;
}

export interface LibraryFilter extends BenchmarkFilter {
  /** Part of the provider's name, any case; '' for all. */
  readonly provider?: string;
}

interface Row {
  id: string;
  file_name: string;
  source_kind: 'pdf' | 'text' | 'inspection';
  inspection_id: string | null;
  provider: string | null;
  published: string | null;
  framework_version: FrameworkVersion | null;
  imported: unknown;
  data: unknown;
  uploaded_by: string | null;
  uploaded_at: string | Date;
  version: number;
}

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

/** A report as listed: without the importer's original reading, which only the report's own page needs. */
export type LibraryEntry = Omit<LibraryReport, 'imported'>;

const toEntry = (r: Omit<Row, 'imported'>): LibraryEntry => ({
  id: r.id,
  fileName: r.file_name,
  sourceKind: r.source_kind,
  inspectionId: r.inspection_id,
  provider: r.provider,
  published: r.published,
  framework: r.framework_version,
  data: importedReportSchema.parse(json(r.data)),
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at instanceof Date ? r.uploaded_at.toISOString() : String(r.uploaded_at),
  version: Number(r.version),
});

const toReport = (r: Row): LibraryReport => ({
  id: r.id,
  fileName: r.file_name,
  sourceKind: r.source_kind,
  inspectionId: r.inspection_id,
  provider: r.provider,
  published: r.published,
  framework: r.framework_version,
  imported: importedReportSchema.parse(json(r.imported)),
  data: importedReportSchema.parse(json(r.data)),
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at instanceof Date ? r.uploaded_at.toISOString() : String(r.uploaded_at),
  version: Number(r.version),
});

const COLUMNS = `id, file_name, source_kind, inspection_id, provider, published, framework_version, imported, data, uploaded_by, uploaded_at, version`;

/** Adding to and correcting the library: the site administrator or a lead inspector. */
export function canManageLibrary(user: User | null): boolean {
  return !!user && (user.isAdmin || user.roles.some((r) => r.role === 'lead-inspector'));
}

function requireUser(user: User | null): User {
  if (!user) throw new UnauthenticatedError();
  return user;
}

function requireManager(user: User | null, what: string): User {
  const u = requireUser(user);
  if (!canManageLibrary(u)) throw new ForbiddenError(`Only a lead inspector or the site administrator may ${what}`);
  return u;
}

/**
 * A benchmark subject from a report in the library. Where the report prints a key question's counts, its
 * interval is the Wilson interval at 80% (the level HMIP's samples are drawn for), with no population known.
 */
export function reportSubject(r: LibraryEntry): BenchmarkSubject {
  const keyQuestions: Record<string, number | null> = {};
  const intervals: Record<string, Interval | null> = {};
  for (const s of r.data.standards) {
    for (const k of s.keyQuestions) {
      keyQuestions[k.id] = percentOf(k);
      const known = k.relevant !== null && k.yes !== null && k.relevant > 0 && k.yes <= k.relevant;
      const w = known ? wilsonInterval(k.yes!, k.relevant!, { confidence: DEFAULT_CONFIDENCE }) : null;
      intervals[k.id] = w ? { confidence: w.confidence, lower: w.lower * 100, upper: w.upper * 100 } : null;
    }
  }
  return { id: r.id, label: r.provider ?? r.fileName, framework: r.framework, published: r.published, keyQuestions, intervals };
}

/**
 * A benchmark subject from an inspection in progress: the rating engine's exact key-question figures and, given
 * how firm its ratings are (services.ratings.firmness), each key question's interval at the inspection's level.
 */
export function inspectionSubject(inspectionId: string, title: string, ratings: RateOutput, firmness?: Pick<RatingFirmness, 'keyQuestions'>): BenchmarkSubject {
  const keyQuestions: Record<string, number | null> = {};
  for (const s of ratings.standards) for (const k of s.keyQuestions) keyQuestions[k.id] = k.percent;
  const intervals: Record<string, Interval | null> = {};
  for (const k of firmness?.keyQuestions ?? []) intervals[k.id] = k.intervals[0] ?? null;
  return { id: `inspection:${inspectionId}`, label: title, framework: ratings.framework, published: null, keyQuestions, intervals };
}

/** What the library needs to add a published inspection: its report data, the engine's output, title and publication date. */
export interface PublishedInspection {
  readonly title: string;
  readonly publishedOn: string | null;
  readonly data: ReportData;
  /** Null when the engine could not rate the data (nothing is added then). */
  readonly output: RateOutput | null;
}

export interface LibraryHooks {
  /** The published inspection's figures, read whole (the library is everyone's once it is published). */
  readonly publishedInspection?: (inspectionId: string) => Promise<PublishedInspection>;
}

/**
 * SQL: library entry `l` is published inspection `i` — added from it, or uploaded as its report (the same
 * service and month, as addPublished matches them).
 */
const ENTRY_OF_INSPECTION = `(l.inspection_id = i.id OR (l.inspection_id IS NULL AND l.published = to_char(i.published_on, 'YYYY-MM')
  AND lower(l.provider) = (SELECT lower(s.name) FROM services s WHERE s.id = i.service_id)))`;

export function libraryService(store: Store, hooks: LibraryHooks = {}) {
  async function load(db: Queryable, id: string): Promise<LibraryReport> {
    const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM library_reports WHERE id = $1`, [id]);
    if (!rows[0]) throw new NotFoundError(`No report ${id} in the library`);
    return toReport(rows[0]);
  }

  /** The entry added from a published inspection, if any. */
  async function addedFrom(db: Queryable, inspectionId: string): Promise<string | null> {
    return (await db.query<{ id: string }>(`SELECT id FROM library_reports WHERE inspection_id = $1`, [inspectionId]))[0]?.id ?? null;
  }

  /**
   * Add a published inspection with its exact figures, once: a second call, or another instance at the same
   * moment, adds nothing. An inspection whose report is already in the library by upload (same provider and
   * month) is not added twice either: it would count twice in every benchmark. Returns the entry's id.
   */
  async function addPublished(actor: User | null, inspectionId: string): Promise<string | null> {
    const existing = await addedFrom(store, inspectionId);
    if (existing) return existing;
    if (!hooks.publishedInspection) return null;
    const published = await hooks.publishedInspection(inspectionId);
    if (!published.output) return null;
    const report = publishedInspectionReport(published.data, published.output, published.publishedOn);
    const id = newId();
    return store.transaction(async (tx) => {
      const phase = await tx.query<{ phase: string }>(`SELECT phase FROM inspections WHERE id = $1`, [inspectionId]);
      if (phase[0]?.phase !== 'published') return null;
      if (report.provider && report.published) {
        const same = await tx.query<{ id: string }>(
          `SELECT id FROM library_reports WHERE lower(provider) = lower($1) AND published = $2 AND inspection_id IS NULL`, [report.provider, report.published]);
        if (same[0]) return same[0].id;
      }
      const added = await tx.query<{ id: string }>(
        `INSERT INTO library_reports (id, file_name, source_kind, inspection_id, provider, published, framework_version, imported, data, uploaded_by)
         VALUES ($1, $2, 'inspection', $3, $4, $5, $6, $7, $7, $8) ON CONFLICT (inspection_id) DO NOTHING RETURNING id`,
        [id, published.title.slice(0, 200), inspectionId, report.provider, report.published, report.framework, JSON.stringify(report), actor?.id ?? null],
      );
      if (!added[0]) return addedFrom(tx, inspectionId);
      await recordHistory(tx, actor, {
        inspectionId, entity: HISTORY_ENTITY, entityId: id, action: 'add-published',
        after: { inspection: inspectionId, provider: report.provider, published: report.published, framework: report.framework },
      });
      return id;
    });
  }

  /**
   * Published inspections not yet in the library (published before it took them, or added by a process that
   * stopped), leaving out those already there by an uploaded report of the same service and month.
   */
  async function catchUp(): Promise<void> {
    if (!hooks.publishedInspection) return;
    const missing = await store.query<{ id: string }>(
      `SELECT i.id FROM inspections i WHERE i.phase = 'published' AND NOT EXISTS (SELECT 1 FROM library_reports l WHERE ${ENTRY_OF_INSPECTION}) ORDER BY i.id`);
    for (const m of missing) await addPublished(null, m.id);
  }

  async function all(filter: LibraryFilter): Promise<LibraryEntry[]> {
    await catchUp();
    const rows = await store.query<Row>(`SELECT ${COLUMNS.replace('imported, ', '')} FROM library_reports ORDER BY published DESC NULLS LAST, provider, id`);
    const needle = (filter.provider ?? '').trim().toLowerCase();
    return rows.map(toEntry).filter((r) => matchesFilter(r, filter) && (!needle || (r.provider ?? r.fileName).toLowerCase().includes(needle)));
  }

  return {
    canManage: canManageLibrary,
    addPublished,

    /** The library entry of a published inspection (its benchmark's page), or null before publication. */
    async entryOfInspection(actor: User | null, inspectionId: string): Promise<string | null> {
      requireUser(actor);
      await catchUp();
      const rows = await store.query<{ id: string }>(
        `SELECT l.id FROM inspections i, library_reports l WHERE i.id = $1 AND ${ENTRY_OF_INSPECTION} ORDER BY (l.inspection_id IS NULL), l.id LIMIT 1`, [inspectionId]);
      return rows[0]?.id ?? null;
    },

    /** Read an uploaded report and keep it. Refuses what is not a report, saving nothing. */
    async add(actor: User | null, upload: { fileName: string; bytes: Uint8Array }): Promise<LibraryReport> {
      const user = requireManager(actor, 'add reports to the library');
      const fileName = upload.fileName.replace(/^.*[\\/]/, '').slice(0, 200) || 'report';
      if (upload.bytes.length === 0) throw new ValidationError([{ field: 'report', message: `${fileName} is empty; choose the report file` }]);
      if (upload.bytes.length > MAX_REPORT_BYTES) throw new ValidationError([{ field: 'report', message: `${fileName} is larger than ${MAX_REPORT_BYTES / 1048576} MB; a report is smaller` }]);
      // Read in a worker: a large PDF takes seconds to read, and the server keeps answering meanwhile.
      const { kind, report } = await readReportUpload(fileName, upload.bytes).catch((err: unknown) => {
        throw err instanceof ReportUploadError ? new ValidationError([{ field: 'report', message: err.message }]) : err;
      });
      if (report.standards.length === 0 && report.overall.rating === null) {
        throw new ValidationError([{ field: 'report', message: `Nothing in ${fileName} reads as an HMIP youth inspection report (no ratings or standards were found); nothing was saved` }]);
      }
      const id = newId();
      return store.transaction(async (tx) => {
        // The same inspection twice would count twice in every benchmark.
        if (report.provider && report.published) {
          const same = await tx.query<{ id: string; file_name: string }>(
            `SELECT id, file_name FROM library_reports WHERE lower(provider) = lower($1) AND published = $2`,
            [report.provider, report.published],
          );
          if (same[0]) {
            throw new ValidationError([{ field: 'report', message: `${report.provider}, published ${report.published}, is already in the library (from ${same[0].file_name}); open it there to correct it. Nothing was saved` }]);
          }
        }
        await tx.query(
          `INSERT INTO library_reports (id, file_name, source_kind, provider, published, framework_version, imported, data, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
          [id, fileName, kind, report.provider, report.published, report.framework, JSON.stringify(report), user.id],
        );
        await recordHistory(tx, user, {
          entity: HISTORY_ENTITY,
          entityId: id,
          action: 'import',
          after: { fileName, provider: report.provider, published: report.published, framework: report.framework, warnings: report.warnings.length },
        });
        return load(tx, id);
      });
    },

    async list(actor: User | null, filter: LibraryFilter): Promise<LibraryEntry[]> {
      requireUser(actor);
      return all(filter);
    },

    async get(actor: User | null, id: string): Promise<LibraryReport> {
      requireUser(actor);
      await catchUp();
      return load(store, id);
    },

    /** Correct one field by hand. The reason is required and kept in the history with before and after. */
    async correct(actor: User | null, id: string, input: { field: string; value: string; reason: string; version: number }): Promise<LibraryReport> {
      const user = requireManager(actor, 'correct reports in the library');
      const reason = input.reason.trim();
      const problems: { field: string; message: string }[] = [];
      if (!input.field) problems.push({ field: 'field', message: 'Choose the field to correct' });
      if (!reason) problems.push({ field: 'reason', message: 'Enter the reason for the correction; it is recorded with it' });
      else if (reason.length > LIMITS.reason) problems.push({ field: 'reason', message: tooLong('Reason for the correction', LIMITS.reason) });
      return store.transaction(async (tx) => {
        const current = await load(tx, id);
        if (current.sourceKind === 'inspection') {
          throw new ValidationError([{ field: 'field', message: 'These are the published inspection’s own figures, not a reading of a report, so they cannot be corrected here' }], 'The correction was not saved');
        }
        let corrected;
        try {
          corrected = input.field ? applyCorrection(current.data, input.field, input.value) : null;
        } catch (err) {
          if (!(err instanceof CorrectionError)) throw err;
          problems.push({ field: 'value', message: err.message });
        }
        if (problems.length > 0 || !corrected) throw new ValidationError(problems, 'The correction was not saved');
        if (input.version !== current.version) {
          throw new ConflictError(`Someone else changed this report after you opened it; your correction (${input.field} = ${input.value || 'not stated'}) was not saved. Check the figures and correct again.`, current);
        }
        const next = corrected.report;
        const updated = await tx.query(
          `UPDATE library_reports SET data = $2, provider = $3, published = $4, framework_version = $5, version = version + 1
           WHERE id = $1 AND version = $6 RETURNING id`,
          [id, JSON.stringify(next), next.provider, next.published, next.framework, current.version],
        );
        if (updated.length === 0) throw new ConflictError('Someone else changed this report at the same moment; your correction was not saved.', await load(tx, id));
        await recordHistory(tx, user, { entity: HISTORY_ENTITY, entityId: id, action: 'correct', before: { [input.field]: corrected.before }, after: { [input.field]: corrected.after }, reason });
        return load(tx, id);
      });
    },

    /** The report's import and every correction, oldest first. */
    async history(actor: User | null, id: string): Promise<LibraryCorrection[]> {
      requireUser(actor);
      await load(store, id);
      const rows = await store.query<{ at: string | Date; actor_name: string | null; action: string; before: unknown; after: unknown; reason: string | null }>(
        `SELECT h.at, a.display_name AS actor_name, h.action, h.before, h.after, h.reason
           FROM history h LEFT JOIN accounts a ON a.id = h.actor_id
          WHERE h.entity = $1 AND h.entity_id = $2 ORDER BY h.id`,
        [HISTORY_ENTITY, id],
      );
      return rows.map((r) => {
        const after = json(r.after) as Record<string, unknown> | null;
        return {
          at: r.at instanceof Date ? r.at.toISOString() : String(r.at),
          actorName: r.actor_name,
          action: r.action,
          field: r.action === 'correct' && after ? (Object.keys(after)[0] ?? null) : null,
          before: json(r.before),
          after,
          reason: r.reason,
        };
      });
    },

    /** Benchmark a report in the library against the rest of it. */
    async benchmarkReport(actor: User | null, id: string, filter: BenchmarkFilter): Promise<Benchmark> {
      requireUser(actor);
      const subject = reportSubject(await load(store, id));
      return benchmark(subject, (await all({ ...filter, framework: null })).map(reportSubject), filter);
    },

    /** Benchmark any service's figures (e.g. an inspection in progress) against the library. */
    async benchmarkSubject(actor: User | null, subject: BenchmarkSubject, filter: BenchmarkFilter): Promise<Benchmark> {
      requireUser(actor);
      // An inspection is not its own comparator once it is in the library (added, or its report uploaded).
      const own = subject.id.startsWith('inspection:')
        ? new Set((await store.query<{ id: string }>(`SELECT l.id FROM inspections i, library_reports l WHERE i.id = $1 AND ${ENTRY_OF_INSPECTION}`, [subject.id.slice('inspection:'.length)])).map((r) => r.id))
        : new Set<string>();
      const others = (await all({ ...filter, framework: null })).filter((r) => !own.has(r.id));
      return benchmark(subject, others.map(reportSubject), filter);
    },
  };
}

export type LibraryService = ReturnType<typeof libraryService>;
