/**
 * `yjinspect rate [FILE|-] [--jsonl]`: one inspection as JSON in, its ratings as JSON out.
 * Exit 0 rated; 2 bad input or usage (message names the JSON path); with --jsonl each bad line prints
 * {"error":{"line":N,"message":…}} in its place, the rest still run, and the exit is 1 at the end.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { getFramework } from '../../core/framework/index.js';
import { RatingInputError, formatProblem, rateInspection, type RateOutput } from '../../core/rating/index.js';

export const USAGE = 'yjinspect rate [FILE|-] [--jsonl]';

class UsageError extends Error {}

interface Options {
  readonly file: string;
  readonly jsonl: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  let file: string | undefined;
  let jsonl = false;
  for (const arg of argv) {
    if (arg === '--jsonl') jsonl = true;
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'. Usage: ${USAGE}`);
    else if (file !== undefined) throw new UsageError(`give one input file (got '${file}' and '${arg}'). Usage: ${USAGE}`);
    else file = arg;
  }
  return { file: file ?? '-', jsonl };
}

/** Parses and rates one JSON text; throws RatingInputError (with paths) or a SyntaxError-based message. */
export function rateText(text: string): RateOutput {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, '')); // tolerate a byte-order mark from spreadsheet tools
  } catch (err) {
    throw new RatingInputError([{ path: '', message: `is not valid JSON (${(err as Error).message})` }]);
  }
  return rateInspection(raw, getFramework);
}

function messageOf(err: unknown): string[] {
  if (err instanceof RatingInputError) return err.problems.map(formatProblem);
  throw err;
}

async function runOne(file: string): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    process.stderr.write(`yjinspect rate: cannot read ${file === '-' ? 'standard input' : file}: ${(err as Error).message}\n`);
    return 2;
  }
  try {
    process.stdout.write(`${JSON.stringify(rateText(text))}\n`);
    return 0;
  } catch (err) {
    for (const line of messageOf(err)) process.stderr.write(`yjinspect rate: ${line}\n`);
    return 2;
  }
}

async function runLines(file: string): Promise<number> {
  const input = file === '-' ? process.stdin : createReadStream(file, 'utf8');
  const opened = new Promise<void>((resolve, reject) => {
    if (file === '-') resolve();
    else input.once('open', () => resolve()).once('error', reject);
  });
  try {
    await opened;
  } catch (err) {
    process.stderr.write(`yjinspect rate: cannot read ${file}: ${(err as Error).message}\n`);
    return 2;
  }
  let failed = false;
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    try {
      process.stdout.write(`${JSON.stringify(rateText(text))}\n`);
    } catch (err) {
      failed = true;
      process.stdout.write(`${JSON.stringify({ error: { line, message: messageOf(err).join('; ') } })}\n`);
    }
  }
  return failed ? 1 : 0;
}

export async function run(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`yjinspect rate: ${err.message}\n`);
    return 2;
  }
  return options.jsonl ? runLines(options.file) : runOne(options.file);
}
