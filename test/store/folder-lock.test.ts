/**
 * One process per embedded data folder: the lock file taken when the PGlite store opens, refused while its holder
 * runs, recovered when the holder is gone, and removed on close.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { testDatabase, type TestDatabase } from './harness.js';

const LOCK = 'yjinspect.lock';
const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, LOCK), 'utf8')) as { pid: number; hostname: string; command: string; since: string };
const fakeLock = (dir: string, pid: number, host = hostname()) =>
  writeFileSync(join(dir, LOCK), JSON.stringify({ pid, hostname: host, command: 'yjinspect serve', since: '2026-01-02T03:04:05.000Z', listening: 'http://127.0.0.1:3999', nonce: 'feedfeedfeedfeed' }));

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('data folder lock (pglite)', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  afterEach(async () => db?.cleanup());

  it('is held while the store is open and removed on close', async () => {
    db = testDatabase('pglite');
    const store = await db.open();
    const dir = db.options.dataDir!;
    expect(lockOf(dir)).toMatchObject({ pid: process.pid, hostname: hostname() });
    await expect(openStore(db.options)).rejects.toThrow(`is in use by node`);
    await store.close();
    expect(existsSync(join(dir, LOCK))).toBe(false);
    await (await db.open()).close();
  });

  it('recovers a lock left by a process that no longer runs', async () => {
    db = testDatabase('pglite');
    const dir = db.options.dataDir!;
    fakeLock(dir, deadPid());
    const store = await db.open();
    try {
      expect(lockOf(dir).pid).toBe(process.pid);
      expect((await store.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations'))[0]!.n).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
    expect(existsSync(join(dir, LOCK))).toBe(false);
  });

  it('refuses while the holder runs, naming it, and opens once it has gone', async () => {
    db = testDatabase('pglite');
    const dir = db.options.dataDir!;
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      fakeLock(dir, holder.pid!);
      const refused = await openStore(db.options).then(() => null, (err: Error) => err);
      expect(refused?.message).toBe(`the data folder ${dir} is in use by yjinspect serve (pid ${holder.pid}, since 2026-01-02T03:04:05.000Z, listening at http://127.0.0.1:3999)`);
      expect(lockOf(dir).pid).toBe(holder.pid);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
    }
    await (await db.open()).close();
  });

  it('never takes over a lock held on another machine', async () => {
    db = testDatabase('pglite');
    const dir = db.options.dataDir!;
    fakeLock(dir, deadPid(), 'another-machine.example');
    await expect(openStore(db.options)).rejects.toThrow(/in use by yjinspect serve \(pid \d+ on another-machine\.example/);
    expect(lockOf(dir).hostname).toBe('another-machine.example');
  });
});

const lockModule = fileURLToPath(new URL('../../dist/src/store/folder-lock.js', import.meta.url));

/** A process that tries to take the folder's lock, says whether it got it, and holds it until its stdin closes. */
function contender(dir: string): Promise<{ outcome: string; child: ChildProcess }> {
  const script = `import(${JSON.stringify(pathToFileURL(lockModule).href)}).then(async (m) => {
    try { await m.lockDataFolder(${JSON.stringify(dir)}, 'contender'); process.stdout.write('got\\n'); }
    catch (err) { process.stdout.write((err.holder ? 'refused' : 'error ' + err.message) + '\\n'); }
    process.stdin.resume(); process.stdin.on('end', () => process.exit(0));
  });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout!.once('data', (d: Buffer) => resolve({ outcome: d.toString().trim(), child })));
}

describe.skipIf(!existsSync(lockModule))('recovering a stale lock from several processes at once', () => {
  it('gives it to exactly one of them', { timeout: 120_000 }, async () => {
    const db = testDatabase('pglite');
    try {
      fakeLock(db.options.dataDir!, deadPid());
      const results = await Promise.all([1, 2, 3, 4].map(() => contender(db.options.dataDir!)));
      try {
        expect(results.map((r) => r.outcome).sort()).toEqual(['got', 'refused', 'refused', 'refused']);
        const winner = results.find((r) => r.outcome === 'got')!.child;
        expect(lockOf(db.options.dataDir!)).toMatchObject({ pid: winner.pid, command: 'contender' });
      } finally {
        for (const r of results) r.child.stdin!.end();
        await Promise.all(results.map((r) => new Promise((done) => (r.child.exitCode !== null ? done(null) : r.child.once('exit', done)))));
      }
      // Released on exit.
      expect(existsSync(join(db.options.dataDir!, LOCK))).toBe(false);
    } finally {
      await db.cleanup();
    }
  });
});
