/** Bad input at the edge: malformed and oversized bodies, forged form posts, name-shaped case refs, sign-in limits. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';

describe('input at the edge (pglite)', () => {
  let f: Fixture;
  let lead: string;
  beforeAll(async () => {
    // A stand-in form page: how the web plugin hands a CSRF token to its views.
    const formPage = async (app: FastifyInstance) => {
      app.get('/test-form', async (_request, reply) => ({ csrf: reply.generateCsrf() }));
    };
    f = await startFixture('pglite', { bodyLimit: 64 * 1024, maxFailuresPerAccount: 3 }, [formPage]);
    lead = await signIn(f.app, ROLE_EMAILS.lead);
  });
  afterAll(async () => f?.close());

  const answerUrl = () => `/api/v1/cases/${f.caseIds.C01}/answers/2.1.1`;

  it('refuses malformed bodies with a 4xx naming what is wrong, never a 5xx', async () => {
    const bodies: Array<[string, string]> = [
      ['application/json', '{"answer": "yes", "version": '],
      ['application/json', 'null'],
      ['application/json', '[]'],
      ['application/json', '"yes"'],
      ['application/json', '{"answer": 42, "version": "x"}'],
      ['application/json', '{"answer": "maybe", "version": -1, "note": {"a": 1}}'],
      ['application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`],
      ['application/json', ''],
      ['text/plain', 'answer=yes'],
      ['application/xml', '<answer>yes</answer>'],
      ['application/json', '{"__proto__": {"admin": true}, "answer": "yes", "version": 0}'],
    ];
    for (const [type, payload] of bodies) {
      const r = await f.app.inject({ method: 'PUT', url: answerUrl(), headers: { cookie: lead, 'content-type': type }, payload });
      expect(r.statusCode, `${type} ${payload.slice(0, 40)} → ${r.body}`).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      expect(r.body).not.toMatch(/at .*\.(js|ts):\d+/);
    }
  });

  it('names each bad field in a 400', async () => {
    const r = await f.app.inject({ method: 'PUT', url: `/api/v1/cases/${f.caseIds.C01}/answers`, headers: { cookie: lead }, payload: { answers: [{ questionId: '9.9', answer: 'maybe', version: 'x' }] } });
    expect(r.statusCode).toBe(400);
    const fields = (r.json().error.fields as { field: string }[]).map((x) => x.field).sort();
    expect(fields).toEqual(['answers.0.answer', 'answers.0.questionId', 'answers.0.version']);
  });

  it('refuses a question that is not in the framework for the case', async () => {
    const r = await f.app.inject({ method: 'PUT', url: `/api/v1/cases/${f.caseIds.C01}/answers/3.1.1`, headers: { cookie: lead }, payload: { answer: 'yes', version: 0 } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.fields[0].message).toMatch(/not a question for a domain 2 case/);
  });

  it('refuses oversized bodies with 413', async () => {
    const note = 'x'.repeat(100 * 1024);
    const r = await f.app.inject({ method: 'PUT', url: answerUrl(), headers: { cookie: lead }, payload: { answer: 'yes', version: 0, note } });
    expect(r.statusCode).toBe(413);
  });

  it('refuses name-shaped case references', async () => {
    for (const ref of ['John Smith', 'Smith, John', 'J. Smith', 'Jane', "O'Neil"]) {
      const r = await f.app.inject({
        method: 'POST', url: `/api/v1/inspections/${f.inspectionId}/cases`, headers: { cookie: lead },
        payload: { ref, domain: 2, disposalType: 'referral-order', gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'low' },
      });
      expect(r.statusCode, ref).toBe(400);
      expect(r.json().error.fields[0].field).toBe('ref');
    }
  });

  it('refuses a form post without the CSRF token, and accepts it with one', async () => {
    const noToken = await f.app.inject({ method: 'POST', url: `/api/v1/inspections/${f.inspectionId}/recommendations`, headers: { cookie: lead, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'addressee=The+service&text=do+better' });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.message).toMatch(/reload the page/);
    const page = await f.app.inject({ url: '/test-form', headers: { cookie: lead } });
    const secret = page.cookies.find((c) => c.name === 'yjinspect_csrf')!;
    const token = encodeURIComponent(page.json().csrf as string);
    const withToken = await f.app.inject({
      method: 'POST', url: `/api/v1/inspections/${f.inspectionId}/recommendations`,
      headers: { cookie: `${lead}; yjinspect_csrf=${secret.value}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${token}&addressee=The+service&text=do+better`,
    });
    expect(withToken.statusCode, withToken.body).toBe(201);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax', async () => {
    const r = await f.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: ROLE_EMAILS.panel, password: 'correct horse battery staple' } });
    const c = r.cookies.find((x) => x.name === 'yjinspect_session')!;
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe('Lax');
  });

  it('limits failed sign-ins per account with a clear message', async () => {
    const attempt = () => f.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: ROLE_EMAILS.readOnly, password: 'wrong password' } });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.message).toMatch(/Too many failed sign-in attempts/);
    // Even the right password waits out the window.
    const right = await f.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: ROLE_EMAILS.readOnly, password: 'correct horse battery staple' } });
    expect(right.statusCode).toBe(429);
  });
});
