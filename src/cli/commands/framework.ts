/**
 * `yjinspect framework check FILE`: check a framework file (JSON, or YAML written by hand) against the
 * format of docs/frameworks.md. Exit 0 with a one-line summary when valid; 1 naming every problem with
 * its path when invalid; 2 when the file cannot be read or parsed, or the command is used wrongly.
 */
import { readFile } from 'node:fs/promises';
import { checkFrameworkFile, type FrameworkFile } from '../../core/framework/index.js';
import { frameworkLineFinder, parseFrameworkText } from '../../app/index.js';

export const USAGE = 'yjinspect framework check FILE.json|FILE.yaml';

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'check') return fail(sub === undefined ? `say what to do. Usage: ${USAGE}` : `unknown subcommand '${sub}'. Usage: ${USAGE}`);
  const unknown = rest.find((a) => a.startsWith('-'));
  if (unknown !== undefined) return fail(`unknown option '${unknown}'. Usage: ${USAGE}`);
  if (rest.length !== 1) return fail(`give one framework file${rest.length ? ` (got ${rest.length})` : ''}. Usage: ${USAGE}`);
  const file = rest[0]!;

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file} (${code ?? (err as Error).message})`);
  }
  const data = parseFrameworkText(file, text);
  if (!data.ok) return fail(data.message);

  const result = checkFrameworkFile(data.value);
  if (!result.ok) {
    const n = result.problems.length;
    const line = frameworkLineFinder(text);
    process.stderr.write(`${file} is not a valid framework file: ${n} problem${n === 1 ? '' : 's'}\n`);
    for (const p of result.problems) {
      const at = line(p.path);
      process.stderr.write(`  ${p.path}${at === undefined ? '' : ` (line ${at})`}: ${p.message}\n`);
    }
    return 1;
  }
  process.stdout.write(`${summary(result.file)}\n`);
  return 0;
}

/** "<title>: N domains, N standards, N key questions, N prompts; valid". */
export function summary(fw: FrameworkFile): string {
  const keyQuestions = fw.standards.flatMap((s) => s.keyQuestions);
  const prompts = keyQuestions.flatMap((k) => k.prompts);
  const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${fw.title}: ${count(fw.domains.length, 'domain')}, ${count(fw.standards.length, 'standard')}, ${count(keyQuestions.length, 'key question')}, ${count(prompts.length, 'prompt')}; valid`;
}

function fail(message: string): number {
  process.stderr.write(`yjinspect framework: ${message}\n`);
  return 2;
}
