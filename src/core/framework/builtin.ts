/**
 * The built-in frameworks, read from frameworks/*.json: the one source of their wording and rules.
 * Imported as JSON modules (no file I/O in the core), checked, and deeply frozen so no adapter can
 * change the rules at run time. A broken file stops the program at start-up, naming every problem.
 */
import data2018 from '../../../frameworks/2018.json' with { type: 'json' };
import data2021 from '../../../frameworks/2021.json' with { type: 'json' };
import { deepFreeze } from './build.js';
import { checkFrameworkFile } from './file-check.js';
import type { FrameworkFile } from './file-schema.js';
import type { DomainId, Framework } from './types.js';

/** The framework data of a checked file, in the shape the rest of the code reads. */
export function frameworkFromFile(file: FrameworkFile): Framework {
  return {
    version: file.version,
    title: file.title,
    appliesTo: file.appliesTo,
    domains: file.domains.map((d) => ({ id: d.id as DomainId, name: d.name })),
    standards: file.standards.map((s) => ({
      id: s.id,
      domain: s.domain as DomainId,
      name: s.name,
      statement: s.statement,
      statementVariants: s.statementVariants,
      kind: s.kind,
      counted: s.counted,
      keyQuestions: s.keyQuestions.map((k) => ({
        id: k.id,
        standard: s.id,
        text: k.text,
        variants: k.variants,
        subSample: k.subSample,
        subSampleLabel: k.subSampleLabel,
        prompts: k.prompts.map((p) => ({ id: p.id, keyQuestion: k.id, text: p.text, variants: p.variants, whereApplicable: p.whereApplicable })),
      })),
    })),
    rating: file.rating,
    ...(file.sampling ? { sampling: file.sampling } : {}),
    labels: file.labels,
  };
}

function load(data: unknown, name: string): FrameworkFile {
  const result = checkFrameworkFile(data);
  if (!result.ok) throw new Error(`frameworks/${name} is not a valid framework file:\n  ${result.problems.map((p) => `${p.path}: ${p.message}`).join('\n  ')}`);
  return deepFreeze(result.file);
}

/** The built-in framework files as checked (rating, sampling and labels included), oldest first. */
export const BUILT_IN_FILES: readonly FrameworkFile[] = Object.freeze([load(data2018, '2018.json'), load(data2021, '2021.json')]);
