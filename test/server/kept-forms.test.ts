/**
 * Forms posted after a session ended are kept in the database: given back once, to the browser that posted
 * them, for the same page, within the hour, by whichever instance the sign-in reaches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultKeptFormsPolicy, keptFormService } from '../../src/app/kept-forms.js';
import type { Store } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';

describe.each(databaseKinds)('kept forms on %s', (kind) => {
  let db: TestDatabase;
  let one: Store;
  let two: Store;

  beforeAll(async () => {
    db = testDatabase(kind);
    one = await db.open();
    // A second instance on the same database (PGlite: the same store, as only one process owns a folder).
    two = kind === 'postgresql' ? await db.open() : one;
  }, 120_000);

  afterAll(async () => {
    if (two !== one) await two?.close();
    await one?.close();
    await db?.cleanup();
  });

  it('gives the fields back once, to the browser that posted them, for the same page', async () => {
    const a = keptFormService(one);
    const b = keptFormService(two);
    const token = (await a.keep('browser-1', '/p', { q_1: 'yes', note_1: 'Seen at home' }))!;
    expect(token).toMatch(/^[\w-]{20,}$/);
    expect(await b.claim('browser-2', '/p', token)).toBeNull();
    expect(await b.claim('browser-1', '/elsewhere', token)).toBeNull();
    expect(await b.claim(undefined, '/p', token)).toBeNull();
    expect(await b.claim('browser-1', '/p', 'not-the-token')).toBeNull();
    expect(await b.claim('browser-1', '/p', token)).toEqual({ q_1: 'yes', note_1: 'Seen at home' });
    expect(await a.claim('browser-1', '/p', token)).toBeNull();
  });

  it('gives a form back to one of two claims made at once', async () => {
    const token = (await keptFormService(one).keep('browser-1', '/p', { q_1: 'no' }))!;
    const claims = await Promise.all([keptFormService(one).claim('browser-1', '/p', token), keptFormService(two).claim('browser-1', '/p', token)]);
    expect(claims.filter(Boolean)).toEqual([{ q_1: 'no' }]);
  });

  it('forgets a form after the hour', async () => {
    let now = new Date('2026-12-03T10:00:00Z');
    const kept = keptFormService(one, defaultKeptFormsPolicy, () => now);
    const token = (await kept.keep('browser-1', '/p', { q_1: 'yes' }))!;
    now = new Date('2026-12-03T11:00:00Z');
    expect(await kept.claim('browser-1', '/p', token)).toBeNull();
  });

  it('keeps nothing too large, and no more than the bound at once', async () => {
    const small = keptFormService(one, { ...defaultKeptFormsPolicy, maxForms: 3 });
    expect(await small.keep('browser-1', '/p', { note_1: 'x'.repeat(70_000) })).toBeNull();
    await one.query('DELETE FROM kept_forms');
    const tokens = [];
    for (let i = 0; i < 4; i++) tokens.push(await small.keep(`browser-${i}`, '/p', { q_1: 'yes' }));
    expect(tokens.filter(Boolean)).toHaveLength(3);
    expect(tokens[3]).toBeNull();
  });
});
