/**
 * What the report reads from the rating engine's result (issue 3's documented `rate` output). Kept as a
 * structural type so the report states exactly which parts of the engine's contract it depends on.
 */
import type { Rating } from '../framework/types.js';

export interface KeyQuestionResult {
  readonly id: string;
  readonly relevant: number;
  readonly yes: number;
  /** Exact percentage, null when no case was relevant. */
  readonly percent: number | null;
  readonly band: Rating | null;
}

export interface PromptResult {
  readonly id: string;
  readonly keyQuestion: string;
  readonly relevant: number;
  readonly yes: number;
  readonly percent: number | null;
}

export interface StandardResult {
  readonly id: string;
  readonly name: string;
  readonly counted: boolean;
  readonly rating: Rating | null;
  readonly computedRating: Rating | null;
  readonly lowestKeyQuestions: readonly string[];
  readonly lowestPercent: number | null;
  readonly keyQuestions: readonly KeyQuestionResult[];
  /** Prompt figures, when the engine derived the standard from per-case answers. */
  readonly prompts?: readonly PromptResult[];
  readonly discretion: {
    readonly eligible: boolean;
    readonly reasons: readonly string[];
    readonly applied?: { readonly rating: Rating; readonly reason: string } | null;
  };
}

export interface RatingResult {
  readonly framework: string;
  readonly complete: boolean;
  readonly standards: readonly StandardResult[];
  readonly warnings: readonly { readonly code: string; readonly message: string }[];
  readonly score: number | null;
  readonly maxScore: number;
  readonly overall: Rating | null;
  /** Engines may say what is missing in more words; the report lists it when present. */
  readonly missing?: readonly unknown[];
}
