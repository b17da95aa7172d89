/**
 * The framework versions (read from frameworks/*.json by builtin.ts) and small, obvious look-ups over
 * them. Adapters import from here.
 */
import { FrameworkSchema } from './schema.js';
import { normaliseText } from './text.js';
import type { Framework, FrameworkVersion, KeyQuestionDef, PromptDef, StandardDef } from './types.js';
import { BUILT_IN_FILES } from './builtin.js';

export type * from './types.js';
export { RATINGS } from './types.js';
export { normaliseText, sameText, containsText } from './text.js';
export { FrameworkSchema, frameworkJsonSchema, SUB_SAMPLES } from './schema.js';
export { BUILT_IN_FILES, frameworkFromFile } from './builtin.js';
export {
  UnknownFrameworkError,
  canonicalJson,
  frameworkIdSchema,
  frameworkIds,
  getFramework,
  isFrameworkVersion,
  registerFramework,
  registerFrameworkData,
  registeredFramework,
  registeredFrameworks,
  unregisterFramework,
  type FrameworkSource,
  type RegisterOutcome,
  type RegisteredFramework,
} from './registry.js';
export { FrameworkFileSchema, frameworkFileJsonSchema, STRATIFIER_IDS, type FrameworkFile, type FrameworkFileInput, type RatingRules } from './file-schema.js';
export { checkFrameworkFile, formatPath, frameworkFileProblems, type FrameworkFileResult, type FrameworkProblem } from './file-check.js';

/** The ids of the built-in frameworks, oldest first. */
export const BUILT_IN_FRAMEWORKS: readonly FrameworkVersion[] = Object.freeze(BUILT_IN_FILES.map((f) => f.version));

/** Whether the framework has cases of a domain (2 court, 3 out-of-court, 4 custody and resettlement). */
export function hasCaseDomain(fw: Framework, domain: number): boolean {
  return fw.standards.some((s) => s.domain === domain);
}

export function findStandard(fw: Framework, id: string): StandardDef | undefined {
  return fw.standards.find((s) => s.id === id);
}

export function findKeyQuestion(fw: Framework, id: string): KeyQuestionDef | undefined {
  return findStandard(fw, parentId(id))?.keyQuestions.find((k) => k.id === id);
}

export function findPrompt(fw: Framework, id: string): PromptDef | undefined {
  return findKeyQuestion(fw, parentId(id))?.prompts.find((p) => p.id === id);
}

/** A standard's key questions and prompts, id → wording, in printed order. */
export function questionTexts(s: StandardDef): ReadonlyMap<string, string> {
  return new Map(s.keyQuestions.flatMap((kq) => [[kq.id, kq.text] as const, ...kq.prompts.map((p) => [p.id, p.text] as const)]));
}

export function countedStandards(fw: Framework): readonly StandardDef[] {
  return fw.standards.filter((s) => s.counted);
}

export function caseAssessedStandards(fw: Framework): readonly StandardDef[] {
  return fw.standards.filter((s) => s.kind === 'case-assessed');
}

export function judgementStandards(fw: Framework): readonly StandardDef[] {
  return fw.standards.filter((s) => s.kind === 'judgement');
}

export function standardsInDomain(fw: Framework, domain: number): readonly StandardDef[] {
  return fw.standards.filter((s) => s.domain === domain);
}

export function allKeyQuestions(fw: Framework): readonly KeyQuestionDef[] {
  return fw.standards.flatMap((s) => s.keyQuestions);
}

export function allPrompts(fw: Framework): readonly PromptDef[] {
  return allKeyQuestions(fw).flatMap((k) => k.prompts);
}

/** Every printed wording of an item: current text first, then its variants. */
export function wordings(item: KeyQuestionDef | PromptDef): readonly string[] {
  return [item.text, ...item.variants];
}

export function statementWordings(s: StandardDef): readonly string[] {
  return [s.statement, ...s.statementVariants];
}

/** True when `printed` is one of the item's wordings, up to typography (see normaliseText). */
export function matchesWording(item: KeyQuestionDef | PromptDef, printed: string): boolean {
  const n = normaliseText(printed);
  return wordings(item).some((w) => normaliseText(w) === n);
}

/**
 * The key question or prompt whose wording (current or variant) is `printed`, for an importer
 * reading a report's tables. Undefined when none matches or when the wording is ambiguous
 * within `among` (several standards share wordings, e.g. 2.1.1 and 3.1.1).
 */
export function findByWording<T extends KeyQuestionDef | PromptDef>(among: readonly T[], printed: string): T | undefined {
  const n = normaliseText(printed);
  const hits = among.filter((item) => wordings(item).some((w) => normaliseText(w) === n));
  return hits.length === 1 ? hits[0] : undefined;
}

/** `2.1.1.a` → `2.1.1`; `2.1.1` → `2.1`; `2.1` → `2`. */
export function parentId(id: string): string {
  const i = id.lastIndexOf('.');
  return i < 0 ? '' : id.slice(0, i);
}

