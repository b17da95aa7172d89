/** bin/yjinspect import-report and verify-report, run as a user would (needs `npm run build`). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importedReportSchema } from '../../src/importer/index.js';

const bin = fileURLToPath(new URL('../../bin/yjinspect', import.meta.url));
const seed = (name: string) => fileURLToPath(new URL(`./fixtures/seeds/${name}.txt`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'yjinspect-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(bin, args, { encoding: 'utf8' });

describe('yjinspect import-report', () => {
  it('prints the imported report as JSON with exactly the issue\u2019s keys', () => {
    const r = run('import-report', seed('stockton-on-tees-2020'), '--json');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['provider', 'published', 'framework', 'overall', 'standards', 'caseSample', 'recommendations', 'warnings']);
    expect(importedReportSchema.parse(json).overall).toEqual({ rating: 'Outstanding', score: 32, maxScore: 36 });
  });

  it('prints a readable summary without --json', () => {
    const r = run('import-report', seed('stoke-on-trent-2022'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Provider:   Stoke-on-Trent Youth Justice Service');
    expect(r.stdout).toMatch(/2\.2 Planning\s+Inadequate/);
  });

  it('refuses its own JSON output, pointing to verify-report', () => {
    const file = join(dir, 'imported.json');
    writeFileSync(file, run('import-report', seed('south-tees-2019'), '--json').stdout);
    const r = run('import-report', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/already an imported report.*verify-report/);
  });

  it('refuses a missing file with exit 2 and says which file', () => {
    const r = run('import-report', join(dir, 'nope.pdf'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no such file');
  });
});

describe('yjinspect verify-report', () => {
  it('exits 0 on a seed, printing the table of findings', () => {
    const r = run('verify-report', seed('stockton-on-tees-2020'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/standard rating\s+2\.2 Planning\s+Good\s+Requires improvement .*explained/);
  });

  it('exits 1 when the imported JSON does not add up', () => {
    const imported = JSON.parse(run('import-report', seed('stockton-on-tees-2020'), '--json').stdout) as { overall: { score: number } };
    imported.overall.score = 31;
    const file = join(dir, 'slip.json');
    writeFileSync(file, JSON.stringify(imported));
    const r = run('verify-report', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/score\s+score\s+31\/36\s+32\/36\s+DISAGREES/);
  });

  it('exits 2 on JSON that is not an imported report, naming the field', () => {
    const file = join(dir, 'other.json');
    writeFileSync(file, JSON.stringify({ standards: 'none' }));
    const r = run('verify-report', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not an imported report/);
  });

  it('says how many items it checked', () => {
    const r = run('verify-report', seed('south-tees-2019'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+ of \d+ items checked \(2018 framework\): /m);
    const json = JSON.parse(run('verify-report', seed('south-tees-2019'), '--json').stdout) as { checked: number; ok: boolean };
    expect(json.checked).toBeGreaterThan(0);
    expect(json.ok).toBe(true);
  });

  it('exits 2, never 0, when nothing could be checked', () => {
    const imported = JSON.parse(run('import-report', seed('stockton-on-tees-2020'), '--json').stdout) as Record<string, unknown>;
    Object.assign(imported, { standards: [], overall: { rating: 'Good', score: null, maxScore: null }, caseSample: { court: null, outOfCourt: null, resettlement: null } });
    const file = join(dir, 'bare.json');
    writeFileSync(file, JSON.stringify(imported));
    const r = run('verify-report', file);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/0 of 1 items checked/);
    expect(r.stderr).toMatch(/nothing was verified/);
  });

  it('refuses a report of HMIP\u2019s 2023 programme, on import and on verification, naming the programme', () => {
    const file = join(dir, 'victims-2023.txt');
    writeFileSync(
      file,
      ['An inspection of youth justice services in Anytown', 'HM Inspectorate of Probation, November 2023', 'Anytown Youth Justice Service\tScore 25/39', 'Overall rating\tGood', '2.1 Assessment\tGood', 'Work with victims\tRequires improvement'].join('\n'),
    );
    for (const command of ['import-report', 'verify-report']) {
      const r = run(command, file, '--json');
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/seems to follow HMIP's youth inspection programme from 2023 \(work with victims is rated\), which yjinspect has no framework for/);
    }
  });

  it('exits 2 on a file with no ratings in it', () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'shopping list\neggs\nmilk\n');
    const r = run('verify-report', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nothing to verify/);
  });
});
