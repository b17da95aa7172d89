/**
 * Input problems as values a person can act on: the JSON path of the offending value and what is wrong
 * with it, e.g. `standards.2.2.keyQuestions.2.2.1.yes: yes (9) is more than relevant (8)`.
 */
import type { z } from 'zod';

export interface InputProblem {
  /** Dot-joined JSON path (object keys and array positions); '' for the whole input. */
  readonly path: string;
  readonly message: string;
}

export class RatingInputError extends Error {
  readonly problems: readonly InputProblem[];
  constructor(problems: readonly InputProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'RatingInputError';
    this.problems = problems;
  }
}

export function formatProblem(p: InputProblem): string {
  return `${p.path === '' ? 'input' : p.path}: ${p.message}`;
}

export function joinPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** Turns zod issues into problems with plain messages. */
export function problemsFromZod(error: z.core.$ZodError, prefix: readonly PropertyKey[] = []): InputProblem[] {
  const out: InputProblem[] = [];
  for (const raw of error.issues) {
    const issue = prefix.length === 0 ? raw : { ...raw, path: [...prefix, ...raw.path] };
    const path = joinPath(issue.path);
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) out.push({ path: joinPath([...issue.path, key]), message: 'unknown key' });
        break;
      case 'invalid_type':
        out.push({
          path,
          message: issue.input === undefined ? `is required (${issue.expected})` : `must be ${article(issue.expected)}, not ${describe(issue.input)}`,
        });
        break;
      case 'invalid_value':
        out.push({
          path,
          message: `${issue.input === undefined ? 'is required: one of' : 'must be one of'} ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${issue.input === undefined ? '' : `, not ${describe(issue.input)}`}`,
        });
        break;
      case 'invalid_union':
        out.push({ path, message: `is not one of the allowed values (got ${describe(issue.input)})` });
        break;
      case 'too_big':
        out.push({ path, message: issue.origin === 'number' ? `must be ${issue.maximum} or less, not ${describe(issue.input)}` : issue.message });
        break;
      case 'too_small':
        out.push({ path, message: issue.origin === 'number' ? `must be ${issue.minimum} or more, not ${describe(issue.input)}` : issue.message });
        break;
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}

function article(expected: string): string {
  if (expected === 'int') return 'a whole number';
  if (expected === 'object' || expected === 'array') return `an ${expected}`;
  return `a ${expected}`;
}
