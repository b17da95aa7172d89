import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/yjinspect', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const sample = (...args: string[]) => spawnSync(bin, ['sample', ...args], { encoding: 'utf8' });

describe('yjinspect sample', () => {
  it('prints exactly the contracted JSON keys with --json', () => {
    const r = sample(fixture('population-medium.csv'), '--seed', '42', '--fieldwork', '2025-06-02', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      sizes: Record<string, { population: number; sample: number }>;
      sample: { ref: string; domain: string }[];
      reserve: { ref: string }[];
      comparison: { variable: string; domain: string; category: string; population: number; sample: number }[];
    };
    expect(out.sizes.court).toMatchObject({ population: 70, sample: 50 });
    expect(out.sizes.outOfCourt).toMatchObject({ population: 50, sample: 33 });
    expect(out.sample).toHaveLength(83);
    expect(out.sample.every((c) => typeof c.ref === 'string' && (c.domain === 'court' || c.domain === 'outOfCourt'))).toBe(true);
    expect(out.reserve.length).toBeGreaterThan(0);
    expect(out.comparison).toContainEqual(expect.objectContaining({ variable: 'gender', domain: 'court', category: 'Female', population: 19 }));
    for (const row of out.comparison) {
      const n = out.sizes[row.domain]!.sample, N = out.sizes[row.domain]!.population;
      if (['gender', 'disposal_type', 'risk_of_serious_harm', 'safety_and_wellbeing'].includes(row.variable)) expect(Math.abs(row.sample - (n * row.population) / N)).toBeLessThanOrEqual(1);
    }
    // The same seed draws the same sample again.
    expect(sample(fixture('population-medium.csv'), '--seed', '42', '--fieldwork', '2025-06-02', '--json').stdout).toBe(r.stdout);
  });

  it('prints the sizes with their working, the sample, the reserves and the comparison as text', () => {
    const r = sample(fixture('population-small.csv'), '--seed', '1', '--confidence', '90', '--margin', '5');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/z for 90% confidence \(two-sided\) = 1\.6449/);
    expect(r.stdout).toMatch(/court disposals: 9 of 9/);
    expect(r.stdout).toMatch(/Reserve list, in order of use/);
    expect(r.stdout).toMatch(/Sample compared with the population/);
  });

  it('exits 2 on a bad file and lists the bad rows on stderr', () => {
    const r = sample(fixture('bad-rows.csv'), '--seed', '1', '--json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/refused, nothing imported — 14 problems/);
    expect(r.stderr).toMatch(/line 3, column ref: looks like a name/);
    expect(r.stderr).toMatch(/line 9, column gender: unknown value 'Mle'/);
    expect(r.stderr).not.toMatch(/John Smith/);
  });

  it('exits 2 with the usage on a missing seed, a bad option or an override without a reason', () => {
    expect(sample(fixture('population-small.csv')).stderr).toMatch(/--seed N is required/);
    expect(sample(fixture('population-small.csv'), '--seed', 'x').status).toBe(2);
    expect(sample(fixture('population-small.csv'), '--seed', '1', '--fieldwork', '2025-02-30').stderr).toMatch(/fieldwork date/);
    expect(sample(fixture('population-small.csv'), '--seed', '1', '--override', 'court=5:').stderr).toMatch(/needs a reason/);
    const ok = sample(fixture('population-small.csv'), '--seed', '1', '--override', 'outOfCourt=7:all seven files were available', '--json');
    expect(JSON.parse(ok.stdout).sizes.outOfCourt).toMatchObject({ sample: 7, override: { from: 6, to: 7, reason: 'all seven files were available' } });
  });

  it('replaces a case with the best reserve and records who, when and why', () => {
    const first = JSON.parse(sample(fixture('population-medium.csv'), '--seed', '5', '--json').stdout) as { sample: { ref: string; domain: string }[] };
    const out = first.sample.find((c) => c.domain === 'outOfCourt')!.ref;
    const r = sample(fixture('population-medium.csv'), '--seed', '5', '--json', '--replace', `${out}:Lead inspector:case manager left, file incomplete`);
    const o = JSON.parse(r.stdout) as { sample: { ref: string }[]; replacements: { removed: string; added: string; by: string; at: string; reason: string }[] };
    expect(o.replacements).toEqual([{ removed: out, added: expect.any(String), domain: 'outOfCourt', by: 'Lead inspector', at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), reason: 'case manager left, file incomplete' }]);
    expect(o.sample.map((c) => c.ref)).not.toContain(out);
    expect(o.sample.map((c) => c.ref)).toContain(o.replacements[0]!.added);
  });

  it('writes the comparison chart as SVG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yj-chart-'));
    try {
      const r = sample(fixture('population-small.csv'), '--seed', '1', '--chart', join(dir, 'c.svg'));
      expect(r.status).toBe(0);
      const svg = readFileSync(join(dir, 'c.svg'), 'utf8');
      expect(svg).toMatch(/^<svg/);
      expect(svg).toContain('Safety and wellbeing');
      sample(fixture('population-small.csv'), '--seed', '1', '--chart', join(dir, 'c.vl.json'));
      expect(existsSync(join(dir, 'c.vl.json'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
