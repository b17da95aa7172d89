/**
 * The report's written parts besides the findings, in the store: foreword, background, contextual facts,
 * methodology figures, each domain's introduction and each standard's narrative. Each is a section keyed as
 * the report data keys it, its body checked against the report-data schema. Anyone on the inspection may read;
 * only the lead inspector writes, never after publication. A save replaces a section whole, guarded by its
 * version, and is written to the append-only history.
 */
import { z } from 'zod';
import { findStandard, getFramework, type FrameworkVersion } from '../core/framework/index.js';
import { reportDetails, type ReportDetails } from '../core/report/data.js';
import { ConflictError, ValidationError } from './errors.js';
import { DEFAULT_AUTHORIZER, loadInspection, recordHistory, type Authorizer, type User } from './context.js';
import type { Queryable, Store } from '../store/index.js';
import { LIMITS } from './limits.js';
import { tooLong } from './schemas.js';

export const HISTORY_ENTITY = 'report-section';
export const MAX_PARAGRAPH_CHARS = LIMITS.paragraph;

const paragraphs = z.array(z.string().trim()
  .min(1, 'Write the paragraph, or remove the empty one')
  .max(MAX_PARAGRAPH_CHARS, tooLong('Each paragraph', MAX_PARAGRAPH_CHARS)));
const text = z.string().trim().min(1);
const shape = reportDetails.shape;

/** What the methodology section records: the report data's figures, with the sample windows beside them. */
export const methodologyBody = z.strictObject({
  confidenceLevel: z.number().gt(0, 'Confidence level must be more than 0%').lt(100, 'Confidence level must be less than 100%').optional()
    .meta({ description: 'Per cent; when absent, the confirmed sampling plan\'s is used.' }),
  marginOfError: z.number().gt(0, 'Margin of error must be more than 0 points').lt(50, 'Margin of error must be under 50 points').optional()
    .meta({ description: 'Percentage points; when absent, the confirmed sampling plan\'s is used.' }),
  meetings: z.int().min(0).optional(),
  interviews: z.array(z.strictObject({ label: text, count: z.int().min(0) })).optional(),
  surveys: z.array(z.strictObject({ label: text, count: z.int().min(0) })).optional(),
  windows: z.strictObject({ court: text.optional(), outOfCourt: text.optional(), resettlement: text.optional() }).optional()
    .meta({ description: 'When the sampled disposals began, e.g. "seven to 10 months earlier".' }),
});

export const SECTION_BODIES = {
  foreword: paragraphs,
  background: paragraphs,
  'contextual-facts': shape.contextualFacts.unwrap(),
  methodology: methodologyBody,
  introduction: paragraphs,
  narrative: paragraphs,
} as const;

export type SectionKind = keyof typeof SECTION_BODIES;

/**
 * The published contract of the section bodies (`schemas/report-sections.schema.json`): one property per kind
 * of section, whose value is the body a PUT of that section takes.
 */
export function reportSectionsJsonSchema(): Record<string, unknown> {
  const all = z.object({
    foreword: SECTION_BODIES.foreword.meta({ description: 'Section `foreword`: paragraphs.' }),
    background: SECTION_BODIES.background.meta({ description: 'Section `background`: paragraphs.' }),
    'contextual-facts': SECTION_BODIES['contextual-facts'].meta({ description: 'Section `contextual-facts`: as `report.contextualFacts` of the report data.' }),
    methodology: SECTION_BODIES.methodology.meta({ description: 'Section `methodology`: figures, and the sample windows.' }),
    introduction: SECTION_BODIES.introduction.meta({ description: 'Sections `introduction:N` (a domain of the framework): paragraphs.' }),
    narrative: SECTION_BODIES.narrative.meta({ description: 'Sections `narrative:N.N` (a standard of the framework): paragraphs.' }),
  }).partial().meta({
    title: 'yjinspect report sections',
    description: 'The body of each kind of report section, as PUT /api/v1/inspections/{id}/report-sections/{section} takes it in `body`.',
  });
  return z.toJSONSchema(all, { io: 'input' }) as Record<string, unknown>;
}
export type SectionBody<K extends SectionKind> = z.output<(typeof SECTION_BODIES)[K]>;

export interface ReportSection {
  /** `foreword`, `background`, `contextual-facts`, `methodology`, `introduction:2` or `narrative:2.1`. */
  readonly section: string;
  readonly kind: SectionKind;
  readonly body: unknown;
  /** 0 when nothing is recorded yet: save with version 0 to create. */
  readonly version: number;
  readonly updatedBy: string | null;
  readonly updatedAt: string | null;
}

