/** `yjinspect rate` through bin/yjinspect, as other tools use it (needs `npm run build` first). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RateOutputSchema } from '../../src/core/rating/index.js';
import { fixturesDir, seedFixtures } from './helpers.js';

const bin = fileURLToPath(new URL('../../bin/yjinspect', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'yjinspect-rate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function rate(args: string[], input?: string) {
  return spawnSync(bin, ['rate', ...args], { encoding: 'utf8', input });
}

const stockton = seedFixtures().find((f) => f.name === 'stockton-on-tees-2020')!;

describe('yjinspect rate', () => {
  it('rates one JSON object from a file and prints one JSON object', () => {
    const file = join(tmp, 'stockton.json');
    writeFileSync(file, `\uFEFF${JSON.stringify(stockton.input, null, 2)}`);
    const r = rate([file]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = RateOutputSchema.parse(JSON.parse(r.stdout));
    expect(out).toMatchObject({ framework: '2018', complete: true, score: 32, maxScore: 36, overall: 'Outstanding' });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('reads standard input with - or no file', () => {
    const text = JSON.stringify(stockton.input);
    for (const args of [['-'], []]) {
      const r = rate(args, text);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).score).toBe(32);
    }
  });

  it('exits 2 on bad input with the JSON path and what is wrong', () => {
    const r = rate([], JSON.stringify({ framework: '2018', standards: { '2.2': { keyQuestions: { '2.2.9': { relevant: 8, yes: 9 } } } } }));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('standards.2.2.keyQuestions.2.2.9.yes: yes (9) is more than relevant (8)');
    const bad = rate([], '{"framework": "2018",');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('input: is not valid JSON');
  });

  it('exits 2 on a missing file or an unknown option', () => {
    expect(rate([join(tmp, 'nope.json')]).status).toBe(2);
    const r = rate(['--pretty']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown option '--pretty'");
  });

  it('--jsonl rates one object per line; a bad line prints an error in its place and the exit is 1', () => {
    const lines = [
      JSON.stringify(stockton.input),
      '{"framework":"2018","standards":{"1.1":{"judgement":"Great"}}}',
      'not json',
      '',
      JSON.stringify({ framework: '2018', standards: { '1.1': { judgement: 'Good' } } }),
    ].join('\n');
    const file = join(tmp, 'many.jsonl');
    writeFileSync(file, `${lines}\n`);
    const r = rate(['--jsonl', file]);
    expect(r.status).toBe(1);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({ score: 32 });
    expect(out[1]).toEqual({ error: { line: 2, message: expect.stringContaining('standards.1.1.judgement: must be one of') } });
    expect(out[2]).toEqual({ error: { line: 3, message: expect.stringContaining('input: is not valid JSON') } });
    expect(out[3]).toMatchObject({ complete: false, score: null, overall: null });
  });

  it('--jsonl exits 0 when every line rates, reading standard input', () => {
    const all = seedFixtures().map((f) => JSON.stringify(f.input)).join('\n');
    const r = rate(['--jsonl'], all);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).score)).toEqual([29, 32, 18]);
    expect(fixturesDir).toBeTruthy();
  });

  it('is listed in yjinspect --help', () => {
    const r = spawnSync(bin, ['--help'], { encoding: 'utf8' });
    expect(r.stdout).toContain('rate');
  });
});
