/**
 * Small builders that keep the framework data readable: prompt ids are given by printed order
 * (`2.1.1.a`, `2.1.1.b`, …) and "Where applicable" is read from the printed wording unless stated.
 */
import type { DomainId, KeyQuestionDef, PromptDef, StandardDef, StandardKind, SubSample } from './types.js';

export interface PromptSpec {
  readonly text: string;
  readonly variants?: readonly string[];
  /** Defaults to whether the text starts "Where applicable". */
  readonly whereApplicable?: boolean;
}

export interface KeyQuestionSpec {
  readonly text: string;
  readonly variants?: readonly string[];
  readonly subSample: SubSample;
  readonly subSampleLabel: string;
  readonly prompts?: readonly (string | PromptSpec)[];
}

export interface StandardSpec {
  readonly id: string;
  readonly domain: DomainId;
  readonly name: string;
  readonly statement: string;
  readonly statementVariants?: readonly string[];
  readonly kind: StandardKind;
  readonly counted: boolean;
  /** Numbered in printed order: the first is `<id>.1`. */
  readonly keyQuestions: readonly KeyQuestionSpec[];
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export function promptLetter(index: number): string {
  const letter = LETTERS[index];
  if (letter === undefined) throw new Error(`a key question has more than ${LETTERS.length} prompts`);
  return letter;
}

function buildPrompt(keyQuestion: string, index: number, spec: string | PromptSpec): PromptDef {
  const s: PromptSpec = typeof spec === 'string' ? { text: spec } : spec;
  return {
    id: `${keyQuestion}.${promptLetter(index)}`,
    keyQuestion,
    text: s.text,
    variants: s.variants ?? [],
    whereApplicable: s.whereApplicable ?? /^where applicable\b/i.test(s.text),
  };
}

export function standard(spec: StandardSpec): StandardDef {
  return {
    id: spec.id,
    domain: spec.domain,
    name: spec.name,
    statement: spec.statement,
    statementVariants: spec.statementVariants ?? [],
    kind: spec.kind,
    counted: spec.counted,
    keyQuestions: spec.keyQuestions.map((k, i): KeyQuestionDef => {
      const id = `${spec.id}.${i + 1}`;
      return {
        id,
        standard: spec.id,
        text: k.text,
        variants: k.variants ?? [],
        subSample: k.subSample,
        subSampleLabel: k.subSampleLabel,
        prompts: (k.prompts ?? []).map((p, j) => buildPrompt(id, j, p)),
      };
    }),
  };
}

/** Deeply freezes framework data so no adapter can change the rules at run time. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