export const sectionInput = z.strictObject({
  section: z.string().max(40),
  body: z.unknown(),
  version: z.int().min(0).max(2_147_483_647, 'version is too large: send the version you last saw'),
});

/** Splits a section key into its kind and target, checking the target against the inspection's framework. */
export function parseSectionKey(section: string, frameworkVersion: FrameworkVersion): { kind: SectionKind; target: string | null } {
  const fw = getFramework(frameworkVersion);
  const [kind, target, ...rest] = section.split(':');
  const bad = (message: string): never => { throw new ValidationError([{ field: 'section', message }]); };
  if (rest.length > 0 || !kind || !Object.hasOwn(SECTION_BODIES, kind)) {
    return bad(`Unknown section "${section}": use foreword, background, contextual-facts, methodology, introduction:N or narrative:N.N`);
  }
  const k = kind as SectionKind;
  if (k === 'introduction') {
    if (!target || !fw.domains.some((d) => String(d.id) === target)) return bad(`The ${frameworkVersion} framework has no domain "${target ?? ''}"`);
  } else if (k === 'narrative') {
    if (!target || !findStandard(fw, target)) return bad(`The ${frameworkVersion} framework has no standard "${target ?? ''}"`);
  } else if (target !== undefined) {
    return bad(`The ${k} section takes no target: use "${k}"`);
  }
  return { kind: k, target: target ?? null };
}

function parseBody(kind: SectionKind, body: unknown): unknown {
  const r = SECTION_BODIES[kind].safeParse(body);
  if (r.success) return r.data;
  throw new ValidationError(r.error.issues.map((i) => ({ field: ['body', ...i.path].join('.'), message: i.message })));
}

interface Row { section: string; body: unknown; version: number; updated_by: string | null; updated_at: string | null }

async function read(db: Queryable, inspectionId: string, section?: string): Promise<ReportSection[]> {
  const rows = await db.query<Row>(
    `SELECT section, body, version, updated_by, updated_at::text FROM report_sections WHERE inspection_id = $1 ${section ? 'AND section = $2' : ''} ORDER BY section`,
    section ? [inspectionId, section] : [inspectionId],
  );
  return rows.map((r) => ({
    section: r.section, kind: r.section.split(':')[0] as SectionKind,
    // node-postgres parses jsonb; a text column from an older driver would not be.
    body: typeof r.body === 'string' ? JSON.parse(r.body) : r.body,
    version: Number(r.version), updatedBy: r.updated_by, updatedAt: r.updated_at,
  }));
}

export function reportTextService(store: Store, auth: Authorizer = DEFAULT_AUTHORIZER) {
  return {
    /** Every recorded section, ordered by key. */
    async list(actor: User, inspectionId: string): Promise<ReportSection[]> {
      auth.requireRead(actor, await loadInspection(store, actor, inspectionId), 'report-text.read', `No report text in inspection ${inspectionId}`);
      return read(store, inspectionId);
    },

    /** One section; version 0 and an empty body when nothing is recorded yet. */
    async get(actor: User, inspectionId: string, section: string): Promise<ReportSection> {
      const ins = await loadInspection(store, actor, inspectionId);
      auth.requireRead(actor, ins, 'report-text.read', `No report text in inspection ${inspectionId}`);
      const { kind } = parseSectionKey(section, ins.framework_version);
      return (await read(store, inspectionId, section))[0] ?? { section, kind, body: null, version: 0, updatedBy: null, updatedAt: null };
    },

    async save(actor: User, inspectionId: string, input: unknown): Promise<ReportSection> {
      const parsed = sectionInput.safeParse(input);
      if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
      const v = parsed.data;
      return store.transaction(async (tx) => {
        const ins = await loadInspection(tx, actor, inspectionId);
        auth.require(actor, ins, 'report-text.write');
        const { kind } = parseSectionKey(v.section, ins.framework_version);
        const body = parseBody(kind, v.body);
        // Lock the row so two saves cannot both pass the version check.
        const locked = await tx.query<{ version: number }>(`SELECT version FROM report_sections WHERE inspection_id = $1 AND section = $2 FOR UPDATE`, [inspectionId, v.section]);
        const before = (await read(tx, inspectionId, v.section))[0] ?? null;
        if ((locked[0] ? Number(locked[0].version) : 0) !== v.version) {
          throw new ConflictError(`Someone changed the ${describeSection(v.section)} since you loaded it`, before);
        }
        if (locked[0]) {
          // The version condition as well as the lock: a compare-and-set in the database, whatever the reads above.
          const updated = await tx.query(`UPDATE report_sections SET body = $3::jsonb, version = version + 1, updated_by = $4, updated_at = now() WHERE inspection_id = $1 AND section = $2 AND version = $5 RETURNING section`,
            [inspectionId, v.section, JSON.stringify(body), actor.id, v.version]);
          if (updated.length === 0) throw new ConflictError(`Someone changed the ${describeSection(v.section)} since you loaded it`, (await read(tx, inspectionId, v.section))[0] ?? null);
        } else {
          // Two first saves at once: the second finds the row created and is a conflict, not a database error.
          const created = await tx.query(`INSERT INTO report_sections (inspection_id, section, body, created_by, updated_by) VALUES ($1, $2, $3::jsonb, $4, $4)
            ON CONFLICT (inspection_id, section) DO NOTHING RETURNING section`, [inspectionId, v.section, JSON.stringify(body), actor.id]);
          if (created.length === 0) {
            throw new ConflictError(`Someone recorded the ${describeSection(v.section)} since you loaded it`, (await read(tx, inspectionId, v.section))[0] ?? null);
          }
        }
        const after = (await read(tx, inspectionId, v.section))[0]!;
        await recordHistory(tx, actor, {
          inspectionId, entity: HISTORY_ENTITY, entityId: `${inspectionId}/${v.section}`, action: locked[0] ? 'update' : 'create',
          before: before ? before.body : null, after: after.body,
        });
        return after;
      });
    },
  };
}

