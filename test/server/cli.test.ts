/**
 * The account and backup commands through bin/yjinspect (built), on real databases: a temp PGlite folder, and
 * a fresh PostgreSQL schema when TEST_DATABASE_URL is set. Refusals exit 2 with a message a person can act on.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';
import { cli, withStore } from './cli-harness.js';
import { PASSWORD, seedFixture } from './harness.js';

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

const rolesOf = (db: TestDatabase, email: string) => withStore(db, async (store) =>
  (await store.query<{ role: string }>(`SELECT r.role FROM inspection_roles r JOIN accounts a ON a.id = r.account_id WHERE a.email = $1 ORDER BY r.role`, [email])).map((r) => r.role));

const sessionsOf = (db: TestDatabase, email: string) => withStore(db, async (store) =>
  (await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE a.email = $1`, [email]))[0]!.n);

const historyOf = (db: TestDatabase) => withStore(db, (store) =>
  store.query<{ entity: string; action: string; actor_id: string | null; before: unknown; after: unknown }>(`SELECT entity, action, actor_id, before, after FROM history WHERE entity IN ('role', 'account') ORDER BY id`));

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

    it('user grant, revoke, disable and enable: each change is made through the service and recorded in history', async () => {
      const grant = cli(db, ['user', 'grant', 'outsider@example.org', '--role', 'read-only']);
      expect(grant.code, grant.err).toBe(0);
      expect(grant.out).toContain(`outsider@example.org is read-only on inspection ${inspectionId}`);
      expect(await rolesOf(db, 'outsider@example.org')).toEqual(['read-only']);
      const revoke = cli(db, ['user', 'revoke', '--email', 'outsider@example.org', '--role', 'read-only']);
      expect(revoke.code, revoke.err).toBe(0);
      expect(revoke.out).toContain(`outsider@example.org is no longer read-only on inspection ${inspectionId}`);
      expect(await rolesOf(db, 'outsider@example.org')).toEqual([]);

      // A session open before disabling ends with it.
      const store = await db.open();
      try {
        await createServices(store).accounts.signIn('panel@example.org', PASSWORD, '127.0.0.1');
      } finally {
        await store.close();
      }
      const disable = cli(db, ['user', 'disable', 'panel@example.org']);
      expect(disable.code, disable.err).toBe(0);
      expect(disable.out).toContain('Disabled panel@example.org: it cannot sign in and its sessions were ended');
      expect(await sessionsOf(db, 'panel@example.org')).toBe(0);
      expect(await signsIn(db, 'panel@example.org', PASSWORD)).toBe(false);
      expect(cli(db, ['user', 'disable', 'panel@example.org']).out).toContain('already disabled; nothing changed');
      const enable = cli(db, ['user', 'enable', 'panel@example.org']);
      expect(enable.code, enable.err).toBe(0);
      expect(enable.out).toContain('Enabled panel@example.org: it can sign in again');
      expect(await signsIn(db, 'panel@example.org', PASSWORD)).toBe(true);

      const history = await historyOf(db);
      expect(history).toEqual(expect.arrayContaining([
        expect.objectContaining({ entity: 'role', action: 'grant', actor_id: null }),
        expect.objectContaining({ entity: 'role', action: 'revoke', actor_id: null }),
        expect.objectContaining({ entity: 'account', action: 'disable', before: { disabled: false, version: 1 }, after: { disabled: true, version: 2 } }),
        expect.objectContaining({ entity: 'account', action: 'enable', before: { disabled: true, version: 2 }, after: { disabled: false, version: 3 } }),
      ]));
    });

    it('user grant, revoke, disable and enable refuse bad arguments with exit 2 and the reason', () => {
      const cases: Array<[string[], RegExp]> = [
        [['user', 'revoke', '--role', 'inspector'], /give the account's email/],
        [['user', 'revoke', 'inspector@example.org'], /--role is required/],
        [['user', 'grant', 'inspector@example.org', '--role', 'admin'], /admin is not a role on an inspection/],
        [['user', 'grant', 'inspector@example.org', '--role', 'boss'], /unknown role 'boss'\. Roles: lead-inspector/],
        [['user', 'grant', 'nobody@example.org', '--role', 'inspector'], /No account for nobody@example\.org/],
        [['user', 'grant', 'inspector@example.org', '--role', 'inspector', '--inspection', 'no-such-id'], new RegExp(`give --inspection with one of:\\n  ${inspectionId}`)],
        [['user', 'revoke', 'outsider@example.org', '--role', 'read-only'], /outsider@example\.org does not hold the role read-only on any inspection/],
        [['user', 'revoke', 'inspector@example.org', '--role', 'inspector', '--inspection', 'no-such-id'], /does not hold the role inspector on inspection no-such-id/],
        [['user', 'disable'], /give the account's email/],
        [['user', 'disable', 'lead@example.org', 'inspector@example.org'], /give the account's email/],
        [['user', 'enable', 'lead@example.org', '--colour', 'red'], /colour/],
        [['user', 'enable', 'nobody@example.org'], /No account for nobody@example\.org/],
      ];
      for (const [args, message] of cases) {
        const r = cli(db, args);
        expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(2);
        expect(r.err).toMatch(message);
        expect(r.err).not.toMatch(/\n\s+at .*:\d+/);
      }
      const help = cli(db, ['user', '--help']);
      expect(help.code).toBe(0);
      for (const line of ['yjinspect user grant EMAIL --role ROLE [--inspection ID]', 'yjinspect user revoke EMAIL --role ROLE [--inspection ID]', 'yjinspect user disable EMAIL', 'yjinspect user enable EMAIL']) {
        expect(help.out).toContain(line);
      }
    });

    it('backup, then restore: refused into a non-empty database, complete into an empty one, damaged files refused', () => {
      const key = { BACKUP_KEY: 'a-backup-key-of-at-least-32-characters!' };
      const file = join(dir, 'backup.json');
      const b = cli(db, ['backup', file], key);
      expect(b.code, b.err).toBe(0);
      expect(b.out).toMatch(/Backed up \d+ rows .*sha256 [0-9a-f]{12}.*signed/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const backup = JSON.parse(readFileSync(file, 'utf8')) as { tables: Record<string, unknown[]> };
      expect(backup.tables.history!.length).toBeGreaterThan(0);
      expect(existsSync(`${file}.partial`)).toBe(false);
      // It holds password hashes: for its owner only.
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(cli(db, ['backup']).code).toBe(2);
      expect(cli(db, ['backup', file], { BACKUP_KEY: 'short' }).err).toMatch(/BACKUP_KEY must be at least 32 characters/);

      const full = cli(db, ['restore', file], key);
      expect(full.code).toBe(2);
      expect(full.err).toMatch(/The target database is not empty \(table \w+ has \d+ rows\): restore into an empty one/);

      const damaged = join(dir, 'damaged.json');
      writeFileSync(damaged, JSON.stringify({ ...backup, tables: { ...backup.tables, history: [] } }));
      const bad = cli(empty, ['restore', damaged], key);
      expect(bad.code).toBe(2);
      expect(bad.err).toContain('checksum does not match');
      writeFileSync(join(dir, 'not.json'), '{ half');
      const notJson = cli(empty, ['restore', join(dir, 'not.json')], key);
      expect(notJson.code).toBe(2);
      expect(notJson.err).toContain('cannot read');
      const wrongKey = cli(empty, ['restore', file], { BACKUP_KEY: 'another-key-of-at-least-32-characters!!' });
      expect(wrongKey.code).toBe(2);
      expect(wrongKey.err).toContain('signature does not match');

      // Without a key: written with a warning, restored only on purpose.
      const unsigned = join(dir, 'unsigned.json');
      const u = cli(db, ['backup', unsigned]);
      expect(u.code, u.err).toBe(0);
      expect(u.err).toMatch(/warning: BACKUP_KEY is not set/);
      const refused = cli(empty, ['restore', unsigned]);
      expect(refused.code).toBe(2);
      expect(refused.err).toMatch(/not signed .*--allow-unsigned/);

      const ok = cli(empty, ['restore', file], key);
      expect(ok.code, ok.err).toBe(0);
      const rows = Object.values(backup.tables).reduce((n, t) => n + t.length, 0);
      expect(ok.out).toContain(`Restored ${rows} rows`);
      const again = join(dir, 'again.json');
      expect(cli(empty, ['backup', again], key).code).toBe(0);
      const restored = JSON.parse(readFileSync(again, 'utf8')) as { tables: Record<string, unknown[]> };
      expect(restored.tables).toEqual(backup.tables);
    });

    it('verify-history: exit 0 with the count when intact, 1 naming the first broken entry', async () => {
      const intact = cli(db, ['verify-history']);
      expect(intact.code, intact.err).toBe(0);
      const entries = await withStore(db, async (store) => (await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM history`))[0]!.n);
      expect(intact.out).toContain(`History intact: ${entries} entries`);
      expect(cli(db, ['verify-history', 'extra']).code).toBe(2);
      // What the owner of the tables could do behind the application's back.
      await withStore(db, (store) => store.exec(`ALTER TABLE history DISABLE TRIGGER USER; UPDATE history SET reason = 'forged' WHERE id = 2; ALTER TABLE history ENABLE TRIGGER USER`));
      const broken = cli(db, ['verify-history']);
      expect(broken.code).toBe(1);
      expect(broken.err).toMatch(/broken at history entry 2 \(link 2\): its content was changed after it was recorded/);
    });
  });
}
