/**
 * Population files are read within limits in a worker thread: a zip bomb (a workbook of millions of identical
 * cells, a few hundred kilobytes zipped) is refused with a message on the file field, the server answers other
 * requests while it is read, and a zip whose directory lies about its sizes is refused all the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { parsePopulationUpload, PopulationLimitError, POPULATION_LIMITS } from '../../src/population/index.js';
import { jobCounts, MAX_RUNNING_JOBS } from '../../src/worker/run.js';
import { webPlugin } from '../../src/web/plugin.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from '../server/harness.js';

/** A real workbook whose first sheet is replaced by `cells` identical cells (rows of 1,000). */
async function zipBomb(cells: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Population').addRow(['ref', 'disposal_type']);
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  const row = `<row>${'<c><v>1</v></c>'.repeat(1000)}</row>`;
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${row.repeat(Math.ceil(cells / 1000))}</sheetData></worksheet>`;
  zip.file('xl/worksheets/sheet1.xml', sheet);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** The same bytes with every size in the central directory rewritten to 1 byte. */
function lyingDirectory(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i + 46 <= out.length; i++) if (out.readUInt32LE(i) === 0x02014b50) out.writeUInt32LE(1, i + 24);
  return out;
}

/** Signals when a request for `path` reaches its handler (its body read), for ordering the test's requests. */
function onHandler(path: RegExp, signal: () => void): FastifyPluginAsync {
  const plugin: FastifyPluginAsync = async (app) => {
    app.addHook('preHandler', async (request) => {
      if (request.method === 'POST' && path.test(request.url)) signal();
    });
  };
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}

let f: Fixture, base: string, bomb: Buffer;
let uploadReached: () => void = () => {};

beforeAll(async () => {
  [f, bomb] = await Promise.all([
    startFixture('pglite', {}, [onHandler(/\/sampling$/, () => uploadReached()), webPlugin]),
    zipBomb(3_000_000),
  ]);
  base = await f.app.listen({ port: 0, host: '127.0.0.1' });
}, 120_000);

afterAll(async () => {
  await f?.close();
});

async function uploadForm(app: FastifyInstance, inspectionId: string): Promise<{ cookie: string; token: string }> {
  const session = await signIn(app, ROLE_EMAILS.lead);
  const page = await fetch(`${base}/inspections/${inspectionId}/sampling`, { headers: { cookie: session } });
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const csrfCookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  expect(token).toBeTruthy();
  return { cookie: [session, csrfCookie].filter(Boolean).join('; '), token: token! };
}

describe('population upload limits', () => {
  it('refuses a zip bomb with a message on the file field, answering /health while it is read', async () => {
    expect(bomb.length).toBeLessThan(POPULATION_LIMITS.maxFileBytes / 10);
    const { cookie, token } = await uploadForm(f.app, f.inspectionId);
    const form = new FormData();
    for (const [k, v] of Object.entries({ _csrf: token, seed: '42', confidence: '80', margin: '5' })) form.append(k, v);
    form.append('population', new Blob([new Uint8Array(bomb)]), 'population.xlsx');

    const order: string[] = [];
    let health: Promise<void> = Promise.resolve();
    const reached = new Promise<void>((resolve) => (uploadReached = resolve));
    void reached.then(() => {
      health = fetch(`${base}/health`).then(async (r) => {
        expect(r.status).toBe(200);
        order.push('health');
      });
    });
    const response = await fetch(`${base}/inspections/${f.inspectionId}/sampling`, { method: 'POST', headers: { cookie }, body: form });
    order.push('upload');
    const html = await response.text();
    await health;
    expect(response.status).toBe(400);
    expect(html).toContain('The file is too large when unzipped: the limit is 32 MB');
    expect(html).toMatch(/id="population-error"[\s\S]*The file is too large when unzipped/);
    expect(order).toEqual(['health', 'upload']);
  }, 120_000);

  it('refuses a bomb whose central directory lies about its sizes, inflating no more than the limit', async () => {
    const err = await parsePopulationUpload(lyingDirectory(bomb), 'population.xlsx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PopulationLimitError);
    expect((err as PopulationLimitError).fieldMessage).toBe('The file is too large when unzipped: the limit is 32 MB and it holds more than 32 MB');
  }, 60_000);

  it('refuses too many rows and too large a file, and still reads a good file', async () => {
    const csv = (n: number): Buffer => Buffer.from(['ref,disposal_type,start_date,gender,age_band,ethnicity,risk_of_serious_harm,safety_and_wellbeing',
      ...Array.from({ length: n }, (_, i) => `YJ-${i},Referral order,2025-01-0${1 + (i % 9)},Male,15-17,White,Low,Low`)].join('\n'));
    const limits = { ...POPULATION_LIMITS, maxRows: 10, maxFileBytes: 2000 };
    await expect(parsePopulationUpload(csv(11), 'p.csv', { ...limits, maxFileBytes: 1e6 })).rejects.toThrow('The file has too many rows: the limit is 10 cases and it has 11');
    await expect(parsePopulationUpload(csv(100), 'p.csv', limits)).rejects.toThrow(/The selected file must be smaller than 2 KB \(it is \d+ KB\)/);
    expect(await parsePopulationUpload(csv(10), 'p.csv', limits)).toHaveLength(10);
  }, 60_000);

  it('runs at most two files at once, the others waiting their turn', async () => {
    const csv = Buffer.from('ref,disposal_type,start_date,gender,age_band,ethnicity,risk_of_serious_harm,safety_and_wellbeing\nYJ-1,Referral order,2025-01-01,Male,15-17,White,Low,Low');
    const reads = Array.from({ length: MAX_RUNNING_JOBS + 2 }, () => parsePopulationUpload(csv, 'p.csv'));
    expect(jobCounts()).toEqual({ running: MAX_RUNNING_JOBS, waiting: 2 });
    for (const cases of await Promise.all(reads)) expect(cases).toHaveLength(1);
    expect(jobCounts()).toEqual({ running: 0, waiting: 0 });
  }, 60_000);

  it('stops a worker that runs out of memory with a message, and the next file reads as before', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `YJ-${i},Referral order,2025-01-01,Male,15-17,White,Low,Low`);
    const csv = Buffer.from(['ref,disposal_type,start_date,gender,age_band,ethnicity,risk_of_serious_harm,safety_and_wellbeing', ...rows].join('\n'));
    await expect(parsePopulationUpload(csv, 'p.csv', { ...POPULATION_LIMITS, maxMemoryMb: 2 })).rejects.toThrow('The file needs too much memory to read: the limit is 2 MB');
    expect(await parsePopulationUpload(csv, 'p.csv')).toHaveLength(20_000);
  }, 60_000);

  it('the sample command refuses the zip bomb the same way (from the built code)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yj-bomb-'));
    try {
      writeFileSync(join(dir, 'population.xlsx'), bomb);
      const bin = fileURLToPath(new URL('../../bin/yjinspect', import.meta.url));
      const r = spawnSync(bin, ['sample', join(dir, 'population.xlsx'), '--seed', '1'], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('population.xlsx: refused, nothing imported — 1 problem:\nThe file is too large when unzipped: the limit is 32 MB and it holds');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
