/** The inspection framework as data: standards, key questions and prompts, per version, and its rules. */
import type { Labels, RatingRules, SamplingDefaults } from './file-schema.js';

export type { Labels, RatingRules, SamplingDefaults };

/** A framework's id, e.g. `2021` or `ooc-audit-2026`: one of those the registry has loaded (registry.ts). */
export type FrameworkVersion = string;

export const RATINGS = ['Inadequate', 'Requires improvement', 'Good', 'Outstanding'] as const;
export type Rating = (typeof RATINGS)[number];

/** 1 organisational delivery, 2 court disposals, 3 out-of-court disposals, 4 resettlement (2021). */
export type DomainId = 1 | 2 | 3 | 4;

/** Case-assessed standards are rated from key-question figures; judgement standards from evidence. */
export type StandardKind = 'case-assessed' | 'judgement';

/**
 * Who is in a key question's (or prompt's) denominator.
 * - all: every case in the domain
 * - safety-and-wellbeing: cases with factors related to keeping the child safe
 * - risk-of-harm: cases with factors related to keeping other people safe
 * - changed-desistance / changed-safety / changed-risk-of-harm: reviewing, only where those factors changed
 * - youth-conditional-caution: youth conditional caution cases only (3.4.2 in 2018)
 * - evidence: domain 1 and policy standards, answered from evidence rather than cases
 */
export const SUB_SAMPLES = [
  'all',
  'safety-and-wellbeing',
  'risk-of-harm',
  'changed-desistance',
  'changed-safety',
  'changed-risk-of-harm',
  'youth-conditional-caution',
  'evidence',
] as const;
export type SubSample = (typeof SUB_SAMPLES)[number];

export interface PromptDef {
  /** Stable id: key question id plus a letter, e.g. `2.1.1.a`. */
  readonly id: string;
  readonly keyQuestion: string;
  /** Current wording, exactly as printed in the reports. */
  readonly text: string;
  /** Other printed wordings of the same prompt (earlier reports said "child or young person"). */
  readonly variants: readonly string[];
  /** Printed "Where applicable, …": counts only cases where it applies. */
  readonly whereApplicable: boolean;
}

export interface KeyQuestionDef {
  readonly id: string;
  readonly standard: string;
  readonly text: string;
  readonly variants: readonly string[];
  readonly subSample: SubSample;
  /** Words the reports use for the sub-sample, e.g. "cases with factors related to keeping the child safe". */
  readonly subSampleLabel: string;
  readonly prompts: readonly PromptDef[];
}

export interface StandardDef {
  readonly id: string;
  readonly domain: DomainId;
  readonly name: string;
  /** The one-sentence standard statement. */
  readonly statement: string;
  readonly statementVariants: readonly string[];
  readonly kind: StandardKind;
  /** Counts towards the score (4.1 resettlement does not). */
  readonly counted: boolean;
  readonly keyQuestions: readonly KeyQuestionDef[];
}

export interface DomainDef {
  readonly id: DomainId;
  readonly name: string;
}

export interface Framework {
  readonly version: FrameworkVersion;
  readonly title: string;
  /** Which reports use it, in words. */
  readonly appliesTo: string;
  readonly domains: readonly DomainDef[];
  readonly standards: readonly StandardDef[];
  /** How standards, the score and the overall rating are rated: the file's `rating` section. */
  readonly rating: RatingRules;
  /** Where a sampling plan starts, when the file gives it. */
  readonly sampling?: SamplingDefaults;
  /** The words the report prints for bands and headings, where the file gives them. */
  readonly labels: Labels;
}
