/**
 * A person's worklist (cases.worklist and the "My work" page) and the case list's "assigned to me" default and
 * "Returned" state: a returned case is first, with the reason, who returned it and when, and stays "Returned"
 * while its assessor corrects it. On PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/app/errors.js';
import type { User } from '../../src/app/index.js';
import { webPlugin } from '../../src/web/plugin.js';
import { databaseKinds } from '../store/harness.js';
import { completeAnswers, ROLE_EMAILS, signIn, fixtureUsers, startFixture, type Fixture, type Who } from './harness.js';

describe.each(databaseKinds)('worklist (%s)', (kind) => {
  let f: Fixture;
  let u: Record<Who, User>;
  beforeAll(async () => {
    f = await startFixture(kind, {}, [webPlugin]);
    u = await fixtureUsers(f);
    // C01: the assessor's, submitted then returned by the inspector.
    await f.services.cases.saveAnswers(u.assessor, f.caseIds.C01, { answers: completeAnswers(2) });
    const c = await f.services.cases.get(u.assessor, f.caseIds.C01);
    const s = await f.services.cases.transition(u.assessor, c.id, { action: 'submit', version: c.version });
    await f.services.cases.transition(u.inspector, c.id, { action: 'return', version: s.version, reason: 'Check 2.1.1 against the plan' });
  });
  afterAll(async () => f?.close());

  it("lists a person's cases by state, returned first with the reason, who and when", async () => {
    const w = await f.services.cases.worklist(u.assessor, f.inspectionId);
    expect(w.groups.map((g) => g.state)).toEqual(['returned']);
    const [c] = w.groups[0]!.cases;
    expect(c).toMatchObject({ ref: 'C01', returnReason: 'Check 2.1.1 against the plan', returnedBy: f.accountIds.inspector, returnedByName: 'Test inspector' });
    expect(c!.returnedAt).not.toBeNull();
    // The inspector's own case, and the submitted ones waiting for them (none now: C01 was returned).
    const wi = await f.services.cases.worklist(u.inspector, f.inspectionId);
    expect(wi.groups.map((g) => [g.state, g.cases.map((x) => x.ref)])).toEqual([['not-started', ['Y01']]]);
    expect(wi.awaitingQualityAssurance).toEqual([]);
    // Someone with no part in the inspection is not told it exists.
    await expect(f.services.cases.worklist(u.outsider, f.inspectionId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps a corrected case "returned" until it is submitted again, and offers submitted cases to those who quality assure', async () => {
    const c = await f.services.cases.get(u.assessor, f.caseIds.C01);
    const a = c.answers.find((x) => x.questionId === '2.1.1')!;
    await f.services.cases.saveAnswers(u.assessor, c.id, { answers: [{ questionId: '2.1.1', answer: 'no', note: 'Checked', version: a.version }] });
    let w = await f.services.cases.worklist(u.assessor, f.inspectionId);
    expect(w.groups[0]).toMatchObject({ state: 'returned', cases: [{ ref: 'C01', state: 'in-progress', returnReason: 'Check 2.1.1 against the plan' }] });
    const again = await f.services.cases.get(u.assessor, c.id);
    await f.services.cases.transition(u.assessor, c.id, { action: 'submit', version: again.version });
    w = await f.services.cases.worklist(u.assessor, f.inspectionId);
    expect(w.groups.map((g) => g.state)).toEqual(['submitted']);
    expect((await f.services.cases.worklist(u.inspector, f.inspectionId)).awaitingQualityAssurance.map((x) => x.ref)).toEqual(['C01']);
    expect((await f.services.cases.worklist(u.lead, f.inspectionId)).awaitingQualityAssurance.map((x) => x.ref)).toEqual(['C01']);
    // A local assessor never quality assures.
    expect((await f.services.cases.worklist(u.assessor, f.inspectionId)).awaitingQualityAssurance).toEqual([]);
    // Returned once more, for the pages below.
    const s = await f.services.cases.get(u.lead, c.id);
    await f.services.cases.transition(u.lead, c.id, { action: 'return', version: s.version, reason: 'Say why 2.1.1 is no' });
  });

  it('shows the worklist page and the case list with "Returned" and the assigned-to-me default', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.inspector);
    const get = (url: string) => f.app.inject({ method: 'GET', url, headers: { cookie } });
    const work = await get(`/inspections/${f.inspectionId}/my-work`);
    expect(work.statusCode).toBe(200);
    expect(work.body).toContain('Y01');
    expect(work.body).not.toContain('C01');
    const assessor = await signIn(f.app, ROLE_EMAILS.assessor);
    const mine = await f.app.inject({ method: 'GET', url: `/inspections/${f.inspectionId}/my-work`, headers: { cookie: assessor } });
    expect(mine.body).toContain('Returned to you');
    expect(mine.body).toContain('Returned by Test lead on');
    expect(mine.body).toContain('Reason: Say why 2.1.1 is no');
    // The inspector's case list: their own case by default, all they may see on asking.
    const list = await get(`/inspections/${f.inspectionId}/cases`);
    expect(list.body).toContain('id="showing-mine"');
    expect(list.body).toMatch(/>Y01</);
    expect(list.body).not.toMatch(/>C01</);
    const all = await get(`/inspections/${f.inspectionId}/cases?show=all`);
    expect(all.body).toMatch(/>C01</);
    const returned = await get(`/inspections/${f.inspectionId}/cases?show=all&state=returned`);
    expect(returned.body).toMatch(/>C01</);
    expect(returned.body).toContain('govuk-tag--orange">Returned<');
    expect(returned.body).not.toMatch(/>C02</);
    // The lead assigns, so sees every case by default.
    const lead = await signIn(f.app, ROLE_EMAILS.lead);
    const leadList = await f.app.inject({ method: 'GET', url: `/inspections/${f.inspectionId}/cases`, headers: { cookie: lead } });
    expect(leadList.body).not.toContain('id="showing-mine"');
    expect(leadList.body).toMatch(/>C02</);
  });
});
