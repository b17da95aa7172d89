/**
 * The account and backup commands through bin/yjinspect (built), on real databases: a temp PGlite folder, and
 * a fresh PostgreSQL schema when TEST_DATABASE_URL is set. Refusals exit 2 with a message a person can act on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/server/services/index.js';
import type { StoreOptions } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';
import { seedFixture } from './harness.js';

const bin = fileURLToPath(new URL('../../bin/yjinspect', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url)))) {
  throw new Error('test/server/cli.test.ts runs the built CLI: run `npm run build` first');
}

function envFor(options: StoreOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '', DATABASE_SCHEMA: '', DATA_DIR: '', YJINSPECT_PASSWORD: '' };
  if (options.databaseUrl) return { ...env, DATABASE_URL: options.databaseUrl, DATABASE_SCHEMA: options.schema ?? '' };
  return { ...env, DATA_DIR: options.dataDir! };
}

function cli(db: TestDatabase, args: string[], extra: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...envFor(db.options), ...extra }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function signsIn(db: TestDatabase, email: string, password: string): Promise<boolean> {
  const store = await db.open();
  try {
    await createServices(store).accounts.signIn(email, password, '127.0.0.1');
    return true;
  } catch {
    return false;
  } finally {
    await store.close();
  }
}

for (const kind of databaseKinds) {
  describe(`user, backup and restore commands (${kind})`, { timeout: 240_000 }, () => {
    let db: TestDatabase;
    let empty: TestDatabase;
    let inspectionId: string;
    const dir = mkdtempSync(join(tmpdir(), 'yjinspect-cli-'));
    beforeAll(async () => {
      db = testDatabase(kind);
      empty = testDatabase(kind);
      const store = await db.open();
      try {
        ({ inspectionId } = await seedFixture(createServices(store)));
      } finally {
        await store.close();
      }
    });
    afterAll(async () => {
      await db?.cleanup();
      await empty?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('user add: a site administrator with the given password, a lead with a generated one', async () => {
      const admin = cli(db, ['user', 'add', '--email', 'Site.Admin@example.org', '--role', 'admin'], { YJINSPECT_PASSWORD: 'a long enough password' });
      expect(admin.code, admin.err).toBe(0);
      expect(admin.out).toContain('Added site.admin@example.org as site administrator');
      expect(admin.out).not.toContain('Password');

      const lead = cli(db, ['user', 'add', '--email', 'new.lead@example.org', '--role', 'lead-inspector', '--inspection', inspectionId, '--name', 'New lead']);
      expect(lead.code, lead.err).toBe(0);
      expect(lead.out).toContain(`as lead-inspector on inspection ${inspectionId}`);
      const generated = /Password \(shown once\): (\S+)/.exec(lead.out)?.[1];
      expect(generated).toBeTruthy();
      expect(await signsIn(db, 'site.admin@example.org', 'a long enough password')).toBe(true);
      expect(await signsIn(db, 'new.lead@example.org', generated!)).toBe(true);
    });

    it('user add refuses bad input with exit 2 and says what to do', () => {
      const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
        [['user', 'add', '--email', 'x@example.org'], {}, /--email and --role are required/],
        [['user', 'add', '--email', 'x@example.org', '--role', 'boss'], {}, /unknown role 'boss'\. Roles: admin, lead-inspector/],
        [['user', 'add', '--email', 'x@example.org', '--role', 'inspector', '--inspection', 'no-such-id'], {}, new RegExp(`give --inspection with one of:\\n  ${inspectionId}`)],
        [['user', 'add', '--email', 'new.lead@example.org', '--role', 'admin'], {}, /new\.lead@example\.org/],
        [['user', 'add', '--email', 'short@example.org', '--role', 'admin'], { YJINSPECT_PASSWORD: 'short' }, /password/i],
        [['user', 'add', '--email', 'x@example.org', '--role', 'admin', '--colour', 'red'], {}, /colour/],
        [['user', 'frobnicate'], {}, /Usage:/],
      ];
      for (const [args, env, message] of cases) {
        const r = cli(db, args, env);
        expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(2);
        expect(r.err).toMatch(message);
        expect(r.err).not.toMatch(/\n\s+at .*:\d+/);
      }
    });

    it('user reset-password: a new password works and the old one no longer does; an unknown account is refused', async () => {
      const r = cli(db, ['user', 'reset-password', 'site.admin@example.org'], { YJINSPECT_PASSWORD: 'another long password' });
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('Password reset for site.admin@example.org; its sessions were ended.');
      expect(await signsIn(db, 'site.admin@example.org', 'another long password')).toBe(true);
      expect(await signsIn(db, 'site.admin@example.org', 'a long enough password')).toBe(false);

      const unknown = cli(db, ['user', 'reset-password', 'nobody@example.org']);
      expect(unknown.code).toBe(2);
      expect(unknown.err).toContain('No account for nobody@example.org');
      const none = cli(db, ['user', 'reset-password']);
      expect(none.code).toBe(2);
      expect(none.err).toContain("give the account's email");
    });

    it('backup, then restore: refused into a non-empty database, complete into an empty one, damaged files refused', () => {
      const file = join(dir, 'backup.json');
      const b = cli(db, ['backup', file]);
      expect(b.code, b.err).toBe(0);
      expect(b.out).toMatch(/Backed up \d+ rows .*sha256 [0-9a-f]{12}/);
      const backup = JSON.parse(readFileSync(file, 'utf8')) as { tables: Record<string, unknown[]> };
      expect(backup.tables.history!.length).toBeGreaterThan(0);
      expect(existsSync(`${file}.partial`)).toBe(false);
      expect(cli(db, ['backup']).code).toBe(2);

      const full = cli(db, ['restore', file]);
      expect(full.code).toBe(2);
      expect(full.err).toMatch(/The target database is not empty \(table \w+ has \d+ rows\): restore into an empty one/);

      const damaged = join(dir, 'damaged.json');
      writeFileSync(damaged, JSON.stringify({ ...backup, tables: { ...backup.tables, history: [] } }));
      const bad = cli(empty, ['restore', damaged]);
      expect(bad.code).toBe(2);
      expect(bad.err).toContain('checksum does not match');
      writeFileSync(join(dir, 'not.json'), '{ half');
      const notJson = cli(empty, ['restore', join(dir, 'not.json')]);
      expect(notJson.code).toBe(2);
      expect(notJson.err).toContain('cannot read');

      const ok = cli(empty, ['restore', file]);
      expect(ok.code, ok.err).toBe(0);
      const rows = Object.values(backup.tables).reduce((n, t) => n + t.length, 0);
      expect(ok.out).toContain(`Restored ${rows} rows`);
      const again = join(dir, 'again.json');
      expect(cli(empty, ['backup', again]).code).toBe(0);
      const restored = JSON.parse(readFileSync(again, 'utf8')) as { tables: Record<string, unknown[]> };
      expect(restored.tables).toEqual(backup.tables);
    });
  });
}