/**
 * Integrity problems in framework data, as sentences; empty when the data is sound. Run in the tests
 * for every version, and usable on any framework an adapter builds or loads.
 */
export function validateFramework(fw: Framework): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const unique = (id: string, what: string): void => {
    if (seen.has(id)) problems.push(`${what} id ${id} is used more than once`);
    seen.add(id);
  };
  const nonEmpty = (text: string, what: string): void => {
    if (text.trim() === '') problems.push(`${what} has no text`);
  };
  // Any id will do: a framework need not be loaded to be checked (the registry refuses a clash when it is).
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(fw.version)) problems.push(`framework version '${String(fw.version)}' is not an id of letters, digits, dots, dashes or underscores`);
  const domainIds = new Set(fw.domains.map((d) => d.id));
  if (domainIds.size !== fw.domains.length) problems.push('a domain id is used more than once');
  for (const d of fw.domains) nonEmpty(d.name, `domain ${d.id}`);

  for (const s of fw.standards) {
    unique(s.id, 'standard');
    if (!/^\d+\.\d+$/.test(s.id)) problems.push(`standard id ${s.id} is not of the form D.N`);
    if (parentId(s.id) !== String(s.domain)) problems.push(`standard ${s.id} is not numbered within its domain ${s.domain}`);
    if (!domainIds.has(s.domain)) problems.push(`standard ${s.id} is in domain ${s.domain}, which the framework does not define`);
    nonEmpty(s.name, `standard ${s.id} name`);
    nonEmpty(s.statement, `standard ${s.id} statement`);
    s.statementVariants.forEach((v, i) => nonEmpty(v, `standard ${s.id} statement variant ${i + 1}`));
    if (s.kind === 'case-assessed' && s.keyQuestions.length === 0) problems.push(`case-assessed standard ${s.id} has no key questions`);
    if (s.kind === 'judgement' && s.keyQuestions.some((k) => k.subSample !== 'evidence')) {
      problems.push(`judgement standard ${s.id} has a key question answered from cases`);
    }

    s.keyQuestions.forEach((k, ki) => {
      unique(k.id, 'key question');
      if (k.id !== `${s.id}.${ki + 1}`) problems.push(`key question ${k.id} should be ${s.id}.${ki + 1} (numbered in order within its standard)`);
      if (k.standard !== s.id) problems.push(`key question ${k.id} names standard ${k.standard} but sits under ${s.id}`);
      nonEmpty(k.text, `key question ${k.id}`);
      k.variants.forEach((v, i) => nonEmpty(v, `key question ${k.id} variant ${i + 1}`));
      nonEmpty(k.subSampleLabel, `key question ${k.id} sub-sample label`);
      if (s.kind === 'case-assessed') {
        if (k.subSample === 'evidence') problems.push(`key question ${k.id} of case-assessed standard ${s.id} is answered from evidence`);
        if (k.prompts.length === 0) problems.push(`key question ${k.id} of case-assessed standard ${s.id} has no prompts`);
      }
      k.prompts.forEach((p, pi) => {
        unique(p.id, 'prompt');
        const expected = `${k.id}.${String.fromCharCode(97 + pi)}`;
        if (p.id !== expected) problems.push(`prompt ${p.id} should be ${expected} (lettered in order within its key question)`);
        if (p.keyQuestion !== k.id) problems.push(`prompt ${p.id} names key question ${p.keyQuestion} but sits under ${k.id}`);
        nonEmpty(p.text, `prompt ${p.id}`);
        p.variants.forEach((v, i) => nonEmpty(v, `prompt ${p.id} variant ${i + 1}`));
        if (/^where applicable\b/i.test(p.text) && !p.whereApplicable) problems.push(`prompt ${p.id} reads "Where applicable" but is not marked so`);
      });
      const texts = new Set<string>();
      for (const w of [k.text, ...k.variants]) {
        const n = normaliseText(w);
        if (texts.has(n)) problems.push(`key question ${k.id} lists the wording "${w}" twice (up to typography)`);
        texts.add(n);
      }
    });
    const statements = new Set<string>();
    for (const w of [s.statement, ...s.statementVariants]) {
      const n = normaliseText(w);
      if (statements.has(n)) problems.push(`standard ${s.id} lists the statement "${w}" twice (up to typography)`);
      statements.add(n);
    }
  }
  const counted = countedStandards(fw).length;
  const top = Math.max(...Object.values(fw.rating.score));
  if (counted * top !== fw.rating.maxScore) {
    problems.push(`${counted} standards are counted at up to ${top} each, so the score maximum is ${counted * top}, not ${fw.rating.maxScore}`);
  }
  return problems;
}

export type FrameworkParseResult = { ok: true; framework: Framework } | { ok: false; problems: string[] };

/** Checks framework data from outside: shape (with JSON paths), then integrity. Never throws. */
export function parseFramework(data: unknown): FrameworkParseResult {
  const parsed = FrameworkSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(top level)'}: ${i.message}`),
    };
  }
  const problems = validateFramework(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, framework: parsed.data };
}
