/**
 * Assigning several cases to one person at once (cases.assignMany and the case list's form): all or nothing in
 * one transaction, each case a compare-and-set on its version, each assignment in the history; a stale version
 * or a concurrent assignment of the same cases refuses the whole with a conflict. On PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/app/errors.js';
import type { User } from '../../src/app/index.js';
import { webPlugin } from '../../src/web/plugin.js';
import { databaseKinds } from '../store/harness.js';
import { ROLE_EMAILS, signIn, fixtureUsers, startFixture, type Fixture, type Who } from './harness.js';

describe.each(databaseKinds)('bulk assignment (%s)', (kind) => {
  let f: Fixture;
  let u: Record<Who, User>;
  beforeAll(async () => {
    f = await startFixture(kind, {}, [webPlugin]);
    u = await fixtureUsers(f);
  });
  afterAll(async () => f?.close());

  const kase = (ref: 'C01' | 'C02' | 'Y01') => f.services.cases.get(u.lead, f.caseIds[ref]);
  const seen = async (...refs: ('C01' | 'C02' | 'Y01')[]) => Promise.all(refs.map(async (r) => ({ id: f.caseIds[r], version: (await kase(r)).version })));
  const assignHistory = async () => (await f.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM history WHERE entity = 'case' AND action = 'assign'`))[0]!.n;

  it('assigns several cases at once, each in the history', async () => {
    const before = await assignHistory();
    const done = await f.services.cases.assignMany(u.lead, f.inspectionId, { assessorId: f.accountIds.inspector, cases: await seen('C01', 'C02') });
    expect(done.map((c) => [c.ref, c.assessorName]).sort()).toEqual([['C01', 'Test inspector'], ['C02', 'Test inspector']]);
    expect(await assignHistory()).toBe(before + 2);
  });

  it('refuses the whole when one version is stale: nothing half-done', async () => {
    const stale = await seen('C01', 'Y01');
    // Someone assigns C01 meanwhile.
    await f.services.cases.assign(u.lead, f.caseIds.C01, { assessorId: f.accountIds.assessor, version: stale[0]!.version });
    const before = await assignHistory();
    const err = await f.services.cases.assignMany(u.lead, f.inspectionId, { assessorId: f.accountIds.otherAssessor, cases: stale }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toBe('Someone changed case C01 since you loaded the list, so no case was assigned');
    expect((await kase('Y01')).assessorId).toBe(f.accountIds.inspector);
    expect((await kase('C01')).assessorId).toBe(f.accountIds.assessor);
    expect(await assignHistory()).toBe(before);
  });

  it('lets one of two concurrent assignments of the same cases win, the other refused whole', async () => {
    const cases = await seen('C01', 'C02', 'Y01');
    const before = await assignHistory();
    const results = await Promise.allSettled([
      f.services.cases.assignMany(u.lead, f.inspectionId, { assessorId: f.accountIds.assessor, cases }),
      f.services.cases.assignMany(u.lead, f.inspectionId, { assessorId: f.accountIds.otherAssessor, cases: [...cases].reverse() }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
    const winner = (won[0] as PromiseFulfilledResult<{ assessorId: string | null }[]>).value[0]!.assessorId;
    for (const r of ['C01', 'C02', 'Y01'] as const) expect((await kase(r)).assessorId).toBe(winner);
    expect(await assignHistory()).toBe(before + 3);
  });

  it('refuses bad input on the right field, and anyone but the lead', async () => {
    const fields = async (input: unknown) => ((await f.services.cases.assignMany(u.lead, f.inspectionId, input).catch((e: unknown) => e)) as ValidationError).fields;
    expect(await fields({ assessorId: f.accountIds.inspector, cases: [] })).toEqual([{ field: 'cases', message: 'Select at least one case to assign' }]);
    expect(await fields({ cases: await seen('C01') })).toEqual([{ field: 'assessorId', message: 'Choose who to assign the cases to' }]);
    expect(await fields({ assessorId: f.accountIds.panel, cases: await seen('C01') })).toEqual([{ field: 'assessorId', message: expect.stringMatching(/^The assessor must be/) }]);
    await expect(f.services.cases.assignMany(u.inspector, f.inspectionId, { assessorId: f.accountIds.inspector, cases: await seen('C01') })).rejects.toBeInstanceOf(ForbiddenError);
  });

  describe('the case list form', () => {
    let lead: string;
    beforeAll(async () => { lead = await signIn(f.app, ROLE_EMAILS.lead); });
    async function post(form: [string, string][]) {
      const page = await f.app.inject({ url: `/inspections/${f.inspectionId}/cases`, headers: { cookie: lead } });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const cookie = [lead, ...page.cookies.map((c) => `${c.name}=${c.value}`)].join('; ');
      return f.app.inject({
        method: 'POST', url: `/inspections/${f.inspectionId}/cases/assign`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams([['_csrf', csrf], ...form]).toString(),
      });
    }

    it("shows each person's load, assigns the ticked cases and says so in a success banner", async () => {
      const list = await f.app.inject({ url: `/inspections/${f.inspectionId}/cases`, headers: { cookie: lead } });
      expect(list.body).toMatch(/3 cases assigned: 3 not started|No cases assigned/);
      const cases = await seen('C01', 'Y01');
      const r = await post([...cases.map((c): [string, string] => ['cases', `${c.id}:${c.version}`]), ['assessorId', f.accountIds.inspector]]);
      expect(r.statusCode).toBe(303);
      const shown = await f.app.inject({ url: r.headers.location!, headers: { cookie: lead } });
      expect(shown.body).toContain('govuk-notification-banner--success');
      expect(shown.body).toContain('2 cases assigned to Test inspector');
      expect(shown.body).toContain('2 cases assigned: 2 not started');
    });

    it('says what is missing on the right field, and a stale case as a conflict', async () => {
      const none = await post([['assessorId', f.accountIds.inspector]]);
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('href="#select-cases">Select at least one case to assign');
      const nobody = await post([['cases', `${f.caseIds.C01}:${(await kase('C01')).version}`]]);
      expect(nobody.statusCode).toBe(400);
      expect(nobody.body).toContain('href="#assessorId">Choose who to assign the cases to');
      const stale = await post([['cases', `${f.caseIds.C01}:0`], ['assessorId', f.accountIds.inspector]]);
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('Someone changed case C01 since you loaded the list, so no case was assigned');
      const junk = await post([['cases', 'nonsense'], ['assessorId', f.accountIds.inspector]]);
      expect(junk.statusCode).toBe(400);
    });
  });
});
