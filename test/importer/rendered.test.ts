/**
 * A layout the importer was not written against: yjinspect's own published-report renderer. Each report
 * fixture is rendered to HTML (and one to PDF) with `yjinspect report` and read back; every key-question and prompt count,
 * the case sample, the provider and the recommendations must come back, and the verifier must agree.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importReportText, verifyReport } from '../../src/importer/index.js';
import { readReportFile } from '../../src/importer/read-report-file.js';
import { figuresOf } from './expected.js';

const bin = fileURLToPath(new URL('../../bin/yjinspect', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'yjinspect-rendered-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Counts {
  relevant: number;
  yes: number;
}
interface Fixture {
  standards: Record<string, { keyQuestions?: Record<string, Counts> }>;
  report: {
    service: { name: string };
    recommendations: { items: string[] }[];
    caseSample: Record<string, { total: number } | undefined>;
    promptFigures?: Record<string, Counts>;
  };
}

const cases = [
  ['stockton-on-tees-2020', 'html'],
  ['south-tees-2019', 'html'],
  ['stoke-on-trent-2022', 'html'],
  // Chromium prints the HTML tables to PDF: wrapped rows, figures beside their first line, page footers.
  ['stockton-on-tees-2020', 'pdf'],
] as const;

describe.each(cases)('the rendered report of %s as %s', (name, format) => {
  it('is read back with every figure', async () => {
    const input = fileURLToPath(new URL(`../fixtures/report/${name}.json`, import.meta.url));
    const out = join(dir, `${name}.${format}`);
    const r = spawnSync(bin, ['report', input, '--format', format, '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const fixture = JSON.parse(readFileSync(input, 'utf8')) as Fixture;
    const source = await readReportFile(out);
    if (!source.ok) throw new Error(source.message);
    expect(source.kind).toBe(format === 'pdf' ? 'pdf' : 'text');
    const imported = importReportText(source.text, { fileName: source.fileName });

    const want = new Map<string, Counts>();
    for (const s of Object.values(fixture.standards)) for (const [id, c] of Object.entries(s.keyQuestions ?? {})) want.set(id, c);
    for (const [id, c] of Object.entries(fixture.report.promptFigures ?? {})) want.set(id, c);
    const got = figuresOf(imported);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [id, c] of want) expect({ id, relevant: got.get(id)?.relevant, yes: got.get(id)?.yes }).toEqual({ id, ...c });

    expect(imported.provider).toBe(fixture.report.service.name);
    expect(imported.recommendations.length).toBe(fixture.report.recommendations.reduce((n, g) => n + g.items.length, 0));
    expect(imported.caseSample.court).toBe(fixture.report.caseSample.court?.total ?? null);
    expect(imported.caseSample.outOfCourt).toBe(fixture.report.caseSample.outOfCourt?.total ?? null);
    expect(imported.standards.every((s) => s.rating !== null)).toBe(true);
    expect(verifyReport(imported).ok).toBe(true);
    expect(imported.warnings.filter((w) => /figure|key question/.test(w.message))).toEqual([]);
  });
});
