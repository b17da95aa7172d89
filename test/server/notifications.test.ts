/**
 * Notifications: "case returned to you", "N cases await quality assurance", "the ratings panel has started",
 * stored per recipient and read (and marked) only by them, shown in the service with a count in the header, and
 * emailed through a real SMTP server started here (the smtp-server package, no mock) after the change commits.
 * A mail server that cannot be reached never fails the person's action. On PGlite and PostgreSQL.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/app/errors.js';
import { createServices, type User } from '../../src/app/index.js';
import { webPlugin } from '../../src/web/plugin.js';
import { databaseKinds } from '../store/harness.js';
import { completeAnswers, ROLE_EMAILS, signIn, fixtureUsers, startFixture, type Fixture, type Who } from './harness.js';
import { mailText as text, startSmtp } from '../support/smtp.js';

describe.each(databaseKinds)('notifications (%s)', (kind) => {
  let f: Fixture;
  let u: Record<Who, User>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
    f = await startFixture(kind, { mail: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'inspect@example.org' }, serviceUrl: 'https://inspect.example.org' }, [webPlugin]);
    u = await fixtureUsers(f);
  });
  afterAll(async () => {
    await f?.close();
    await smtp?.close();
  });

  const kase = (ref: 'C01' | 'C02' | 'Y01') => f.services.cases.get(u.lead, f.caseIds[ref]);
  const act = async (who: Who, ref: 'C01' | 'C02' | 'Y01', action: string, extra: Record<string, unknown> = {}) =>
    f.services.cases.transition(u[who], f.caseIds[ref], { action, version: (await kase(ref)).version, ...extra });
  const mailsTo = (who: Who) => smtp.mails.filter((m) => m.to.includes(ROLE_EMAILS[who]));

  it('tells those who quality assure that a submitted case awaits them, in the service and by email', async () => {
    await f.services.cases.saveAnswers(u.assessor, f.caseIds.C01, { answers: completeAnswers(2) });
    await act('assessor', 'C01', 'submit');
    await f.services.notifications.outbox.idle();
    for (const who of ['lead', 'inspector'] as const) {
      expect((await f.services.notifications.list(u[who])).map((n) => [n.kind, n.message])).toEqual([['qa-waiting', '1 case awaits quality assurance (Test inspection)']]);
      expect(mailsTo(who)).toHaveLength(1);
      expect(text(mailsTo(who)[0]!)).toContain('Subject: 1 case awaits quality assurance (Test inspection)');
      expect(text(mailsTo(who)[0]!)).toContain(`https://inspect.example.org/inspections/${f.inspectionId}/cases?show=all&state=submitted`);
    }
    // Nobody else: the assessor, the panel member and the read-only reader are told nothing.
    for (const who of ['assessor', 'panel', 'readOnly'] as const) expect(await f.services.notifications.list(u[who])).toEqual([]);
  });

  it('tells the assessor their case was returned, naming the case by its reference only', async () => {
    await act('inspector', 'C01', 'return', { reason: 'The plan for the child named in 2.1.1 needs checking' });
    await f.services.notifications.outbox.idle();
    const [n] = await f.services.notifications.list(u.assessor);
    expect(n).toMatchObject({ kind: 'case-returned', message: 'Case C01 was returned to you by Test inspector (Test inspection)', link: `/inspections/${f.inspectionId}/cases/${f.caseIds.C01}`, readAt: null });
    const [mail] = mailsTo('assessor');
    expect(text(mail!)).toContain(`https://inspect.example.org/inspections/${f.inspectionId}/cases/${f.caseIds.C01}`);
    // The reason (free text someone typed) stays in the service.
    expect(text(mail!)).not.toContain('named in 2.1.1');
  });

  it("lets nobody read or mark someone else's notification", async () => {
    const [mine] = await f.services.notifications.list(u.assessor);
    expect((await f.services.notifications.list(u.inspector)).map((n) => n.id)).not.toContain(mine!.id);
    await expect(f.services.notifications.markRead(u.inspector, mine!.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(f.services.notifications.markRead(u.admin, mine!.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await f.services.notifications.unreadCount(u.assessor)).toBe(1);

    const inspector = await signIn(f.app, ROLE_EMAILS.inspector);
    const list = await f.app.inject({ url: '/notifications', headers: { cookie: inspector } });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('Case C01 was returned');
    // A form of the inspector's own (their account page) gives them a CSRF token to try with.
    const page = await f.app.inject({ url: '/account', headers: { cookie: inspector } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = [inspector, ...page.cookies.map((c) => `${c.name}=${c.value}`)].join('; ');
    const theirs = await f.app.inject({ method: 'POST', url: `/notifications/${mine!.id}/read`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrf)}` });
    expect(theirs.statusCode).toBe(404);
    expect(await f.services.notifications.unreadCount(u.assessor)).toBe(1);
  });

  it('shows the count in the header and the list to its reader, who marks it read', async () => {
    const assessor = await signIn(f.app, ROLE_EMAILS.assessor);
    const overview = await f.app.inject({ url: `/inspections/${f.inspectionId}`, headers: { cookie: assessor } });
    expect(overview.body).toMatch(/id="header-notifications">\s*Notifications \(1 unread\)/);
    const page = await f.app.inject({ url: '/notifications', headers: { cookie: assessor } });
    expect(page.body).toContain('Case C01 was returned to you by Test inspector');
    const [mine] = await f.services.notifications.list(u.assessor);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = [assessor, ...page.cookies.map((c) => `${c.name}=${c.value}`)].join('; ');
    const read = await f.app.inject({ method: 'POST', url: `/notifications/${mine!.id}/read`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrf)}` });
    expect(read.statusCode).toBe(303);
    expect(await f.services.notifications.unreadCount(u.assessor)).toBe(0);
    const after = await f.app.inject({ url: read.headers.location!, headers: { cookie: assessor } });
    expect(after.body).toContain('Notification marked as read');
    expect(after.body).toMatch(/id="header-notifications">\s*Notifications\s*</);
  });

  it('keeps one unread "awaiting quality assurance" per person with its count current, and emails it once', async () => {
    // The return above left nothing waiting: the first notice was done with (read), keeping its words.
    expect((await f.services.notifications.list(u.lead)).map((n) => [n.message, n.readAt !== null])).toEqual([['1 case awaits quality assurance (Test inspection)', true]]);
    const before = mailsTo('lead').length;
    await act('assessor', 'C01', 'submit');
    await f.services.cases.saveAnswers(u.inspector, f.caseIds.Y01, { answers: completeAnswers(3) });
    await act('inspector', 'Y01', 'submit');
    await f.services.notifications.outbox.idle();
    const unread = async (who: Who) => (await f.services.notifications.list(u[who])).filter((n) => n.readAt === null).map((n) => n.message);
    expect(await unread('lead')).toEqual(['2 cases await quality assurance (Test inspection)']);
    // The inspector assessed Y01: only C01 waits for them.
    expect(await unread('inspector')).toEqual(['1 case awaits quality assurance (Test inspection)']);
    // One email for the new notice, none for the second submission while it is unread.
    expect(mailsTo('lead').length).toBe(before + 1);
  });

  it('tells everyone on the inspection but the lead that the ratings panel has started', async () => {
    await act('lead', 'C02', 'withdraw', { reason: 'Transferred to another service' });
    const ins = await f.services.inspections.get(u.lead, f.inspectionId);
    await f.services.inspections.setPhase(u.lead, f.inspectionId, { phase: 'panel', version: ins.version, acknowledgeUnassured: true });
    await f.services.notifications.outbox.idle();
    for (const who of ['inspector', 'assessor', 'otherAssessor', 'panel', 'readOnly'] as const) {
      expect((await f.services.notifications.list(u[who]))[0]).toMatchObject({ kind: 'panel-started', message: 'The ratings panel has started (Test inspection)' });
      expect(mailsTo(who).some((m) => text(m).includes('Subject: The ratings panel has started'))).toBe(true);
    }
    expect((await f.services.notifications.list(u.lead)).some((n) => n.kind === 'panel-started')).toBe(false);
    expect(await f.services.notifications.list(u.outsider)).toEqual([]);
  });

  it('never fails the action when the mail server cannot be reached: the failure is logged', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const logged: string[] = [];
    const services = createServices(f.store, { notifications: { mail: { host: '127.0.0.1', port: closed, secure: false, from: 'inspect@example.org' }, serviceUrl: 'https://inspect.example.org', log: (m) => logged.push(m) } });
    const c = await services.cases.get(u.lead, f.caseIds.C01);
    const returned = await services.cases.transition(u.lead, c.id, { action: 'return', version: c.version, reason: 'Check again' });
    expect(returned.state).toBe('returned');
    await services.notifications.outbox.idle();
    expect(logged).toEqual([expect.stringMatching(/^Notification .+ could not be emailed$/)]);
    expect((await services.notifications.list(u.assessor))[0]).toMatchObject({ kind: 'case-returned', message: 'Case C01 was returned to you by Test lead (Test inspection)' });
  });

  it('keeps an unread count true as cases are returned or quality assured, and is done with it at none', async () => {
    // C01 was returned above: Y01 still waits for the lead; nothing waits for the inspector (who assessed Y01).
    const qa = async (who: Who) => (await f.services.notifications.list(u[who])).find((n) => n.kind === 'qa-waiting')!;
    expect(await qa('lead')).toMatchObject({ message: '1 case awaits quality assurance (Test inspection)', readAt: null });
    expect((await qa('inspector')).readAt).not.toBeNull();
    await act('lead', 'Y01', 'quality-assure');
    expect((await qa('lead')).readAt).not.toBeNull();
    expect(await f.services.notifications.unreadCount(u.lead)).toBe(0);
  });
});

describe('SMTP settings', () => {
  it('are off by default, on with SMTP_HOST and SMTP_FROM, and refuse what cannot work', async () => {
    const { loadConfig, ConfigError } = await import('../../src/server/config.js');
    expect(loadConfig({}).mail).toBeNull();
    expect(loadConfig({}).serviceUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ SMTP_HOST: 'mail.example.org', SMTP_FROM: 'inspect@example.org', SMTP_USER: 'u', SMTP_PASSWORD: 'p', SERVICE_URL: 'https://inspect.example.org/' })).toMatchObject({
      mail: { host: 'mail.example.org', port: 587, secure: false, from: 'inspect@example.org', user: 'u', password: 'p' },
      serviceUrl: 'https://inspect.example.org',
    });
    expect(loadConfig({ SMTP_HOST: 'mail.example.org', SMTP_PORT: '465', SMTP_FROM: 'inspect@example.org' }).mail).toMatchObject({ port: 465, secure: true });
    expect(() => loadConfig({ SMTP_HOST: 'mail.example.org' })).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_HOST: 'mail.example.org', SMTP_FROM: 'inspect@example.org', SMTP_PORT: 'x' })).toThrow(/SMTP_PORT must be a whole number/);
    expect(() => loadConfig({ SERVICE_URL: 'inspect.example.org' })).toThrow(/SERVICE_URL must be/);
  });
});
