/**
 * Sampling plans kept in the store: the uploaded population (refs and classifications only), the seed and
 * parameters, every size override with who, when and why, the confirmed sample and reserve list in order,
 * and every replacement. Confirming creates the inspection's cases in one transaction; replacing a case
 * swaps it for the reserve that keeps the balance best (the core's `replaceCase`). Every change is written
 * to the server's append-only history. Only the lead inspector samples, overrides, confirms and replaces.
 */
import { z } from 'zod';
import {
  AGE_BANDS,
  comparisonTable,
  DEFAULT_SIZE_PARAMETERS,
  DISPOSAL_TYPES,
  drawSample,
  ETHNICITIES,
  GENDERS,
  LEVELS,
  replaceCase,
  SAMPLING_DOMAINS,
  type PopulationCase,
  type ReserveCase,
  type SampledCase,
  type SampleOptions,
  type SampleResult,
  type SamplingDomain,
  type SizeOverride,
  type SizePlan,
} from '../../core/sampling/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { requireCaseDomain } from '../frameworks.js';
import type { FrameworkVersion } from '../../core/framework/index.js';
import { DEFAULT_AUTHORIZER, loadInspection, newId, recordHistory, type Authorizer, type InspectionRow, type User } from '../context.js';
import { caseInput, caseRef, parse } from '../schemas.js';
import type { Queryable, Store } from '../../store/index.js';
import { toCaseInput } from './to-cases.js';
import { frameworkFor } from '../rating-input.js';
import { memoised } from '../scope.js';

/** A discarded plan was confirmed once; its cases were removed before any had answers (the history keeps them). */
export type PlanState = 'proposed' | 'confirmed' | 'discarded';

/** What drawSample needs besides the rows and the overrides; the framework (and its sampling defaults) comes from the inspection. */
export type PlanParameters = Omit<SampleOptions, 'overrides' | 'framework' | 'defaults'>;

/** The framework's sampling section: where a plan's confidence, margin, split and windows start. */
function defaultsOf(framework: InspectionRow['framework_version']): SampleOptions['defaults'] {
  return frameworkFor(framework).sampling;
}

export interface OverrideRecord extends SizeOverride {
  readonly from: number;
  readonly by: string | null;
  readonly at: string;
}

export interface ReplacementRecord {
  readonly domain: SamplingDomain;
  readonly removed: string;
  readonly added: string;
  readonly reason: string;
  readonly by: string | null;
  readonly at: string;
}

export interface PlanSummary {
  readonly id: string;
  readonly inspectionId: string;
  readonly state: PlanState;
  readonly fileName: string;
  readonly seed: number;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly confirmedBy: string | null;
  readonly confirmedAt: string | null;
  readonly version: number;
}

export interface SamplingPlan extends PlanSummary {
  readonly parameters: PlanParameters;
  /** Every override in the order made (the latest per domain is in force). */
  readonly overrides: readonly OverrideRecord[];
  readonly replacements: readonly ReplacementRecord[];
  /** The sample as proposed now, or (confirmed) as confirmed and replaced since; sizes as confirmed. */
  readonly result: SampleResult;
  /** The case each sampled ref created (confirmed plans). */
  readonly caseIds: Readonly<Record<string, string>>;
}

export interface ProposeInput {
  readonly fileName: string;
  readonly cases: readonly PopulationCase[];
  readonly parameters: PlanParameters;
}

const MAX_ROWS = 100_000;

const populationCase = z.object({
  ref: caseRef,
  disposalType: z.enum(DISPOSAL_TYPES.map((d) => d.label) as [string, ...string[]]),
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the start date as YYYY-MM-DD'),
  gender: z.enum(GENDERS),
  ageBand: z.enum(AGE_BANDS),
  ethnicity: z.enum(ETHNICITIES),
  riskOfSeriousHarm: z.enum(LEVELS),
  safetyAndWellbeing: z.enum(LEVELS),
});

const parametersInput = z.object({
  seed: z.number().int('The seed is a whole number').min(0).max(Number.MAX_SAFE_INTEGER),
  confidence: z.number().gt(0).lt(100).optional(),
  margin: z.number().gt(0).lt(100).optional(),
  fieldwork: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the fieldwork date as YYYY-MM-DD').optional(),
  windows: z.record(z.string(), z.unknown()).optional(),
  reserve: z.number().int().min(0).max(10_000).optional(),
});

const proposeInput = z.object({
  fileName: z.string().trim().min(1, 'Name the population file').max(255),
  cases: z.array(populationCase).min(1, 'The population file has no rows').max(MAX_ROWS, `A population file has at most ${MAX_ROWS} rows`),
  parameters: parametersInput,
});

const overrideInput = z.object({
  domain: z.enum(SAMPLING_DOMAINS, 'Choose the domain whose sample size you are changing'),
  sample: z.coerce.number().int('Enter the number of cases as a whole number').min(0, 'The number of cases cannot be negative').max(100_000),
  reason: z.string().trim().min(1, 'Enter the reason for changing the sample size; it is recorded with the sample').max(2000),
  version: z.coerce.number().int().min(1).max(2_147_483_647, 'version is too large: send the version you last saw').optional(),
});

