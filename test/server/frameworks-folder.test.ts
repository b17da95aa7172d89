/**
 * FRAMEWORKS_DIR: the server loads every framework file of the folder at start-up (openForServing, as
 * `yjinspect serve` does), into the database where every instance reads it; a folder with a broken file, or
 * with a file that would change a framework in use, stops the start naming the file and each problem.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/index.js';
import { isFrameworkVersion, unregisterFramework } from '../../src/core/framework/index.js';
import { openForServing } from '../../src/server/startup.js';
import { databaseKinds, testDatabase } from '../store/harness.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/frameworks/youth-2027.yaml', import.meta.url));

describe.each(databaseKinds)('a frameworks folder on %s', (kind) => {
  const db = testDatabase(kind);
  const dir = mkdtempSync(join(tmpdir(), 'yjinspect-frameworks-'));
  afterAll(async () => {
    await db.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  const start = () => openForServing(db.options, { services: (store) => createServices(store), demo: false, frameworksDir: dir });

  it('loads every file at start-up into the database, with its file name', async () => {
    copyFileSync(FIXTURE, join(dir, 'youth-2027.yaml'));
    writeFileSync(join(dir, 'notes.txt'), 'not a framework: ignored');
    const { store, services } = await start();
    try {
      expect(isFrameworkVersion('youth-2027')).toBe(true);
      const rows = await store.query<{ id: string; source: string; file_name: string }>(`SELECT id, source, file_name FROM frameworks`);
      expect(rows).toEqual([{ id: 'youth-2027', source: 'folder', file_name: 'youth-2027.yaml' }]);
      const admin = await services.accounts.create(null, { email: 'admin@example.org', displayName: 'Ada Admin', password: 'correct horse battery staple', isAdmin: true });
      const adminUser = (await services.accounts.loadUser(admin.id))!;
      const svc = await services.inspections.createService(adminUser, { name: 'Westshire Youth Justice Service' });
      await services.inspections.create(adminUser, { serviceId: svc.id, title: 'On the folder framework', frameworkVersion: 'youth-2027' });
    } finally {
      await store.close();
    }
    // Started again (a new process knows only the built-in frameworks): the same file changes nothing.
    unregisterFramework('youth-2027');
    const again = await start();
    expect(isFrameworkVersion('youth-2027')).toBe(true);
    await again.store.close();
  });

  it('refuses to start on a broken file or on a change to a framework in use, naming the file and each problem', async () => {
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ version: 'broken-1', title: 'Broken' }));
    await expect(start()).rejects.toThrow(/broken\.json is not a valid framework file:\n {4}appliesTo: is missing/);
    rmSync(join(dir, 'broken.json'));
    writeFileSync(join(dir, 'youth-2027.yaml'), readFileSync(FIXTURE, 'utf8').replace('Good: 70', 'Good: 75'));
    await expect(start()).rejects.toThrow(/youth-2027\.yaml: Framework youth-2027 is used by 1 inspection and cannot change: give the new version a new version id/);
  });
});
