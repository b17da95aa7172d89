/**
 * Simultaneous changes to one framework, on PGlite and (TEST_DATABASE_URL) on PostgreSQL with the writers
 * spread over two service graphs with their own connection pools, as two server instances would be: every
 * replacement is a compare-and-set (no lost update: the history's hashes form one chain), and no replacement
 * lands after an inspection started on the framework. Never a 500: each attempt succeeds or gets a 409.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, createServices, type Services, type User } from '../../src/app/index.js';
import type { Store } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';
import { seedFixture } from './harness.js';

const WRITERS = 10;
const TEXT = readFileSync(fileURLToPath(new URL('../fixtures/frameworks/youth-2027.yaml', import.meta.url)), 'utf8');
const variant = (id: string, n: number): string => TEXT.replace('version: youth-2027', `version: ${id}`).replace('(test revision, 2027)', `(test revision ${n})`);

describe.each(databaseKinds)('simultaneous framework changes on %s', (kind) => {
  let db: TestDatabase;
  let stores: Store[];
  let graphs: Services[];
  let admin: User;
  let serviceId: string;

  beforeAll(async () => {
    db = testDatabase(kind);
    const first = await db.open();
    stores = kind === 'postgresql' ? [first, await db.open()] : [first];
    graphs = stores.map((s) => createServices(s));
    const seeded = await seedFixture(graphs[0]!);
    admin = (await graphs[0]!.accounts.loadUser(seeded.accountIds.admin))!;
    serviceId = (await graphs[0]!.inspections.listServices(admin))[0]!.id;
  });
  afterAll(async () => {
    for (const s of stores ?? []) await s.close();
    await db?.cleanup();
  });

  /** Each attempt: fulfilled, or a 409; anything else is listed. */
  async function race(attempts: ((g: Services) => Promise<unknown>)[]) {
    const results = await Promise.allSettled(attempts.map((a, i) => a(graphs[i % graphs.length]!)));
    const other = results.flatMap((r) => (r.status === 'rejected' && !(r.reason instanceof ConflictError) ? [String((r.reason as Error)?.stack ?? r.reason)] : []));
    return { ok: results.filter((r) => r.status === 'fulfilled').length, other };
  }
  const history = (id: string) => stores[0]!.query<{ id: string; action: string; before: { contentHash: string } | null; after: { contentHash: string } | null }>(
    `SELECT id::text, action, before, after FROM history WHERE entity = 'framework' AND entity_id = $1 ORDER BY id`, [id]);

  it('replacements of an unused framework form one chain: none is lost', async () => {
    await graphs[0]!.frameworks.upload(admin, { fileName: 'race.yaml', text: variant('race-a', 0) });
    const t = await race(Array.from({ length: WRITERS }, (_, n) => (g: Services) => g.frameworks.upload(admin, { fileName: 'race.yaml', text: variant('race-a', n + 1) })));
    expect(t.other).toEqual([]);
    expect(t.ok).toBeGreaterThanOrEqual(1);
    const entries = await history('race-a');
    expect(entries.map((e) => e.action)).toEqual(['add', ...Array.from({ length: t.ok }, () => 'replace')]);
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.before!.contentHash).toBe(entries[i - 1]!.after!.contentHash);
    const [stored] = await stores[0]!.query<{ content_hash: string }>(`SELECT content_hash FROM frameworks WHERE id = 'race-a'`);
    expect(stored!.content_hash).toBe(entries[entries.length - 1]!.after!.contentHash);
  });

  it('no replacement or removal lands after an inspection started on the framework', async () => {
    await graphs[0]!.frameworks.upload(admin, { fileName: 'race.yaml', text: variant('race-b', 0) });
    const attempts = Array.from({ length: WRITERS }, (_, n) => (g: Services) => (n % 3 === 0
      ? g.inspections.create(admin, { serviceId, title: `Race ${n}`, frameworkVersion: 'race-b' })
      : n % 3 === 1 ? g.frameworks.upload(admin, { fileName: 'race.yaml', text: variant('race-b', n + 1) })
      : g.frameworks.remove(admin, 'race-b')));
    const t = await race(attempts);
    // A removal that came first leaves later attempts a 404 or a 400 (no framework): those are refusals too.
    const refusedOtherwise = /There is no framework race-b/;
    expect(t.other.filter((o) => !refusedOtherwise.test(o))).toEqual([]);
    const created = await stores[0]!.query<{ id: string }>(
      `SELECT h.id::text FROM history h JOIN inspections i ON i.id = h.entity_id WHERE h.entity = 'inspection' AND h.action = 'create' AND i.framework_version = 'race-b' ORDER BY h.id`);
    if (created.length > 0) {
      const firstCreate = BigInt(created[0]!.id);
      const changes = (await history('race-b')).filter((e) => e.action !== 'add');
      expect(changes.filter((e) => BigInt(e.id) > firstCreate)).toEqual([]);
      expect(await stores[0]!.query(`SELECT 1 FROM frameworks WHERE id = 'race-b'`)).toHaveLength(1);
    }
  });
});