const replaceInput = z.object({
  ref: caseRef,
  reason: z.string().trim().min(1, 'Enter why the case cannot be inspected; it is recorded with the replacement').max(2000),
  version: z.coerce.number().int().min(1).max(2_147_483_647, 'version is too large: send the version you last saw').optional(),
});

const discardConfirmedInput = z.object({
  reason: z.string().trim().min(1, 'Enter why the confirmed sample is discarded; it is recorded in the history').max(2000),
  version: z.coerce.number().int().min(1).optional(),
});

interface PlanRow {
  id: string;
  inspection_id: string;
  state: PlanState;
  file_name: string;
  seed: string | number;
  framework: FrameworkVersion;
  parameters: PlanParameters | string;
  sizes: SizePlan | string | null;
  created_by: string | null;
  created_at: string;
  confirmed_by: string | null;
  confirmed_at: string | null;
  version: number;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

const PLAN_SELECT = `SELECT p.id, p.inspection_id, p.state, p.file_name, p.seed, p.framework, p.parameters, p.sizes,
    c.display_name AS created_by, p.created_at, f.display_name AS confirmed_by, p.confirmed_at, p.version
  FROM sampling_plans p LEFT JOIN accounts c ON c.id = p.created_by LEFT JOIN accounts f ON f.id = p.confirmed_by`;

/** A plan in the inspection's list, with how many cases of it were replaced from the reserve list, per domain. */
type ListedPlanRow = PlanRow & { replaced: Partial<Record<SamplingDomain, number>> | string | null };

/**
 * The inspection's plans, newest first, with their replacement counts: read once per request scope (the plans
 * list, and the report's precision and replacements).
 */
const planRows = (db: Queryable, inspectionId: string): Promise<ListedPlanRow[]> =>
  memoised(db, `plans:${inspectionId}`, () => db.query<ListedPlanRow>(
    `SELECT p.id, p.inspection_id, p.state, p.file_name, p.seed, p.framework, p.parameters, p.sizes,
            c.display_name AS created_by, p.created_at, f.display_name AS confirmed_by, p.confirmed_at, p.version,
            (SELECT json_object_agg(x.domain, x.n) FROM (SELECT r.domain, count(*)::int AS n FROM sampling_replacements r
              WHERE r.plan_id = p.id GROUP BY r.domain) x) AS replaced
       FROM sampling_plans p LEFT JOIN accounts c ON c.id = p.created_by LEFT JOIN accounts f ON f.id = p.confirmed_by
      WHERE p.inspection_id = $1 ORDER BY p.created_at DESC, p.id`,
    [inspectionId],
  ));

/** The plan confirmed last, if any. */
function latestConfirmed<R extends PlanRow>(rows: readonly R[]): R | undefined {
  const time = (t: string | Date | null) => (t === null ? 0 : new Date(t).getTime());
  return rows.filter((r) => r.state === 'confirmed')
    .sort((a, b) => time(b.confirmed_at) - time(a.confirmed_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}

const toSummary = (r: PlanRow): PlanSummary => ({
  id: r.id,
  inspectionId: r.inspection_id,
  state: r.state,
  fileName: r.file_name,
  seed: Number(r.seed),
  createdBy: r.created_by,
  createdAt: r.created_at,
  confirmedBy: r.confirmed_by,
  confirmedAt: r.confirmed_at,
  version: r.version,
});

const isUniqueViolation = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === '23505';

/** The inspection, if the actor may sample it (the lead inspector, while it is not published). */
async function leadInspection(auth: Authorizer, db: Queryable, actor: User, inspectionId: string, what: string): Promise<InspectionRow> {
  const ins = await loadInspection(db, actor, inspectionId);
  auth.require(actor, ins, 'sampling.write', { what });
  return ins;
}

/**
 * The plans are the lead inspector's to see (others on the team are refused); someone who may not even see where
 * the inspection stands (a local assessor) is not told they exist.
 */
function requirePlansRead(auth: Authorizer, actor: User, ins: InspectionRow): void {
  auth.requireRead(actor, ins, 'workflow.read', `No sampling plans in inspection ${ins.id}`);
  auth.require(actor, ins, 'sampling.read', { what: 'see the sampling plans' });
}

async function planRow(db: Queryable, inspectionId: string, planId: string, lock = false): Promise<PlanRow> {
  if (lock) await db.query(`SELECT 1 FROM sampling_plans WHERE id = $1 FOR UPDATE`, [planId]);
  const rows = await db.query<PlanRow>(`${PLAN_SELECT} WHERE p.id = $1 AND p.inspection_id = $2`, [planId, inspectionId]);
  if (!rows[0]) throw new NotFoundError(`No sampling plan ${planId} in this inspection: upload the population again`);
  return rows[0];
}

interface PopulationRow {
  ref: string;
  disposal_type: string;
  start_date: string;
  gender: string;
  age_band: string;
  ethnicity: string;
  risk_of_serious_harm: string;
  safety_and_wellbeing: string;
}

/** Everything about one plan, read through `db` (the store or a transaction). */
/**
 * The drawn proposals last read, by plan and the overrides in force. A plan's population, seed and parameters
 * never change once stored, so the draw depends on nothing else; this spares re-reading and re-drawing a large
 * population on every page of the review.
 */
const draws = new Map<string, { population: PopulationCase[]; drawn: SampleResult }>();
const MAX_DRAWS = 4;

async function readPlan(db: Queryable, row: PlanRow): Promise<SamplingPlan> {
  const overrides = (await db.query<{ domain: SamplingDomain; from_size: number; to_size: number; reason: string; by: string | null; at: string }>(
    `SELECT o.domain, o.from_size, o.to_size, o.reason, a.display_name AS by, o.decided_at AS at
       FROM sampling_overrides o LEFT JOIN accounts a ON a.id = o.decided_by WHERE o.plan_id = $1 ORDER BY o.id`,
    [row.id],
  )).map((o): OverrideRecord => ({ domain: o.domain, from: o.from_size, sample: o.to_size, reason: o.reason, by: o.by, at: o.at }));
  const replacements = (await db.query<{ domain: SamplingDomain; removed_ref: string; added_ref: string; reason: string; by: string | null; at: string }>(
    `SELECT r.domain, r.removed_ref, r.added_ref, r.reason, a.display_name AS by, r.replaced_at AS at
       FROM sampling_replacements r LEFT JOIN accounts a ON a.id = r.replaced_by WHERE r.plan_id = $1 ORDER BY r.id`,
    [row.id],
  )).map((r): ReplacementRecord => ({ domain: r.domain, removed: r.removed_ref, added: r.added_ref, reason: r.reason, by: r.by, at: r.at }));

  const parameters = json(row.parameters);
  const inForce = new Map<SamplingDomain, SizeOverride>();
  for (const o of overrides) inForce.set(o.domain, { domain: o.domain, sample: o.sample, reason: o.reason });
  const key = `${row.id}|${JSON.stringify([...inForce.values()])}`;
  let cached = draws.get(key);
  if (!cached) {
    const population = (await db.query<PopulationRow>(
      `SELECT ref, disposal_type, start_date::text AS start_date, gender, age_band, ethnicity, risk_of_serious_harm, safety_and_wellbeing
         FROM sampling_population WHERE plan_id = $1 ORDER BY ref`,
      [row.id],
    )).map((r) => ({
      ref: r.ref,
      disposalType: r.disposal_type,
      startDate: r.start_date,
      gender: r.gender,
      ageBand: r.age_band,
      ethnicity: r.ethnicity,
      riskOfSeriousHarm: r.risk_of_serious_harm,
      safetyAndWellbeing: r.safety_and_wellbeing,
    }) as PopulationCase);
    const drawn = drawSample(population, { ...parameters, seed: Number(row.seed), framework: row.framework, defaults: defaultsOf(row.framework), overrides: [...inForce.values()] });
    cached = { population, drawn };
    draws.set(key, cached);
    if (draws.size > MAX_DRAWS) draws.delete(draws.keys().next().value!);
  } else {
    // Most recently used last, so the oldest goes first.
    draws.delete(key);
    draws.set(key, cached);
  }
  const { population, drawn } = cached;
  const caseIds: Record<string, string> = {};
  let result: SampleResult = drawn;
  if (row.state !== 'proposed') {
    // The stored selection is the record: it stands even if the method is later refined.
    const selection = await db.query<{ ref: string; domain: SamplingDomain; list: 'sample' | 'reserve' | 'replaced'; position: number; case_id: string | null }>(
      `SELECT ref, domain, list, position, case_id FROM sampling_selection WHERE plan_id = $1 ORDER BY position, ref`,
      [row.id],
    );
    const byRef = new Map(drawn.population.map((c) => [c.ref, c]));
    const order = (d: SamplingDomain): number => SAMPLING_DOMAINS.indexOf(d);
    const pick = (s: { ref: string; domain: SamplingDomain }) => ({ ...(byRef.get(s.ref) ?? population.find((p) => p.ref === s.ref)!), domain: s.domain });
    const sample: SampledCase[] = selection
      .filter((s) => s.list === 'sample')
      .sort((a, b) => order(a.domain) - order(b.domain) || a.position - b.position)
      .map((s) => ({ ...pick(s), position: s.position }));
    const reserve: ReserveCase[] = selection
      .filter((s) => s.list === 'reserve')
      .sort((a, b) => order(a.domain) - order(b.domain) || a.position - b.position)
      .map((s) => ({ ...pick(s), rank: s.position }));
    for (const s of selection) if (s.case_id && s.list === 'sample') caseIds[s.ref] = s.case_id;
    result = {
      ...drawn,
      sizes: row.sizes ? json(row.sizes) : drawn.sizes,
      sample,
      reserve,
      comparison: comparisonTable(drawn.population, sample),
      replacements: replacements.map((r) => ({ removed: r.removed, added: r.added, domain: r.domain, by: r.by ?? 'unknown', at: r.at, reason: r.reason })),
    };
  }
  return { ...toSummary(row), parameters, overrides, replacements, result, caseIds };
}

/** The history's picture of a case, the same shape the case service records. */
function caseSnapshot(id: string, inspectionId: string, v: z.output<typeof caseInput>, assessorId: string | null) {
  return {
    id, inspectionId, ref: v.ref, domain: v.domain, disposalType: v.disposalType, gender: v.gender, ageBand: v.ageBand,
    ethnicity: v.ethnicity, riskOfSeriousHarm: v.riskOfSeriousHarm, safetyAndWellbeing: v.safetyAndWellbeing,
    childSafetyFactors: v.childSafetyFactors, othersSafetyFactors: v.othersSafetyFactors, assessorId, state: 'not-started', returnReason: null, version: 1,
  };
}

/** Insert one sampled case inside the caller's transaction, with its history entry; returns its id. */
async function insertCase(tx: Queryable, actor: User, ins: InspectionRow, c: SampledCase, assessorId: string | null): Promise<string> {
  const v = parse(caseInput, toCaseInput(c));
  requireCaseDomain(ins.framework_version, v.domain);
  const id = newId();
  await tx.query(
    `INSERT INTO cases (id, inspection_id, ref, domain, disposal_type, gender, age_band, ethnicity, risk_of_serious_harm,
       safety_and_wellbeing, child_safety_factors, others_safety_factors, assessor_id)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
    [id, ins.id, v.ref, v.domain, v.disposalType, v.gender, v.ageBand, v.ethnicity, v.riskOfSeriousHarm, v.safetyAndWellbeing,
      v.childSafetyFactors, v.othersSafetyFactors, assessorId],
  );
  await recordHistory(tx, actor, { inspectionId: ins.id, caseId: id, entity: 'case', entityId: id, action: 'create', after: caseSnapshot(id, ins.id, v, assessorId) });
  return id;
}

function checkVersion(row: PlanRow, version: number | undefined): void {
  if (version !== undefined && version !== row.version) {
    throw new ConflictError('Someone changed this sampling plan since you loaded it; review it again', toSummary(row));
  }
}

/** Deletes a proposal with its population, overrides and all, leaving a summary in the history. */
async function discardPlan(db: Queryable, actor: User, row: PlanRow, why: string): Promise<void> {
  await db.query(`DELETE FROM sampling_plans WHERE id = $1 AND state = 'proposed'`, [row.id]);
  for (const key of [...draws.keys()]) if (key.startsWith(`${row.id}|`)) draws.delete(key);
  await recordHistory(db, actor, {
    inspectionId: row.inspection_id, entity: 'sampling-plan', entityId: row.id, action: 'discard',
    before: { fileName: row.file_name, seed: row.seed, createdAt: row.created_at }, after: { reason: why },
  });
}

export function samplingService(store: Store, auth: Authorizer = DEFAULT_AUTHORIZER) {
  return {
    /** Plans of an inspection, newest first (the lead inspector only). */
    async list(actor: User, inspectionId: string): Promise<PlanSummary[]> {
      requirePlansRead(auth, actor, await loadInspection(store, actor, inspectionId));
      return (await planRows(store, inspectionId)).map(toSummary);
    },

    /**
     * The confirmed sample's confidence level and margin of error, for the report's methodology. Anyone who
     * reads the report may see these two figures; the plan itself stays the lead inspector's.
     */
    async confirmedPrecision(actor: User, inspectionId: string): Promise<{ confidence: number; margin: number } | null> {
      auth.requireRead(actor, await loadInspection(store, actor, inspectionId), 'report.read', `No report for inspection ${inspectionId}`);
      const latest = latestConfirmed(await planRows(store, inspectionId));
      if (!latest) return null;
      const p = json(latest.parameters);
      const d = defaultsOf(latest.framework);
      return { confidence: p.confidence ?? d?.confidence ?? DEFAULT_SIZE_PARAMETERS.confidence, margin: p.margin ?? d?.margin ?? DEFAULT_SIZE_PARAMETERS.margin };
    },

    /**
     * The confirmed plan's confidence level and each domain's eligible population (the sizes as confirmed), for
     * the intervals of how firm each rating is; null when no sample is confirmed. Read with the inspection,
     * like the report's precision: the figures are no more than the report prints.
     */
    async confirmedPopulations(actor: User, inspectionId: string): Promise<{ confidence: number; populations: Partial<Record<SamplingDomain, number>> } | null> {
      auth.requireRead(actor, await loadInspection(store, actor, inspectionId), 'ratings.read', `No ratings for inspection ${inspectionId}`);
      // From the plans read once per request scope (the report reads them too).
      const latest = latestConfirmed(await planRows(store, inspectionId));
      if (!latest) return null;
      const p = json(latest.parameters) as PlanParameters;
      const sizes = latest.sizes ? (json(latest.sizes) as SizePlan) : null;
      const populations: Partial<Record<SamplingDomain, number>> = {};
      for (const d of sizes?.domains ?? []) populations[d.domain] = d.population;
      return { confidence: p.confidence ?? defaultsOf(latest.framework)?.confidence ?? DEFAULT_SIZE_PARAMETERS.confidence, populations };
    },

    /** How many cases of the confirmed sample were replaced from the reserve list, per domain (the report's methodology). */
    async replacedCounts(actor: User, inspectionId: string): Promise<Partial<Record<SamplingDomain, number>>> {
      auth.requireRead(actor, await loadInspection(store, actor, inspectionId), 'report.read', `No report for inspection ${inspectionId}`);
      // From the plans read once per request scope: the confirmed plans' counts, per domain.
      const out: Partial<Record<SamplingDomain, number>> = {};
      for (const r of await planRows(store, inspectionId)) {
        if (r.state !== 'confirmed' || r.replaced === null) continue;
        for (const [d, n] of Object.entries(json(r.replaced)) as [SamplingDomain, number][]) out[d] = (out[d] ?? 0) + Number(n);
      }
      return out;
    },

    async get(actor: User, inspectionId: string, planId: string): Promise<SamplingPlan> {
      requirePlansRead(auth, actor, await loadInspection(store, actor, inspectionId));
      return readPlan(store, await planRow(store, inspectionId, planId));
    },

    /** Record a proposal: the population and parameters. Nothing becomes a case until it is confirmed. */
    async propose(actor: User, inspectionId: string, input: ProposeInput): Promise<SamplingPlan> {
      const v = parse(proposeInput, input);
      return store.transaction(async (tx) => {
        const ins = await leadInspection(auth, tx, actor, inspectionId, 'draw the case sample');
        const confirmed = await tx.query(`SELECT 1 FROM sampling_plans WHERE inspection_id = $1 AND state = 'confirmed'`, [inspectionId]);
        if (confirmed[0]) throw new ValidationError([{ field: 'population', message: 'The sample of this inspection is already confirmed: replace cases on its page instead of drawing a new one' }]);
        const parameters: PlanParameters = v.parameters as PlanParameters;
        try {
          drawSample(v.cases as PopulationCase[], { ...parameters, framework: ins.framework_version, defaults: defaultsOf(ins.framework_version) });
        } catch (err) {
          throw new ValidationError([{ field: 'population', message: (err as Error).message }]);
        }
        const id = newId();
        await tx.query(
          `INSERT INTO sampling_plans (id, inspection_id, state, file_name, seed, framework, parameters, created_by)
           VALUES ($1, $2, 'proposed', $3, $4, $5, $6, $7)`,
          [id, inspectionId, v.fileName, parameters.seed, ins.framework_version, JSON.stringify(parameters), actor.id],
        );
        // One statement for the whole file: a 20,000-row population is one round trip.
        await tx.query(
          `INSERT INTO sampling_population (plan_id, ref, disposal_type, start_date, gender, age_band, ethnicity, risk_of_serious_harm, safety_and_wellbeing)
           SELECT $1, ref, "disposalType", "startDate"::date, gender, "ageBand", ethnicity, "riskOfSeriousHarm", "safetyAndWellbeing"
             FROM jsonb_to_recordset($2::jsonb) AS x(ref text, "disposalType" text, "startDate" text, gender text, "ageBand" text,
               ethnicity text, "riskOfSeriousHarm" text, "safetyAndWellbeing" text)`,
          [id, JSON.stringify(v.cases)],
        );
        await recordHistory(tx, actor, { inspectionId, entity: 'sampling-plan', entityId: id, action: 'propose', after: { fileName: v.fileName, rows: v.cases.length, ...parameters } });
        return readPlan(tx, await planRow(tx, inspectionId, id));
      });
    },

    /** Change one domain's sample size, with the reason; refused if the population cannot supply it. */
    async override(actor: User, inspectionId: string, planId: string, input: unknown): Promise<SamplingPlan> {
      const v = parse(overrideInput, input);
      return store.transaction(async (tx) => {
        await leadInspection(auth, tx, actor, inspectionId, 'change a sample size');
        const row = await planRow(tx, inspectionId, planId, true);
        checkVersion(row, v.version);
        if (row.state !== 'proposed') throw new ValidationError([{ field: 'sample', message: `The sample is ${row.state}: its sizes can no longer change` }]);
        const plan = await readPlan(tx, row);
        const domain = plan.result.sizes.domains.find((d) => d.domain === v.domain);
        if (!domain) throw new ValidationError([{ field: 'domain', message: `This population has no ${v.domain} domain` }]);
        const inForce = [...plan.result.sizes.overrides.filter((o) => o.domain !== v.domain), { domain: v.domain, sample: v.sample, reason: v.reason }];
        try {
          drawSample(plan.result.population, { ...plan.parameters, framework: row.framework, defaults: defaultsOf(row.framework), overrides: inForce });
        } catch (err) {
          throw new ValidationError([{ field: 'sample', message: (err as Error).message }]);
        }
        await tx.query(
          `INSERT INTO sampling_overrides (plan_id, domain, from_size, to_size, reason, decided_by) VALUES ($1, $2, $3, $4, $5, $6)`,
          [planId, v.domain, domain.sample, v.sample, v.reason, actor.id],
        );
        await tx.query(`UPDATE sampling_plans SET version = version + 1 WHERE id = $1`, [planId]);
        await recordHistory(tx, actor, { inspectionId, entity: 'sampling-plan', entityId: planId, action: 'override', before: { domain: v.domain, sample: domain.sample }, after: { domain: v.domain, sample: v.sample }, reason: v.reason });
        return readPlan(tx, await planRow(tx, inspectionId, planId));
      });
    },

    /** Discard a proposal that will not be confirmed (a wrong file, say): its population is deleted. */
    async discard(actor: User, inspectionId: string, planId: string, input: { version?: number } = {}): Promise<void> {
      await store.transaction(async (tx) => {
        await leadInspection(auth, tx, actor, inspectionId, 'discard a sampling proposal');
        const row = await planRow(tx, inspectionId, planId, true);
        checkVersion(row, input.version);
        if (row.state === 'confirmed') {
          throw new ValidationError([{ field: 'discard', message: 'This sample is confirmed and its cases exist: discard the confirmed sample instead, or replace cases' }]);
        }
        if (row.state !== 'proposed') throw new ValidationError([{ field: 'discard', message: 'This sample was already discarded' }]);
        await discardPlan(tx, actor, row, 'discarded by the lead inspector');
      });
    },

    /**
     * Discard the confirmed sample before any case has answers, so that the lead may draw again: its cases are
     * deleted (each in the history with its details), the plan is kept as discarded with who, when and why.
     */
    async discardConfirmed(actor: User, inspectionId: string, planId: string, input: unknown): Promise<void> {
      const v = parse(discardConfirmedInput, input);
      await store.transaction(async (tx) => {
        await leadInspection(auth, tx, actor, inspectionId, 'discard the confirmed sample');
        const row = await planRow(tx, inspectionId, planId, true);
        checkVersion(row, v.version);
        if (row.state !== 'confirmed') throw new ValidationError([{ field: 'discard', message: 'Only a confirmed sample can be discarded this way' }]);
        const started = await tx.query<{ ref: string }>(
          `SELECT c.ref FROM cases c WHERE c.inspection_id = $1
              AND (c.state <> 'not-started' OR EXISTS (SELECT 1 FROM answers a WHERE a.case_id = c.id)) ORDER BY c.ref FOR UPDATE`,
          [inspectionId],
        );
        if (started.length > 0) {
          throw new ValidationError([{ field: 'discard', message: `The sample can no longer be discarded: assessment has started on ${started.map((c) => c.ref).join(', ')}. Replace, withdraw or add cases one at a time instead.` }]);
        }
        const cases = await tx.query<Record<string, unknown> & { id: string; ref: string }>(
          `SELECT id, inspection_id AS "inspectionId", ref, domain, disposal_type AS "disposalType", gender, age_band AS "ageBand", ethnicity,
                  risk_of_serious_harm AS "riskOfSeriousHarm", safety_and_wellbeing AS "safetyAndWellbeing", child_safety_factors AS "childSafetyFactors",
                  others_safety_factors AS "othersSafetyFactors", assessor_id AS "assessorId", state, return_reason AS "returnReason", version
             FROM cases WHERE id IN (SELECT case_id FROM sampling_selection WHERE plan_id = $1 AND case_id IS NOT NULL) ORDER BY ref`,
          [planId],
        );
        for (const c of cases) {
          await tx.query(`DELETE FROM cases WHERE id = $1`, [c.id]);
          await recordHistory(tx, actor, { inspectionId, caseId: c.id, entity: 'case', entityId: c.id, action: 'delete', before: c, reason: `The confirmed sample was discarded: ${v.reason}` });
        }
        await tx.query(
          `UPDATE sampling_plans SET state = 'discarded', discarded_by = $2, discarded_at = now(), discard_reason = $3, version = version + 1 WHERE id = $1`,
          [planId, actor.id, v.reason],
        );
        for (const key of [...draws.keys()]) if (key.startsWith(`${planId}|`)) draws.delete(key);
        await recordHistory(tx, actor, {
          inspectionId, entity: 'sampling-plan', entityId: planId, action: 'discard-confirmed',
          before: { state: 'confirmed', seed: Number(row.seed), fileName: row.file_name, cases: cases.map((c) => c.ref) }, after: { state: 'discarded' }, reason: v.reason,
        });
      });
    },

    /**
     * Confirm the plan: every sampled case is created, the selection and reserve list are recorded and the
     * plan is marked confirmed — all in one transaction, so a failure part-way leaves no case behind.
     */
    async confirm(actor: User, inspectionId: string, planId: string, input: { version?: number } = {}): Promise<SamplingPlan> {
      try {
        return await store.transaction(async (tx) => {
          const ins = await leadInspection(auth, tx, actor, inspectionId, 'confirm the case sample');
          // One sample per inspection: a second confirmation would add a whole new sample to cases being assessed.
          const refuseIfCases = async () => {
            const [existing] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE inspection_id = $1`, [inspectionId]);
            if (existing && existing.n > 0) {
              throw new ValidationError([{ field: 'confirm', message: `This inspection already has ${existing.n} ${existing.n === 1 ? 'case' : 'cases'}, so this sample cannot be confirmed. Change the sample case by case, or discard the confirmed sample before any case has answers and draw again.` }]);
            }
          };
          // Confirming another sample deletes the other proposals: one confirmed from a page opened before that
          // is gone, and the refusal is the one-sample rule's (uploading again would be refused too).
          const row = await planRow(tx, inspectionId, planId, true).catch(async (err: unknown) => {
            if (err instanceof NotFoundError) await refuseIfCases();
            throw err;
          });
          checkVersion(row, input.version);
          if (row.state === 'confirmed') throw new ValidationError([{ field: 'confirm', message: 'This sample is already confirmed' }]);
          if (row.state !== 'proposed') throw new ValidationError([{ field: 'confirm', message: 'This sample was discarded: upload the population again to draw a new one' }]);
          await refuseIfCases();
          const { result } = await readPlan(tx, row);
          const sampleIds = new Map<string, string>();
          for (const c of result.sample) sampleIds.set(c.ref, await insertCase(tx, actor, ins, c, null));
          const selection = [
            ...result.sample.map((c) => ({ ref: c.ref, domain: c.domain, list: 'sample', position: c.position, caseId: sampleIds.get(c.ref)! })),
            ...result.reserve.map((c) => ({ ref: c.ref, domain: c.domain, list: 'reserve', position: c.rank, caseId: null })),
          ];
          await tx.query(
            `INSERT INTO sampling_selection (plan_id, ref, domain, list, position, case_id)
             SELECT $1, ref, domain, list, position, "caseId" FROM jsonb_to_recordset($2::jsonb) AS x(ref text, domain text, list text, position integer, "caseId" text)`,
            [planId, JSON.stringify(selection)],
          );
          await tx.query(
            `UPDATE sampling_plans SET state = 'confirmed', sizes = $2, confirmed_by = $3, confirmed_at = now(), version = version + 1 WHERE id = $1`,
            [planId, JSON.stringify(result.sizes), actor.id],
          );
          // Once a sample is confirmed, the other proposals' populations serve no purpose: keep no more data than needed.
          const others = await tx.query<PlanRow>(`${PLAN_SELECT} WHERE p.inspection_id = $1 AND p.state = 'proposed' AND p.id <> $2`, [inspectionId, planId]);
          for (const other of others) await discardPlan(tx, actor, other, 'another sample was confirmed');
          await recordHistory(tx, actor, {
            inspectionId, entity: 'sampling-plan', entityId: planId, action: 'confirm',
            after: {
              seed: result.seed,
              sizes: result.sizes.domains.map((d) => ({ domain: d.domain, population: d.population, proposed: d.proposed, sample: d.sample })),
              sample: result.sample.map((c) => c.ref),
              reserve: result.reserve.map((c) => c.ref),
            },
          });
          return readPlan(tx, await planRow(tx, inspectionId, planId));
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        // Everything was rolled back; say which references clashed (or that someone else confirmed first).
        const plan = await this.get(actor, inspectionId, planId);
        if (plan.state === 'confirmed') throw new ConflictError('Someone else confirmed this sample at the same time', plan);
        const taken = await store.query<{ ref: string }>(`SELECT ref FROM cases WHERE inspection_id = $1 AND ref = ANY($2::text[]) ORDER BY ref`, [inspectionId, plan.result.sample.map((c) => c.ref)]);
        const refs = taken.map((t) => t.ref);
        throw new ValidationError([{ field: 'confirm', message: refs.length > 0
          ? `These references are already in the inspection's sample, so nothing was added: ${refs.join(', ')}`
          : 'Another sample was confirmed for this inspection at the same time, so nothing was added' }]);
      }
    },

