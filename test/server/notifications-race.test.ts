/**
 * The "N cases await quality assurance" count under concurrent submissions: each submission counts and writes
 * the unread notice in its own transaction, so without serialising them two can each count without the other's
 * case and leave the notice one short. PGlite serialises everything; PostgreSQL shows the race.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../store/harness.js';
import { completeAnswers, startFixture, type Fixture } from './harness.js';

describe.each(databaseKinds)('the awaiting-quality-assurance count under concurrent submissions (%s)', (kind) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(kind);
  }, 300_000);
  afterAll(async () => f?.close());

  it('counts every case submitted at the same moment', async () => {
    const lead = await f.user('lead');
    const assessor = await f.user('assessor');
    const base = { domain: 2, disposalType: 'referral-order', gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'low', assessorId: f.accountIds.assessor } as const;
    const ready: { id: string; version: number }[] = [];
    for (let i = 1; i <= 8; i++) {
      const c = await f.services.cases.create(lead, f.inspectionId, { ...base, ref: `R${i}` });
      const saved = await f.services.cases.saveAnswers(assessor, c.id, { answers: completeAnswers(2) });
      ready.push({ id: c.id, version: saved.caseVersion });
    }
    await Promise.all(ready.map((c) => f.services.cases.transition(assessor, c.id, { action: 'submit', version: c.version })));
    const rows = await f.store.query<{ message: string }>(
      `SELECT message FROM notifications WHERE recipient_id = $1 AND inspection_id = $2 AND kind = 'qa-waiting' AND read_at IS NULL`, [lead.id, f.inspectionId]);
    expect(rows.map((r) => r.message)).toEqual(['8 cases await quality assurance (Test inspection)']);
  });
});
