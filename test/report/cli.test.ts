/** `bin/yjinspect report`: writes the file, exits 2 on bad input naming the JSON path, never half-writes. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/yjinspect', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/report/stoke-on-trent-2022.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'yj-report-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = (args: string[], input?: string) => spawnSync(bin, ['report', ...args], { encoding: 'utf8', input });

describe('yjinspect report', () => {
  it('writes the CSV annex and the Word report', () => {
    const csv = join(dir, 'stoke.csv');
    let r = report([fixture, '--format', 'csv', '--out', csv]);
    expect(r.stderr).toContain('wrote');
    expect(r.status).toBe(0);
    expect(readFileSync(csv, 'utf8')).toMatch(/^level,domain,standard,id,/);
    expect(readFileSync(csv, 'utf8')).toContain('overall,,,,Stoke-on-Trent Youth Justice Service,,,,,18/36,Requires improvement');
    const docx = join(dir, 'stoke.docx');
    r = report([fixture, '--format', 'docx', '--out', docx]);
    expect(r.status).toBe(0);
    expect(readFileSync(docx).subarray(0, 2).toString()).toBe('PK');
  });

  it('reads standard input with -', () => {
    const out = join(dir, 'stdin.csv');
    const r = report(['-', '--format', 'csv', '--out', out], readFileSync(fixture, 'utf8'));
    expect(r.status).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('exits 2 naming the JSON path of bad data, and writes nothing', () => {
    const data = JSON.parse(readFileSync(fixture, 'utf8'));
    data.report.caseSample.court.total = -1;
    data.standards['2.2'].keyQuestions['2.2.9'] = { relevant: 1, yes: 1 };
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(data));
    const out = join(dir, 'bad.html');
    const r = report([bad, '--format', 'html', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('$.report.caseSample.court.total');
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 on an unknown format, missing --out, or a file that is not JSON', () => {
    expect(report([fixture, '--format', 'odt', '--out', join(dir, 'x')]).stderr).toMatch(/--format must be one of html, pdf, docx, xlsx, csv; got 'odt'/);
    expect(report([fixture, '--format', 'csv']).status).toBe(2);
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{"framework": "2018",');
    const r = report([notJson, '--format', 'csv', '--out', join(dir, 'y.csv')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('not valid JSON');
  });
});
