/**
 * The history reads as words (issue 15): people by name, the case by its reference, the standard by number and
 * name, a changed answer with what it replaced, fields and values as the screens say them — no ids or codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFramework } from '../../src/core/framework/index.js';
import { changeWords, entryWords } from '../../src/web/history-words.js';
import { webPlugin } from '../../src/web/plugin.js';
import { databaseKinds } from '../store/harness.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';

const fw = getFramework('2018');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('history entries in words', () => {
  it('names the subject: the standard of a discretion decision, the question and case of an answer', () => {
    expect(changeWords({ entity: 'discretion', entityId: 'ins-1:2.1', action: 'withdraw' }, fw)).toBe('Discretion withdrawn for 2.1 Assessment');
    expect(changeWords({ entity: 'answer', entityId: 'case-1:2.1.1', action: 'update', caseRef: 'C01' }, fw)).toMatch(/^Answer changed: 2\.1\.1 .+ \(case C01\)$/);
    expect(changeWords({ entity: 'case', entityId: 'case-1', action: 'assign', caseRef: 'C01' }, fw)).toBe('Assessor changed: case C01');
  });

  it('says before and after with names and labels, leaving out bookkeeping', () => {
    const people = { 'acc-1': 'Sam Jones' };
    expect(entryWords({ assessorId: 'acc-1', version: 3 }, people)).toBe('Assessor: Sam Jones');
    expect(entryWords({ phase: 'panel' })).toBe('Phase: Ratings panel');
    expect(entryWords({ role: 'local-assessor', accountId: 'gone' }, people)).toBe('Role: Local assessor; Person: An account no longer on the service');
    expect(entryWords({ disposalType: 'referral-order', riskOfSeriousHarm: 'high' })).toBe('Disposal type: Referral order; Risk of serious harm: High');
    expect(entryWords({ answer: 'no', note: 'Plan missed the victim', version: 1 })).toBe('No – Plan missed the victim');
    expect(entryWords(null)).toBe('–');
  });
});

describe.each(databaseKinds)('the history pages in words (%s)', (kind) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(kind, {}, [webPlugin]);
  }, 300_000);
  afterAll(async () => f?.close());

  it('shows who was assigned by name and the case by reference, and a changed answer with its before', async () => {
    const lead = await f.user('lead');
    const c = (await f.services.cases.list(lead, f.inspectionId)).find((x) => x.ref === 'C02')!;
    await f.services.cases.assign(lead, c.id, { assessorId: f.accountIds.assessor, version: c.version });
    const saved = await f.services.cases.saveAnswers(lead, c.id, { answers: [{ questionId: '2.1.1', answer: 'yes', version: 0 }] });
    await f.services.cases.saveAnswers(lead, c.id, { answers: [{ questionId: '2.1.1', answer: 'no', note: 'Looked again', version: saved.answers[0]!.version }] });
    const [latest] = await f.services.history.forInspection(lead, f.inspectionId, 1);
    // What it replaced is read from the entry before it (a redaction of that entry covers it), not copied.
    expect(latest).toMatchObject({ entity: 'answer', caseRef: 'C02', before: { version: 1 }, replaced: { answer: 'yes', note: null } });

    const cookie = await signIn(f.app, ROLE_EMAILS.lead);
    const page = await f.app.inject({ url: `/inspections/${f.inspectionId}/history`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const table = /<table[\s\S]*<\/table>/.exec(page.body)![0];
    expect(table).toContain('Assessor changed: case C02');
    expect(table).toContain('Assessor: Test assessor');
    expect(table).toMatch(/Answer changed: 2\.1\.1 [^<]+\(case C02\)/);
    expect(table).toContain('No – Looked again');
    expect(table.split('\n').filter((line) => UUID.test(line))).toEqual([]);
  });
});