    /**
     * Replace a sampled case that cannot be inspected: the reserve from the same domain that keeps the
     * balance best takes its place (and its assessor), and who, when and why are recorded. A case with
     * answers is refused: replacing it would discard an assessment.
     */
    async replace(actor: User, inspectionId: string, planId: string, input: unknown): Promise<{ plan: SamplingPlan; replacement: ReplacementRecord }> {
      const v = parse(replaceInput, input);
      return store.transaction(async (tx) => {
        const ins = await leadInspection(auth, tx, actor, inspectionId, 'replace a sampled case');
        const row = await planRow(tx, inspectionId, planId, true);
        checkVersion(row, v.version);
        if (row.state !== 'confirmed') throw new ValidationError([{ field: 'ref', message: 'Confirm the sample before replacing a case' }]);
        const plan = await readPlan(tx, row);
        const out = plan.result.sample.find((c) => c.ref === v.ref);
        if (!out) throw new ValidationError([{ field: 'ref', message: `${v.ref} is not in the confirmed sample` }]);
        const [existing] = await tx.query<{ id: string; state: string; assessor_id: string | null; answered: number }>(
          `SELECT c.id, c.state, c.assessor_id, (SELECT count(*)::int FROM answers a WHERE a.case_id = c.id) AS answered
             FROM cases c WHERE c.inspection_id = $1 AND c.ref = $2 FOR UPDATE`,
          [inspectionId, v.ref],
        );
        if (existing && (existing.answered > 0 || existing.state !== 'not-started')) {
          throw new ValidationError([{ field: 'ref', message: `Case ${v.ref} has been started (${existing.answered} answers): replacing it would discard its assessment` }]);
        }
        let next: SampleResult;
        try {
          next = replaceCase(plan.result, { ref: v.ref, by: actor.displayName, at: new Date().toISOString(), reason: v.reason });
        } catch (err) {
          throw new ValidationError([{ field: 'ref', message: (err as Error).message }]);
        }
        const rep = next.replacements[next.replacements.length - 1]!;
        const added = next.sample.find((c) => c.ref === rep.added)!;
        // A case added by hand may already carry the reserve's reference: refuse plainly rather than add it twice.
        const handMade = (ref: string) =>
          new ValidationError([{ field: 'ref', message: `The reserve that would replace ${v.ref} is ${ref}, but this inspection already has a case ${ref} (added by hand), so it cannot be added again. Nothing was changed.` }]);
        const [taken] = await tx.query(`SELECT 1 FROM cases WHERE inspection_id = $1 AND ref = $2`, [inspectionId, rep.added]);
        if (taken) throw handMade(rep.added);
        const assessorId = existing?.assessor_id ?? null;
        if (existing) {
          const [before] = await tx.query(
            `SELECT id, inspection_id AS "inspectionId", ref, domain, disposal_type AS "disposalType", gender, age_band AS "ageBand", ethnicity,
                    risk_of_serious_harm AS "riskOfSeriousHarm", safety_and_wellbeing AS "safetyAndWellbeing", child_safety_factors AS "childSafetyFactors",
                    others_safety_factors AS "othersSafetyFactors", assessor_id AS "assessorId", state, return_reason AS "returnReason", version
               FROM cases WHERE id = $1`,
            [existing.id],
          );
          await tx.query(`DELETE FROM cases WHERE id = $1`, [existing.id]);
          await recordHistory(tx, actor, { inspectionId, caseId: existing.id, entity: 'case', entityId: existing.id, action: 'delete', before, reason: `Replaced by ${rep.added}: ${v.reason}` });
        }
        // The same reference added by hand at the same moment: the unique key decides, with the same refusal.
        const caseId = await insertCase(tx, actor, ins, added, assessorId).catch((err: unknown) => {
          throw isUniqueViolation(err) ? handMade(rep.added) : err;
        });
        await tx.query(`UPDATE sampling_selection SET list = 'replaced', case_id = NULL WHERE plan_id = $1 AND ref = $2`, [planId, rep.removed]);
        await tx.query(`UPDATE sampling_selection SET list = 'sample', position = $3, case_id = $4 WHERE plan_id = $1 AND ref = $2`, [planId, rep.added, added.position, caseId]);
        // The reserve list of the domain closes up behind the one used.
        for (const r of next.reserve.filter((c) => c.domain === rep.domain)) {
          await tx.query(`UPDATE sampling_selection SET position = $3 WHERE plan_id = $1 AND ref = $2 AND list = 'reserve'`, [planId, r.ref, r.rank]);
        }
        await tx.query(
          `INSERT INTO sampling_replacements (plan_id, domain, removed_ref, added_ref, reason, replaced_by) VALUES ($1, $2, $3, $4, $5, $6)`,
          [planId, rep.domain, rep.removed, rep.added, rep.reason, actor.id],
        );
        await tx.query(`UPDATE sampling_plans SET version = version + 1 WHERE id = $1`, [planId]);
        await recordHistory(tx, actor, { inspectionId, entity: 'sampling-plan', entityId: planId, action: 'replace', before: { ref: rep.removed }, after: { ref: rep.added, domain: rep.domain, caseId }, reason: rep.reason });
        const updated = await readPlan(tx, await planRow(tx, inspectionId, planId));
        return { plan: updated, replacement: updated.replacements[updated.replacements.length - 1]! };
      });
    },
  };
}

export type SamplingService = ReturnType<typeof samplingService>;