export type ReportTextService = ReturnType<typeof reportTextService>;

/** A section's name in words, for messages and page titles. */
export function describeSection(section: string): string {
  const [kind, target] = section.split(':');
  switch (kind) {
    case 'contextual-facts': return 'contextual facts';
    case 'methodology': return 'methodology figures';
    case 'introduction': return `introduction to domain ${target}`;
    case 'narrative': return `narrative for standard ${target}`;
    default: return kind ?? section;
  }
}

const nonEmpty = <T>(list: readonly T[] | undefined): list is readonly T[] => Array.isArray(list) && list.length > 0;

/**
 * The report-data fields the recorded sections give. Empty sections give nothing, so the report still lists
 * them as missing. Confidence level and margin of error fall back to the confirmed sampling plan's.
 */
export function reportDetailsFromSections(sections: readonly ReportSection[], plan?: { confidence: number; margin: number }): {
  details: Pick<ReportDetails, 'foreword' | 'background' | 'contextualFacts' | 'standards' | 'methodology'>;
  introductions: Partial<Record<'1' | '2' | '3' | '4', string[]>>;
  windows: NonNullable<z.output<typeof methodologyBody>['windows']>;
} {
  const by = new Map(sections.map((s) => [s.section, s]));
  const paras = (key: string): string[] | undefined => {
    const body = by.get(key)?.body as string[] | undefined;
    return nonEmpty(body) ? [...body] : undefined;
  };
  const details: ReturnType<typeof reportDetailsFromSections>['details'] = {};
  const foreword = paras('foreword');
  if (foreword) details.foreword = foreword;
  const background = paras('background');
  if (background) details.background = background;
  const facts = by.get('contextual-facts')?.body as SectionBody<'contextual-facts'> | undefined;
  if (facts && Object.values(facts).some((v) => v !== undefined && (!Array.isArray(v) || v.length > 0))) details.contextualFacts = facts;
  const standards: Record<string, { narrative: string[] }> = {};
  const introductions: Partial<Record<'1' | '2' | '3' | '4', string[]>> = {};
  for (const s of sections) {
    const target = s.section.split(':')[1];
    const body = paras(s.section);
    if (!target || !body) continue;
    if (s.kind === 'narrative') standards[target] = { narrative: body };
    if (s.kind === 'introduction') introductions[target as '1'] = body;
  }
  if (Object.keys(standards).length) details.standards = standards;
  const m = by.get('methodology')?.body as SectionBody<'methodology'> | undefined;
  const confidenceLevel = m?.confidenceLevel ?? plan?.confidence;
  const marginOfError = m?.marginOfError ?? plan?.margin;
  if (confidenceLevel !== undefined && marginOfError !== undefined) {
    details.methodology = {
      confidenceLevel, marginOfError,
      ...(m?.meetings !== undefined ? { meetings: m.meetings } : {}),
      ...(nonEmpty(m?.interviews) ? { interviews: [...m.interviews] } : {}),
      ...(nonEmpty(m?.surveys) ? { surveys: [...m.surveys] } : {}),
    };
  }
  return { details, introductions, windows: m?.windows ?? {} };
}
