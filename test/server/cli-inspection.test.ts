/**
 * `yjinspect inspection create|list` through bin/yjinspect (built), on a temp PGlite folder and, when
 * TEST_DATABASE_URL is set, a fresh PostgreSQL schema: every problem named at once with exit 2 and nothing
 * created; the service found by name or added; the lead given the role; each change in history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';
import { cli, withStore } from './cli-harness.js';
import { PASSWORD } from './harness.js';

for (const kind of databaseKinds) {
  describe(`inspection command (${kind})`, { timeout: 240_000 }, () => {
    let db: TestDatabase;
    const run = (args: string[]) => cli(db, ['inspection', ...args]);
    const count = () => withStore(db, async (s) => (await s.query<{ n: number }>(`SELECT (SELECT count(*) FROM inspections) + (SELECT count(*) FROM services) AS n`))[0]!.n);

    beforeAll(async () => {
      db = testDatabase(kind);
      await withStore(db, async (store) => {
        const accounts = createServices(store).accounts;
        await accounts.create(null, { email: 'lead@example.org', displayName: 'Lena Lead', password: PASSWORD });
        const gone = await accounts.create(null, { email: 'gone@example.org', displayName: 'Gone', password: PASSWORD });
        await accounts.setDisabled(null, gone.id, { disabled: true });
      });
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    it('refuses bad arguments with exit 2, naming every problem, and creates nothing', async () => {
      const empty = run(['list']);
      expect(empty.code, empty.err).toBe(0);
      expect(empty.out).toContain('There are no inspections yet');
      const cases: Array<[string[], RegExp]> = [
        [['create', '--title', 'T'], /--service, --framework are required/],
        [['create', '--service', 'Northshire YJS', '--title', 'T', '--framework', '2019', '--fieldwork-start', '2026-02-30', '--lead', 'nobody@example.org'],
          /nothing was created:\n {2}--framework: give one of 2018, 2021\n {2}--fieldwork-start: Enter a real date\n {2}--lead: no account for nobody@example\.org/],
        [['create', '--service', 'Northshire YJS', '--title', 'T', '--framework', '2021', '--fieldwork-start', '2026-03-10', '--fieldwork-end', '2026-03-01'], /--fieldwork-end: The fieldwork cannot end before it starts/],
        [['create', '--service', 'Northshire YJS', '--title', 'T', '--framework', '2021', '--lead', 'gone@example.org'], /--lead: the account gone@example\.org is disabled/],
        [['create', '--service', 'Northshire YJS', '--title', 'T', '--framework', '2021', '--colour', 'red'], /colour/],
        [['remove'], /Usage:/],
      ];
      for (const [args, message] of cases) {
        const r = run(args);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.err, args.join(' ')).toMatch(message);
      }
      expect(Number(await count())).toBe(0);
    });

    it('creates inspections, adding a service once and finding it again by name, and lists them', async () => {
      const first = run(['create', '--service', 'Northshire Youth Justice Service', '--title', 'Northshire inspection 2026', '--framework', '2021',
        '--fieldwork-start', '2026-03-02', '--fieldwork-end', '2026-03-13', '--lead', 'lead@example.org']);
      expect(first.code, first.err).toBe(0);
      const id = first.out.trim();
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(first.err).toContain('(a new service)');
      expect(first.err).toContain('lead inspector lead@example.org');

      const second = run(['create', '--service', 'northshire youth justice service', '--title', 'Northshire case audit', '--framework', '2018']);
      expect(second.code, second.err).toBe(0);
      expect(second.err).not.toContain('(a new service)');

      const listed = run(['list']);
      expect(listed.out).toContain(`${id}  Northshire inspection 2026 (Northshire Youth Justice Service; 2021 framework; planning, fieldwork 2026-03-02 to 2026-03-13)`);
      const json = JSON.parse(run(['list', '--json']).out) as { id: string; service: string; framework: string; fieldworkStart: string | null }[];
      expect(json.map((i) => [i.service, i.framework, i.fieldworkStart])).toEqual([
        ['Northshire Youth Justice Service', '2021', '2026-03-02'],
        ['Northshire Youth Justice Service', '2018', null],
      ]);

      await withStore(db, async (store) => {
        const roles = await store.query<{ role: string; inspection_id: string }>(`SELECT r.role, r.inspection_id FROM inspection_roles r JOIN accounts a ON a.id = r.account_id WHERE a.email = 'lead@example.org'`);
        expect(roles).toEqual([{ role: 'lead-inspector', inspection_id: id }]);
        const history = await store.query<{ entity: string; action: string }>(`SELECT entity, action FROM history WHERE entity IN ('service', 'inspection', 'role') ORDER BY id`);
        expect(history).toEqual([
          { entity: 'service', action: 'create' }, { entity: 'inspection', action: 'create' }, { entity: 'role', action: 'grant' }, { entity: 'inspection', action: 'create' },
        ]);
      });
    });
  });
}
