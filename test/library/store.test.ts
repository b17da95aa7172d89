/**
 * The library's use cases on a real database (PGlite; PostgreSQL too when TEST_DATABASE_URL is set, in its
 * own schema): add the three seeds, filter, correct a field with a reason written to the append-only
 * history, refuse bad corrections and uploads without saving, role checks, and a benchmark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createServices, type User } from '../../src/app/index.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/app/errors.js';
import { inspectionSubject, libraryService, type LibraryReport } from '../../src/app/library/index.js';
import { rate } from '../../src/core/rating/index.js';
import { getFramework } from '../../src/core/framework/index.js';
import { ratingFirmness, wilsonInterval } from '../../src/core/quality/index.js';
import type { Store } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';
import { SEEDS, seedPath } from './seeds.js';

const PASSWORD = 'correct horse battery staple';

describe.each(databaseKinds)('library on %s', (kind) => {
  let db: TestDatabase, store: Store, lead: User, reader: User, admin: User;
  let library: ReturnType<typeof libraryService>;
  const added: Record<string, LibraryReport> = {};

  beforeAll(async () => {
    db = testDatabase(kind);
    store = await db.open();
    const s = createServices(store);
    await s.accounts.create(null, { email: 'lead@example.org', displayName: 'Lena Lead', password: PASSWORD });
    await s.accounts.create(null, { email: 'reader@example.org', displayName: 'Rory Reader', password: PASSWORD });
    await s.accounts.create(null, { email: 'admin@example.org', displayName: 'Ada Admin', password: PASSWORD, isAdmin: true });
    const service = await s.inspections.createService(null, { name: 'Westshire Youth Justice Service' });
    const { id } = await s.inspections.create(null, { serviceId: service.id, title: 'Westshire 2026', frameworkVersion: '2018' });
    for (const [email, role] of [['lead@example.org', 'lead-inspector'], ['reader@example.org', 'read-only']] as const) {
      await s.accounts.grantRole(null, id, { accountId: (await s.accounts.findByEmail(null, email))!.id, role });
    }
    const signIn = async (email: string) => (await s.accounts.signIn(email, PASSWORD, '127.0.0.1')).user;
    [lead, reader, admin] = [await signIn('lead@example.org'), await signIn('reader@example.org'), await signIn('admin@example.org')];
    library = libraryService(store);
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await db?.cleanup();
  });

  it('adds the three seeds as read by the importer', async () => {
    for (const seed of SEEDS) {
      added[seed] = await library.add(seed === 'stoke-on-trent-2022' ? admin : lead, { fileName: `${seed}.txt`, bytes: readFileSync(seedPath(seed)) });
    }
    expect(added['stockton-on-tees-2020']).toMatchObject({ provider: 'Stockton-on-Tees Youth Offending Service', framework: '2018', sourceKind: 'text', version: 1 });
    expect(added['stockton-on-tees-2020']!.data.overall).toEqual({ rating: 'Outstanding', score: 32, maxScore: 36 });
    expect(added['stoke-on-trent-2022']).toMatchObject({ published: '2022-09', framework: '2021' });
    expect((await library.list(reader, { framework: null, yearFrom: null, yearTo: null })).map((r) => r.provider).sort()).toEqual([
      'South Tees Youth Offending Service', 'Stockton-on-Tees Youth Offending Service', 'Stoke-on-Trent Youth Justice Service',
    ]);
    expect((await library.list(reader, { framework: '2021', yearFrom: null, yearTo: null })).map((r) => r.provider)).toEqual(['Stoke-on-Trent Youth Justice Service']);
    expect((await library.list(reader, { framework: null, yearFrom: 2019, yearTo: 2019, provider: 'tees' })).map((r) => r.provider)).toEqual(['South Tees Youth Offending Service']);
  });

  it('refuses uploads from other roles and what is not a report, saving nothing', async () => {
    await expect(library.add(reader, { fileName: 'x.txt', bytes: readFileSync(seedPath('south-tees-2019')) })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(library.add(lead, { fileName: 'notes.txt', bytes: Buffer.from('Shopping list\nmilk\neggs\n') })).rejects.toThrow(/Nothing in notes.txt reads as an HMIP youth inspection report/);
    await expect(library.add(lead, { fileName: 'image.png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]) })).rejects.toThrow(/neither a PDF nor a text file/);
    await expect(library.add(lead, { fileName: 'broken.pdf', bytes: Buffer.from('%PDF-1.7\n garbage') })).rejects.toBeInstanceOf(ValidationError);
    await expect(library.add(lead, { fileName: 'again.txt', bytes: readFileSync(seedPath('stoke-on-trent-2022')) })).rejects.toThrow(/Stoke-on-Trent Youth Justice Service, published 2022-09, is already in the library \(from stoke-on-trent-2022.txt\)/);
    expect(await library.list(reader, { framework: null, yearFrom: null, yearTo: null })).toHaveLength(3);
  });

  it('corrects a field with a recorded reason; the import stays as read', async () => {
    const r = added['stockton-on-tees-2020']!;
    expect(r.published).toBeNull();
    await expect(library.correct(lead, r.id, { field: 'published', value: '2020-11', reason: ' ', version: 1 })).rejects.toThrow(/Enter the reason/);
    await expect(library.correct(lead, r.id, { field: 'published', value: 'November 2020', reason: 'x', version: 1 })).rejects.toThrow(/YYYY-MM/);
    await expect(library.correct(lead, r.id, { field: 'keyQuestions.2.1.1.yes', value: '9', reason: 'x', version: 1 })).rejects.toThrow(/cannot be more than relevant/);
    await expect(library.correct(reader, r.id, { field: 'published', value: '2020-11', reason: 'x', version: 1 })).rejects.toBeInstanceOf(ForbiddenError);
    const fixed = await library.correct(lead, r.id, { field: 'published', value: '2020-11', reason: 'Publication date on the report cover', version: 1 });
    expect(fixed).toMatchObject({ published: '2020-11', version: 2 });
    expect(fixed.data.published).toBe('2020-11');
    expect(fixed.imported.published).toBeNull();
    await expect(library.correct(lead, r.id, { field: 'keyQuestions.2.1.1.percent', value: '70', reason: 'typo', version: 1 })).rejects.toBeInstanceOf(ConflictError);
    const history = await library.history(reader, r.id);
    expect(history.map((h) => h.action)).toEqual(['import', 'correct']);
    expect(history[1]).toMatchObject({ actorName: 'Lena Lead', field: 'published', before: { published: null }, after: { published: '2020-11' }, reason: 'Publication date on the report cover' });
    await expect(store.query(`DELETE FROM history WHERE entity = 'library-report'`)).rejects.toThrow(/append-only/);
    expect((await library.list(reader, { framework: null, yearFrom: 2020, yearTo: 2020 })).map((r) => r.provider)).toEqual(['Stockton-on-Tees Youth Offending Service']);
  });

  it('benchmarks a report against the rest of the library', async () => {
    const b = await library.benchmarkReport(reader, added['stockton-on-tees-2020']!.id, { framework: null, yearFrom: null, yearTo: null });
    expect(b.reports).toBe(2);
    // Two comparators: their figures, with a caution, and no quartiles, rank or quarter.
    expect(b.caution).toMatch(/^Only 2 reports compare/);
    // 2.1.1: Stockton 75% (6/8, so its own 80% interval is known) against South Tees 100% and Stoke-on-Trent 69%.
    const stockton = b.keyQuestions.find((k) => k.id === '2.1.1')!;
    expect(stockton).toMatchObject({ percent: 75, count: 2, few: true, values: [100, 69], rank: null, of: null, quartiles: null, quarter: null, difference: null, beyondInterval: null });
    const w = wilsonInterval(6, 8, { confidence: 80 });
    expect(stockton.interval).toEqual({ confidence: 80, lower: w.lower * 100, upper: w.upper * 100 });
    // An inspection in progress: the engine's exact figures (5 of 8 = 62.5%) and its own intervals against the 2018 library.
    const fw = getFramework('2018');
    const ratings = rate({ framework: '2018', standards: { '2.1': { keyQuestions: { '2.1.1': { relevant: 8, yes: 5 } } } } }, fw);
    const firmness = ratingFirmness(fw, ratings.standards, { confidence: 80 });
    const live = await library.benchmarkSubject(reader, inspectionSubject('insp-1', 'Westshire 2026', ratings, firmness), { framework: '2018', yearFrom: null, yearTo: null });
    expect(live.subject).toEqual({ id: 'inspection:insp-1', label: 'Westshire 2026', framework: '2018' });
    expect(live.reports).toBe(2);
    expect(live.keyQuestions.find((k) => k.id === '2.1.1')).toMatchObject({ percent: 62.5, count: 2, few: true, values: [100, 75], rank: null, quarter: null, difference: null });
    expect(live.keyQuestions.find((k) => k.id === '2.1.1')!.interval).toEqual(firmness.keyQuestions.find((k) => k.id === '2.1.1')!.intervals[0]);
    expect(live.keyQuestions.find((k) => k.id === '2.1.2')).toMatchObject({ percent: null, rank: null, interval: null });
    const only2018 = await library.benchmarkReport(reader, added['stockton-on-tees-2020']!.id, { framework: '2018', yearFrom: null, yearTo: null });
    expect(only2018.reports).toBe(1);
  });
});
