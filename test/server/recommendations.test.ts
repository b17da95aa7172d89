/**
 * Recommendations keep the order the lead gives them: a new one goes last unless a position is given, a
 * change keeps its place unless a position is given, and the list is in that order on every database (not
 * by the database's collation of addressees). Each change is in history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../store/harness.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';

describe.each(databaseKinds)('recommendations on %s', (kind) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(kind);
  });
  afterAll(async () => f?.close());

  it('lists them in the order they were added, whatever the addressees, and a change keeps its place', async () => {
    const lead = await f.user('lead');
    const add = (addressee: string, text: string) => f.services.recommendations.add(lead, f.inspectionId, { addressee, text });
    const first = await add('The YOS should', 'improve planning for safety');
    await add('the partnership board should', 'review the triage policy');
    await add('The YOS should', 'record contingency plans');
    await add('Another agency should', 'share information sooner');
    const list = async () => (await f.services.recommendations.list(lead, f.inspectionId)).map((r) => `${r.position} ${r.addressee}: ${r.text}`);
    const expected = [
      '0 The YOS should: improve planning for safety',
      '1 the partnership board should: review the triage policy',
      '2 The YOS should: record contingency plans',
      '3 Another agency should: share information sooner',
    ];
    expect(await list()).toEqual(expected);

    const changed = await f.services.recommendations.update(lead, first.id, { addressee: 'The YOS should', text: 'improve planning for keeping children safe', version: first.version });
    expect(changed.position).toBe(0);
    expect((await list())[0]).toBe('0 The YOS should: improve planning for keeping children safe');

    await f.services.recommendations.update(lead, first.id, { addressee: 'The YOS should', text: changed.text, position: 10, version: changed.version });
    expect((await list()).at(-1)).toBe('10 The YOS should: improve planning for keeping children safe');
    const history = await f.store.query<{ action: string }>(`SELECT action FROM history WHERE entity = 'recommendation' AND entity_id = $1 ORDER BY id`, [first.id]);
    expect(history.map((h) => h.action)).toEqual(['create', 'update', 'update']);
  });

  it("moves one up or down among its addressee's only, swapping with its neighbour there; at an end it stays", async () => {
    const lead = await f.user('lead');
    const ins = await f.services.inspections.createService(null, { name: 'Moves Youth Justice Service' });
    const { id } = await f.services.inspections.create(null, { serviceId: ins.id, title: 'Moves', frameworkVersion: '2021' });
    await f.services.accounts.grantRole(null, id, { accountId: lead.id, role: 'lead-inspector' });
    const me = (await f.services.accounts.loadUser(lead.id))!;
    const add = (addressee: string, text: string) => f.services.recommendations.add(me, id, { addressee, text });
    const a1 = await add('A should:', 'a1');
    await add('B should:', 'b1');
    const a2 = await add('A should:', 'a2');
    const a3 = await add('A should:', 'a3');
    const order = async () => (await f.services.recommendations.list(me, id)).map((r) => r.text);
    const current = async (rid: string) => (await f.services.recommendations.list(me, id)).find((r) => r.id === rid)!;

    await f.services.recommendations.move(me, a3.id, { direction: 'up', version: a3.version });
    expect(await order()).toEqual(['a1', 'b1', 'a3', 'a2']);
    await f.services.recommendations.move(me, a1.id, { direction: 'down', version: a1.version });
    // A keeps its place before B (its first recommendation is still at the first position).
    expect(await order()).toEqual(['a3', 'b1', 'a1', 'a2']);
    const top = await current(a3.id);
    expect((await f.services.recommendations.move(me, a3.id, { direction: 'up', version: top.version })).position).toBe(top.position);
    await expect(f.services.recommendations.move(me, a2.id, { direction: 'up', version: a2.version })).rejects.toMatchObject({ statusCode: 409 });
    await expect(f.services.recommendations.move(me, a1.id, { direction: 'sideways', version: 1 })).rejects.toMatchObject({ statusCode: 400, fields: [{ field: 'direction' }] });
    const moves = await f.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM history WHERE entity = 'recommendation' AND action = 'move' AND inspection_id = $1`, [id]);
    expect(moves[0]!.n).toBe(4);
  });

  it('refuses a position out of range, naming the field', async () => {
    const lead = await f.user('lead');
    await expect(f.services.recommendations.add(lead, f.inspectionId, { addressee: 'The YOS should', text: 'x', position: -1 }))
      .rejects.toMatchObject({ statusCode: 400, fields: [{ field: 'position' }] });
  });

  it('pages through the inspection history over the API, one kind of record at a time', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.inspector);
    const get = async (query: string) => {
      const r = await f.app.inject({ url: `/api/v1/inspections/${f.inspectionId}/history?${query}`, headers: { cookie } });
      expect(r.statusCode).toBe(200);
      return r.json() as { id: number; entity: string; action: string }[];
    };
    const all = await get('entity=recommendation');
    expect(all.length).toBe(6);
    expect(all.every((h) => h.entity === 'recommendation')).toBe(true);
    const first = await get('entity=recommendation&limit=3');
    const next = await get(`entity=recommendation&limit=3&before=${first.at(-1)!.id}`);
    expect([...first, ...next].map((h) => h.id)).toEqual(all.slice(0, 6).map((h) => h.id));
    expect((await f.app.inject({ url: `/api/v1/inspections/${f.inspectionId}/history?before=soon`, headers: { cookie } })).statusCode).toBe(400);
  });
});
