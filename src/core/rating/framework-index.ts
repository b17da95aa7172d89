/**
 * Lookup tables over one framework version, built once per framework object: what an answer key
 * (key question or prompt id) means, and which standard it belongs to. The rating loop over thousands
 * of cases does one Map lookup per answer.
 */
import type { Framework, KeyQuestionDef, PromptDef, StandardDef } from '../framework/types.js';

export interface AnswerTarget {
  /** Position in the per-run count arrays. */
  readonly slot: number;
  readonly kind: 'key question' | 'prompt';
  readonly id: string;
  readonly standard: StandardDef;
  /** Position of the standard in framework.standards. */
  readonly standardIndex: number;
  readonly keyQuestion: KeyQuestionDef;
  readonly prompt?: PromptDef;
}

export interface FrameworkIndex {
  readonly framework: Framework;
  readonly standards: ReadonlyMap<string, StandardDef>;
  readonly keyQuestions: ReadonlyMap<string, KeyQuestionDef>;
  /** Every key question and prompt of every standard (judgement ones included, to explain errors). */
  readonly targets: ReadonlyMap<string, AnswerTarget>;
  readonly slotCount: number;
  readonly domains: ReadonlySet<number>;
}

const cache = new WeakMap<Framework, FrameworkIndex>();

export function indexFramework(framework: Framework): FrameworkIndex {
  const cached = cache.get(framework);
  if (cached) return cached;
  const standards = new Map<string, StandardDef>();
  const keyQuestions = new Map<string, KeyQuestionDef>();
  const targets = new Map<string, AnswerTarget>();
  let slot = 0;
  framework.standards.forEach((standard, standardIndex) => {
    standards.set(standard.id, standard);
    for (const keyQuestion of standard.keyQuestions) {
      keyQuestions.set(keyQuestion.id, keyQuestion);
      targets.set(keyQuestion.id, { slot: slot++, kind: 'key question', id: keyQuestion.id, standard, standardIndex, keyQuestion });
      for (const prompt of keyQuestion.prompts) {
        targets.set(prompt.id, { slot: slot++, kind: 'prompt', id: prompt.id, standard, standardIndex, keyQuestion, prompt });
      }
    }
  });
  const index: FrameworkIndex = {
    framework,
    standards,
    keyQuestions,
    targets,
    slotCount: slot,
    domains: new Set(framework.domains.map((d) => d.id)),
  };
  cache.set(framework, index);
  return index;
}
