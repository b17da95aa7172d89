/**
 * A running server (bin/yjinspect serve, built) holds its embedded data folder: a second server and the commands
 * that would open the folder are refused with a message naming it; a backup goes through the server instead; and
 * after SIGKILL in the middle of acknowledged writes (with other processes trying the folder meanwhile) the
 * folder reopens with every acknowledged write.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/index.js';
import { checkBackup } from '../../src/store/backup.js';
import { testDatabase, type TestDatabase } from '../store/harness.js';
import { cli, envFor } from './cli-harness.js';
import { completeAnswers, PASSWORD, ROLE_EMAILS, seedFixture } from './harness.js';

const bin = fileURLToPath(new URL('../../bin/yjinspect', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url)));

function serve(db: TestDatabase): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [bin, 'serve', '--no-demo'], { env: { ...envFor(db.options), PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/localhost:\d+)/.exec(out);
      if (m) resolve({ child, base: m[1]!.replace('localhost', '127.0.0.1') });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

/** Run the CLI without blocking this process's event loop (the writes go on meanwhile). */
function cliAsync(db: TestDatabase, args: string[]): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...envFor(db.options), PORT: '0' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, err })));
}

async function signIn(base: string, email: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  return r.headers.get('set-cookie')!.split(';')[0]!;
}

describe.skipIf(!built)('a running server holds its data folder (pglite)', { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let server: { child: ChildProcess; base: string };
  let inspectionId: string;
  let caseIds: Record<'C01' | 'C02' | 'Y01', string>;
  const dir = mkdtempSync(join(tmpdir(), 'yjinspect-live-'));
  beforeAll(async () => {
    db = testDatabase('pglite');
    const store = await db.open();
    try {
      ({ inspectionId, caseIds } = await seedFixture(createServices(store)));
    } finally {
      await store.close();
    }
    server = await serve(db);
  }, 300_000);
  afterAll(async () => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    await db?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second server and every command that would open the folder, naming the running server', () => {
    const pid = server.child.pid!;
    const named = new RegExp(`yjinspect serve \\(pid ${pid}, since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, listening at ${server.base.replace(/\./g, '\\.')}\\)`);
    const second = cli(db, ['serve', '--no-demo'], { PORT: '0' });
    expect(second.code, second.err).toBe(2);
    expect(second.err).toMatch(named);
    expect(second.err).toContain(`Use that server at ${server.base}`);

    const backup = cli(db, ['backup', join(dir, 'direct.json')]);
    expect(backup.code).toBe(2);
    expect(backup.err).toMatch(named);
    expect(backup.err).toContain(`yjinspect backup ${join(dir, 'direct.json')} --server ${server.base}`);
    expect(existsSync(join(dir, 'direct.json'))).toBe(false);

    const commands: Array<[string[], string]> = [
      [['inspection', 'list'], `${server.base}/inspections`],
      [['inspection', 'create', '--service', 'S', '--title', 'T', '--framework', '2021'], `${server.base}/inspections/new`],
      [['user', 'add', '--email', 'new@example.org', '--role', 'admin'], `${server.base}/accounts`],
      [['user', 'disable', ROLE_EMAILS.readOnly], `${server.base}/accounts`],
      [['report', '--inspection', inspectionId, '--format', 'csv', '--out', join(dir, 'r.csv')], `${server.base}/inspections/${inspectionId}/report`],
      [['restore', join(dir, 'empty.json')], 'stop the server first'],
    ];
    writeFileSync(join(dir, 'empty.json'), '{}');
    for (const [args, instead] of commands) {
      const r = cli(db, args);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(2);
      expect(r.err, args.join(' ')).toMatch(named);
      expect(r.err, args.join(' ')).toContain(instead);
    }
  });

  it('backs up through the running server, as the site administrator, into a file only its owner reads', () => {
    const file = join(dir, 'live.json');
    const admin = { YJINSPECT_ADMIN_EMAIL: ROLE_EMAILS.admin, YJINSPECT_ADMIN_PASSWORD: PASSWORD };
    const r = cli(db, ['backup', file, '--server', server.base], admin);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Backed up \d+ rows .*sha256 [0-9a-f]{12}/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const backup = checkBackup(JSON.parse(readFileSync(file, 'utf8')), { allowUnsigned: true });
    expect((backup.tables.cases as { id: string }[]).map((c) => c.id).sort()).toEqual(Object.values(caseIds).sort());

    const lead = cli(db, ['backup', join(dir, 'lead.json'), '--server', server.base], { ...admin, YJINSPECT_ADMIN_EMAIL: ROLE_EMAILS.lead });
    expect(lead.code).toBe(2);
    expect(lead.err).toContain('the server refused the backup: Only a site administrator may take a backup');
    const anonymous = cli(db, ['backup', join(dir, 'lead.json'), '--server', server.base]);
    expect(anonymous.code).toBe(2);
    expect(anonymous.err).toContain('YJINSPECT_ADMIN_EMAIL and YJINSPECT_ADMIN_PASSWORD');
    expect(existsSync(join(dir, 'lead.json'))).toBe(false);
  });

  it('after SIGKILL during acknowledged writes, with other processes trying the folder, reopens with every one', async () => {
    const { base, child } = server;
    const cookie = await signIn(base, ROLE_EMAILS.lead);
    // Every write its own answer (version 0), so each acknowledged one is the stored one.
    const slots = (['C01', 'C02', 'Y01'] as const).flatMap((c) => completeAnswers(c === 'Y01' ? 3 : 2).slice(0, 20).map((a) => ({ caseId: caseIds[c], questionId: a.questionId })));
    const acknowledged: { caseId: string; questionId: string; note: string }[] = [];
    let next = 0;
    let killed = false;
    const writer = async (w: number) => {
      while (!killed && next < slots.length) {
        const slot = slots[next++]!;
        const note = `writer ${w} slot ${next}`;
        const r = await fetch(`${base}/api/v1/cases/${slot.caseId}/answers`, {
          method: 'PUT',
          headers: { cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ answers: [{ questionId: slot.questionId, answer: 'yes', note, version: 0 }] }),
        }).catch(() => null);
        if (r?.status === 200) acknowledged.push({ ...slot, note });
        else if (r) expect(r.status, await r.text()).toBe(200);
      }
    };
    const writing = Promise.all([0, 1, 2].map(writer));
    while (acknowledged.length < 5) await new Promise((r) => setTimeout(r, 5));
    // Other processes reach for the folder while the server writes.
    const others = await Promise.all([cliAsync(db, ['inspection', 'list']), cliAsync(db, ['user', 'add', '--email', 'x@example.org', '--role', 'admin']), cliAsync(db, ['backup', join(dir, 'during.json')])]);
    for (const o of others) expect(o.code, o.err).toBe(2);
    const target = acknowledged.length + 10;
    while (acknowledged.length < target && next < slots.length) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    await writing;

    // The killed server's lock is recovered: this process opens the folder.
    const store = await db.open();
    try {
      const rows = await store.query<{ case_id: string; question_id: string; note: string }>(`SELECT case_id, question_id, note FROM answers`);
      const stored = new Map(rows.map((r) => [`${r.case_id} ${r.question_id}`, r.note]));
      const missing = acknowledged.filter((a) => stored.get(`${a.caseId} ${a.questionId}`) !== a.note);
      expect(missing).toEqual([]);
      expect(acknowledged.length).toBeGreaterThanOrEqual(15);
    } finally {
      await store.close();
    }
  });
});
