/**
 * 20 concurrent clients writing answers over real HTTP, several on the same records: every acknowledged
 * write is stored, every refused one got 409, and the history holds exactly the accepted writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../store/harness.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';

const CLIENTS = 20;
const WRITES_PER_CLIENT = 8;
// Five shared questions on one case: plenty of contention.
const QUESTIONS = ['2.1.1', '2.1.2', '2.1.3', '2.2.1', '2.2.2'];

describe.each(databaseKinds)('concurrent answer writes on %s', (kind) => {
  let f: Fixture;
  let base: string;
  beforeAll(async () => {
    f = await startFixture(kind);
    base = await f.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => f?.close());

  it('keeps every acknowledged write, 409s the rest, and records exactly the accepted ones', async () => {
    // One after another: attempts are counted before the password is checked, so 20 at once would be throttled.
    const cookies: string[] = [];
    for (let i = 0; i < CLIENTS; i++) cookies.push(await signIn(f.app, ROLE_EMAILS.lead));
    const caseId = f.caseIds.C01;
    const acknowledged: { questionId: string; version: number; note: string }[] = [];
    let conflicts = 0;
    const other: number[] = [];

    await Promise.all(
      cookies.map(async (cookie, client) => {
        for (let i = 0; i < WRITES_PER_CLIENT; i++) {
          const questionId = QUESTIONS[(client + i) % QUESTIONS.length]!;
          const current = (await (await fetch(`${base}/api/v1/cases/${caseId}`, { headers: { cookie } })).json()) as { answers: { questionId: string; version: number }[] };
          const version = current.answers.find((a) => a.questionId === questionId)?.version ?? 0;
          const note = `client ${client} write ${i}`;
          const r = await fetch(`${base}/api/v1/cases/${caseId}/answers/${questionId}`, {
            method: 'PUT',
            headers: { cookie, 'content-type': 'application/json' },
            body: JSON.stringify({ answer: i % 2 ? 'yes' : 'no', note, version }),
          });
          if (r.status === 200) {
            const body = (await r.json()) as { version: number; note: string };
            expect(body.note).toBe(note);
            acknowledged.push({ questionId, version: body.version, note });
          } else if (r.status === 409) {
            const body = (await r.json()) as { error: { current: { version: number } } };
            expect(body.error.current.version).toBeGreaterThanOrEqual(version);
            conflicts++;
          } else other.push(r.status);
        }
      }),
    );

    expect(other).toEqual([]);
    expect(acknowledged.length + conflicts).toBe(CLIENTS * WRITES_PER_CLIENT);
    expect(acknowledged.length).toBeGreaterThan(0);

    // Each acknowledged write is one distinct version of its answer.
    for (const q of QUESTIONS) {
      const versions = acknowledged.filter((a) => a.questionId === q).map((a) => a.version).sort((a, b) => a - b);
      expect(versions).toEqual(versions.map((_v, i) => i + 1));
    }
    // The stored answer is the last acknowledged write.
    const lead = await f.user('lead');
    const stored = await f.services.cases.get(lead, caseId);
    for (const q of QUESTIONS) {
      const acks = acknowledged.filter((a) => a.questionId === q);
      const last = acks.reduce((m, a) => (a.version > m.version ? a : m), acks[0]!);
      expect(stored.answers.find((a) => a.questionId === q)).toMatchObject({ version: last.version, note: last.note });
    }
    // The history holds exactly the accepted writes: same count, same notes and versions.
    const history = (await f.services.history.forCase(lead, caseId)).filter((h) => h.entity === 'answer');
    const logged = history.map((h) => h.after as { questionId: string; version: number; note: string }).map((a) => `${a.questionId}@${a.version}:${a.note}`).sort();
    expect(logged).toEqual(acknowledged.map((a) => `${a.questionId}@${a.version}:${a.note}`).sort());
  });
});
