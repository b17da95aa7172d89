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
import type { DomainId, Framework, FrameworkVersion } from './types.js';

/** The framework data of a checked file, in the shape the rest of the code reads. */
export function frameworkFromFile(file: FrameworkFile): Framework {
  return {
    version: file.version as FrameworkVersion,
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

function load(data: unknown, version: FrameworkVersion): FrameworkFile {
  const result = checkFrameworkFile(data);
  if (!result.ok) throw new Error(`frameworks/${version}.json is not a valid framework file:\n  ${result.problems.map((p) => `${p.path}: ${p.message}`).join('\n  ')}`);
  if (result.file.version !== version) throw new Error(`frameworks/${version}.json says it is version ${result.file.version}`);
  return deepFreeze(result.file);
}

/** The built-in framework files as checked (rating, sampling and labels included). */
export const FRAMEWORK_FILES: Readonly<Record<FrameworkVersion, FrameworkFile>> = Object.freeze({
  '2018': load(data2018, '2018'),
  '2021': load(data2021, '2021'),
});

export const FRAMEWORK_2018: Framework = deepFreeze(frameworkFromFile(FRAMEWORK_FILES['2018']));
export const FRAMEWORK_2021: Framework = deepFreeze(frameworkFromFile(FRAMEWORK_FILES['2021']));
