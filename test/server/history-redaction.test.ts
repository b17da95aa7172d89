/**
 * Redacting text typed by mistake from the history, over the JSON API: the site administrator only, a reason
 * required, the text gone from the table and from a later backup, the chain still verifying, and the current
 * record left to its owner to correct.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBackup } from '../../src/store/backup.js';
import { verifyHistoryChain } from '../../src/store/history-chain.js';
import { databaseKinds } from '../store/harness.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';

describe.each(databaseKinds)('history redaction on %s', (kind) => {
  let f: Fixture;
  let admin: string;
  let lead: string;
  beforeAll(async () => {
    f = await startFixture(kind);
    admin = await signIn(f.app, ROLE_EMAILS.admin);
    lead = await signIn(f.app, ROLE_EMAILS.lead);
  });
  afterAll(async () => f?.close());

  const redact = (cookie: string, id: number | string, payload: unknown) =>
    f.app.inject({ method: 'POST', url: `/api/v1/history/${id}/redaction`, payload: payload as object, headers: { cookie } });

  it('is in the OpenAPI document', async () => {
    const doc = (await f.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/history/{historyId}/redaction'] ?? {})).toEqual(['post']);
  });

  it("replaces a child's name in a note by the marker, records who, when and why, and still verifies", async () => {
    const put = (note: string, version: number) => f.app.inject({ method: 'PUT', url: `/api/v1/cases/${f.caseIds.C01}/answers/2.1.1`, payload: { answer: 'yes', note, version }, headers: { cookie: lead } });
    const first = await put('Met Alex Example at 12 Made-up Road', 0);
    expect(first.statusCode, first.body).toBe(200);
    // The owner corrects the current record; the history still holds what was typed.
    expect((await put('Met the child at home', (first.json() as { version: number }).version)).statusCode).toBe(200);
    const history = (await f.app.inject({ url: `/api/v1/cases/${f.caseIds.C01}/history`, headers: { cookie: admin } })).json() as Array<{ id: number; entity: string; after: { note?: string } }>;
    const typed = history.find((h) => h.entity === 'answer' && h.after.note?.includes('Alex'))!;

    expect((await redact(lead, typed.id, { reason: 'A name' })).statusCode).toBe(403);
    const noReason = await redact(admin, typed.id, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ error: { fields: [{ field: 'reason' }] } });
    const wrongField = await redact(admin, typed.id, { reason: 'A name', fields: ['after.colour'] });
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json()).toMatchObject({ error: { fields: [{ field: 'fields.0' }] } });
    expect((await redact(admin, 999_999_999, { reason: 'A name' })).statusCode).toBe(404);
    expect((await redact(admin, 'abc', { reason: 'A name' })).statusCode).toBe(400);

    const done = await redact(admin, typed.id, { reason: "A child's name and address typed by mistake", fields: ['after.note'] });
    expect(done.statusCode, done.body).toBe(200);
    const body = done.json() as { entry: { after: { note: string; answer: string } }; redactionId: number };
    expect(body.entry.after).toMatchObject({ note: '[redacted]', answer: 'yes' });

    const after = (await f.app.inject({ url: `/api/v1/cases/${f.caseIds.C01}/history`, headers: { cookie: admin } })).json() as Array<{ id: number; actorId: string; entity: string; action: string; reason: string; after: unknown }>;
    expect(after.find((h) => h.id === body.redactionId)).toMatchObject({ actorId: f.accountIds.admin, entity: 'history', action: 'redact', reason: "A child's name and address typed by mistake" });
    const backup = JSON.stringify(await exportBackup(f.store, { key: null }));
    expect(backup).not.toMatch(/Alex|Made-up Road/);
    expect(JSON.stringify(await f.store.query('SELECT * FROM history'))).not.toMatch(/Alex/);
    expect(await verifyHistoryChain(f.store)).toMatchObject({ ok: true });
    // The answer itself is what its owner wrote last; redaction never touches it.
    const [answer] = await f.store.query<{ note: string }>(`SELECT note FROM answers WHERE case_id = $1 AND question_id = '2.1.1'`, [f.caseIds.C01]);
    expect(answer!.note).toBe('Met the child at home');
  });
});
