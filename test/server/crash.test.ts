/**
 * Durability: SIGKILL the running server (bin/yjinspect serve, built) in the middle of answer writes,
 * start it again on the same data folder, and find every acknowledged write.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/index.js';
import { testDatabase, type TestDatabase } from '../store/harness.js';
import { PASSWORD, ROLE_EMAILS, seedFixture } from './harness.js';

const bin = fileURLToPath(new URL('../../bin/yjinspect', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url)));

function start(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [bin, 'serve', '--no-demo'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/localhost:\d+)/.exec(out);
      if (m) resolve({ child, base: m[1]!.replace('localhost', '127.0.0.1') });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      reject(new Error(`server exited with ${code}: ${err}`));
    });
  });
}

async function signIn(base: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ROLE_EMAILS.lead, password: PASSWORD }) });
  const cookie = r.headers.get('set-cookie')!;
  return cookie.split(';')[0]!;
}

describe.skipIf(!built)('SIGKILL during writes (pglite)', () => {
  let db: TestDatabase;
  let caseIds: string[];
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    db = testDatabase('pglite');
    const store = await db.open();
    const seeded = await seedFixture(createServices(store));
    caseIds = Object.values(seeded.caseIds);
    await store.close();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await db.cleanup();
  });

  it('finds every acknowledged write after a restart', { timeout: 300_000 }, async () => {
    const first = await start(db.options.dataDir!);
    children.push(first.child);
    const cookie = await signIn(first.base);
    const acknowledged: { caseId: string; questionId: string; note: string }[] = [];
    const domainOf = (i: number) => (i === 2 ? 3 : 2);
    // Key questions x.1.1 … x.3.3 exist in domains 2 and 3 of the 2018 framework.
    const questions = ['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3'];
    const statuses: number[] = [];
    const write = async (w: number, i: number): Promise<void> => {
      const ci = (w + i) % caseIds.length;
      const q = `${domainOf(ci)}.${questions[(w * 7 + i) % questions.length]}`;
      const note = `writer ${w} #${i}`;
      const r = await fetch(`${first.base}/api/v1/cases/${caseIds[ci]}/answers`, {
        method: 'PUT',
        headers: { cookie, 'content-type': 'application/json' },
        // Version 0: the first write of a key wins, later ones get 409.
        body: JSON.stringify({ answers: [{ questionId: q, answer: 'yes', note, version: 0 }] }),
      });
      statuses.push(r.status);
      if (r.status === 200) acknowledged.push({ caseId: caseIds[ci]!, questionId: q, note });
    };
    // A first round of writes that all finish, then a second round cut short by SIGKILL.
    await Promise.all([0, 1, 2, 3].map(async (w) => { for (let i = 0; i < 4; i++) await write(w, i); }));
    expect(statuses.every((s) => s === 200 || s === 409), statuses.join(',')).toBe(true);
    const inFlight = Promise.allSettled([0, 1, 2, 3].map(async (w) => { for (let i = 4; i < 40; i++) await write(w, i); }));
    while (statuses.length < 20) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    await inFlight;
    expect(acknowledged.length).toBeGreaterThanOrEqual(5);

    const second = await start(db.options.dataDir!);
    children.push(second.child);
    const cookie2 = await signIn(second.base);
    for (const id of caseIds) {
      const c = (await (await fetch(`${second.base}/api/v1/cases/${id}`, { headers: { cookie: cookie2 } })).json()) as { answers: { questionId: string; note: string }[] };
      for (const a of acknowledged.filter((x) => x.caseId === id)) {
        // Version 0 succeeds once per key, so each acknowledged write is the stored one.
        expect(c.answers.find((x) => x.questionId === a.questionId)?.note, `${a.questionId} on ${id}`).toBe(a.note);
      }
    }
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  });
});
