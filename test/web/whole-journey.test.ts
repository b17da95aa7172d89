/**
 * The whole inspection on the screens (issue 13), in Debian's Chromium against the real server and an embedded
 * database, on a fresh 2021-framework inspection: the site administrator creates it; the lead uploads the
 * population, draws, resizes and confirms the sample, and a second confirmation from a stale tab is refused
 * with the case count unchanged; the lead assigns the cases, moves to fieldwork and withdraws one case with a
 * reason; a local assessor (JavaScript on) and an inspector (JavaScript off) assess court and out-of-court
 * cases, and the inspector reviews and submits a resettlement case; the lead returns one case with a reason,
 * the ratings panel is refused while it awaits correction (listed, with a link), its assessor corrects and
 * resubmits it, and the panel opens; the panel applies discretion on one standard and declines it on another;
 * the lead records the judgements; publishing is refused until every eligible standard has a decision; the
 * published report (HTML and PDF) prints the counts of the cases actually counted.
 *
 * Every expected figure is computed here from the answers the test gave and the framework's rules (bands,
 * discretion eligibility, score), never read back from the app.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { getFramework, type KeyQuestionDef, type StandardDef } from '../../src/core/framework/index.js';
import { RESETTLEMENT_ASPECTS } from '../../src/core/framework/resettlement.js';
import { readPdfText } from '../report/readback.js';
import { PASSWORD, signInAs, startApp, type TestApp } from './app.js';
import { hasText, launchBrowser, newContext, seriousViolations, seriousViolationsWithoutJs } from './harness.js';

type Answer = 'yes' | 'no' | 'not-relevant';
type Rating = 'Inadequate' | 'Requires improvement' | 'Good' | 'Outstanding';
const RATINGS: readonly Rating[] = ['Inadequate', 'Requires improvement', 'Good', 'Outstanding'];

const FW = getFramework('2021');
const ADMIN = 'admin@example.org';
const TITLE = 'Eastshire youth justice inspection 2026';

// The eligible population: 5 court, 3 out-of-court and 2 custody cases, all inside the eligibility windows for
// fieldwork starting on 2 November 2026. A population this small is taken whole (resettlement: resized to 1).
const POPULATION = [
  'ref,disposal_type,start_date,gender,age_band,ethnicity,risk_of_serious_harm,safety_and_wellbeing',
  'ES-C-101,Referral order,2026-03-10,Male,15-17,White,Medium,Medium',
  'ES-C-102,Youth rehabilitation order,2026-03-12,Female,15-17,Black,High,Medium',
  'ES-C-103,Referral order,2026-03-20,Male,10-14,White,Low,Low',
  'ES-C-104,Licence,2026-04-02,Male,15-17,Mixed,High,High',
  'ES-C-105,Referral order,2026-04-10,Male,15-17,White,Low,Medium',
  'ES-O-201,Youth conditional caution,2026-03-05,Male,10-14,White,Low,Low',
  'ES-O-202,Community resolution,2026-03-18,Female,15-17,Asian,Low,Medium',
  'ES-O-203,Triage,2026-04-01,Male,15-17,White,Medium,Low',
  'ES-R-301,Detention and training order,2026-03-15,Male,15-17,White,High,High',
  'ES-R-302,Detention and training order,2026-03-25,Male,15-17,Black,High,Medium',
].join('\n');
const DISPOSAL: Record<string, string> = Object.fromEntries(POPULATION.split('\n').slice(1).map((l) => [l.split(',')[0]!, l.split(',')[1]!]));

const COURT = ['ES-C-101', 'ES-C-102', 'ES-C-103', 'ES-C-104'];
const WITHDRAWN = 'ES-C-105';
const OUT_OF_COURT = ['ES-O-201', 'ES-O-202', 'ES-O-203'];
const RETURNED = 'ES-C-102';

/**
 * The answers each case ends with: every key question Yes unless listed; under a relevant key question every
 * prompt Yes, except the first under a No (and the listed prompts); under a Not relevant one, none.
 */
const KEY_QUESTIONS: Record<string, Record<string, Answer>> = {
  'ES-C-101': { '2.2.3': 'not-relevant', '2.3.3': 'not-relevant', '2.4.2': 'not-relevant', '2.4.3': 'not-relevant' },
  // 2.1.2 is No after the correction the lead asked for (first submitted as Yes).
  'ES-C-102': { '2.1.2': 'no', '2.2.2': 'not-relevant', '2.3.2': 'not-relevant', '2.4.1': 'not-relevant', '2.4.3': 'not-relevant' },
  'ES-C-103': { '2.2.2': 'no', '2.2.3': 'not-relevant', '2.3.3': 'no', '2.4.2': 'not-relevant', '2.4.3': 'not-relevant' },
  'ES-C-104': { '2.3.3': 'not-relevant' },
  'ES-O-201': { '3.2.2': 'not-relevant', '3.3.2': 'not-relevant' },
  'ES-O-202': { '3.1.2': 'no', '3.2.3': 'no', '3.3.2': 'not-relevant' },
  'ES-O-203': { '3.2.3': 'not-relevant', '3.3.3': 'not-relevant' },
};
const PROMPTS: Record<string, Record<string, Answer>> = {
  'ES-C-101': { '2.1.1.d': 'not-relevant' },
  'ES-C-103': { '2.1.1.d': 'not-relevant' },
};
/** What the returned case was first submitted with. */
const BEFORE_CORRECTION: Record<string, Answer> = { '2.1.2': 'yes', '2.1.2.a': 'yes' };

const standardsOf = (domain: number): StandardDef[] => FW.standards.filter((s) => s.domain === domain && s.kind === 'case-assessed');
const domainOf = (ref: string): number => (COURT.includes(ref) ? 2 : 3);

function answersOf(ref: string): Map<string, Answer> {
  const out = new Map<string, Answer>();
  for (const s of standardsOf(domainOf(ref))) {
    for (const kq of s.keyQuestions) {
      const v = KEY_QUESTIONS[ref]?.[kq.id] ?? 'yes';
      out.set(kq.id, v);
      if (v === 'not-relevant') continue;
      kq.prompts.forEach((p, i) => out.set(p.id, PROMPTS[ref]?.[p.id] ?? (v === 'no' && i === 0 ? 'no' : 'yes')));
    }
  }
  return out;
}

// ---- The framework's rules, applied here to the answers above (docs/rating-rules.md) ----

interface Fig { relevant: number; yes: number }

/** Relevant = Yes + No over the counted cases. */
function figure(id: string, refs: readonly string[]): Fig {
  let relevant = 0, yes = 0;
  for (const ref of refs) {
    const a = answersOf(ref).get(id);
    if (a === 'yes' || a === 'no') relevant++;
    if (a === 'yes') yes++;
  }
  return { relevant, yes };
}

const band = ({ yes, relevant }: Fig): Rating => (yes * 100 < 50 * relevant ? 'Inadequate' : yes * 100 < 65 * relevant ? 'Requires improvement' : yes * 100 < 80 * relevant ? 'Good' : 'Outstanding');

/** The band of the lowest key question (on the exact fraction), and the lowest key questions. */
function computed(figs: ReadonlyMap<string, Fig>): { rating: Rating | null; lowest: string[] } {
  const rated = [...figs].filter(([, f]) => f.relevant > 0);
  if (rated.length === 0) return { rating: null, lowest: [] };
  const below = (a: Fig, b: Fig) => a.yes * b.relevant - b.yes * a.relevant;
  const min = rated.reduce((m, [, f]) => (below(f, m) < 0 ? f : m), rated[0]![1]);
  return { rating: band(min), lowest: rated.filter(([, f]) => below(f, min) === 0).map(([id]) => id) };
}

/** Eligible when a lowest key question is within five points of 50/65/80, one case changes the band, or it has 5 relevant cases or fewer. */
function eligible(figs: ReadonlyMap<string, Fig>): boolean {
  const { rating, lowest } = computed(figs);
  if (!rating) return false;
  return lowest.some((id) => {
    const f = figs.get(id)!;
    const nearBoundary = [50, 65, 80].some((b) => Math.abs(f.yes * 100 - b * f.relevant) <= 5 * f.relevant);
    const oneCase = [f.yes - 1, f.yes + 1].filter((y) => y >= 0 && y <= f.relevant)
      .some((y) => computed(new Map([...figs, [id, { relevant: f.relevant, yes: y }]])).rating !== rating);
    return nearBoundary || oneCase || f.relevant <= 5;
  });
}

const refsOfDomain = (domain: number) => (domain === 2 ? COURT : OUT_OF_COURT);
const kqFigures = (s: StandardDef) => new Map(s.keyQuestions.map((kq) => [kq.id, figure(kq.id, refsOfDomain(s.domain))]));
const CASE_ASSESSED = [...standardsOf(2), ...standardsOf(3)];
const ELIGIBLE = CASE_ASSESSED.filter((s) => eligible(kqFigures(s))).map((s) => s.id);
const COMPUTED: Record<string, Rating> = Object.fromEntries(CASE_ASSESSED.map((s) => [s.id, computed(kqFigures(s)).rating!]));

/** The panel applies discretion on the first eligible standard that can move up, and declines on the next. */
const APPLY = ELIGIBLE.find((id) => COMPUTED[id] !== 'Outstanding')!;
const APPLY_TO = RATINGS[RATINGS.indexOf(COMPUTED[APPLY]!) + 1]!;
const DECLINE = ELIGIBLE.find((id) => id !== APPLY)!;
const JUDGEMENTS: Record<string, Rating> = { '1.1': 'Good', '1.2': 'Good', '1.3': 'Requires improvement', '1.4': 'Good', '3.4': 'Good', '4.1': 'Requires improvement' };
const FINAL: Record<string, Rating> = { ...COMPUTED, [APPLY]: APPLY_TO, ...JUDGEMENTS };
const SCORE = FW.standards.filter((s) => s.counted).reduce((n, s) => n + RATINGS.indexOf(FINAL[s.id]!), 0);
const OVERALL: Rating = SCORE <= 6 ? 'Inadequate' : SCORE <= 18 ? 'Requires improvement' : SCORE <= 30 ? 'Good' : 'Outstanding';

/** Whole percent, half up, as printed. */
const printed = ({ yes, relevant }: Fig) => `${Math.floor((yes * 200 + relevant) / (2 * relevant))}%`;
const plural = (n: number, label: string) => (n === 1 ? label.replace(/^cases\b/, 'case') : label);

// ---- The browser ----

let t: TestApp;
let browser: Browser;
let inspectionId: string;
const contexts: BrowserContext[] = [];
let lead: Page, assessor: Page, inspector: Page, panel: Page;
/** Case ids by reference, read from the cases list. */
const caseIds: Record<string, string> = {};
let resettlementRef: string;

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
  await t.services.accounts.create(null, { email: ADMIN, displayName: 'Ada Admin', password: PASSWORD, isAdmin: true });
  audit = await newContext(browser);
  contexts.push(audit);
}, 300_000);

// One journey: once a step fails, the later ones would only fail for that reason.
let failed = false;
beforeEach((ctx) => { if (failed) ctx.skip(); });
afterEach((ctx) => { if (ctx.task.result?.state === 'fail') failed = true; });

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await t?.close();
});

const base = () => `${t.base}/inspections/${inspectionId}`;
const caseUrl = (ref: string) => `${base()}/cases/${caseIds[ref]}`;

const withoutJs = new WeakSet<BrowserContext>();
/** Where a copy of a page viewed without JavaScript is audited. */
let audit: BrowserContext;

async function session(who: string, javaScriptEnabled = true): Promise<Page> {
  const context = await newContext(browser, { javaScriptEnabled });
  contexts.push(context);
  if (!javaScriptEnabled) withoutJs.add(context);
  return signInAs(t, context, who);
}

/** No serious or critical axe violation (a page viewed without JavaScript is audited as a copy). */
async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('load');
  const violations = withoutJs.has(page.context()) ? await seriousViolationsWithoutJs(page, audit) : await seriousViolations(page);
  expect(violations, `${name}: ${page.url()}`).toEqual([]);
}

/** Click and wait for the page that follows (with or without JavaScript). */
async function go(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

const caseCount = async (page: Page) => {
  await page.goto(`${base()}/cases`);
  return Number(/^(\d+) cases?/.exec((await page.textContent('#case-count'))!.trim())![1]);
};

/** Answer one standard page as planned: the key question, then the prompts under it when relevant. */
async function answerStandard(page: Page, s: StandardDef, answers: ReadonlyMap<string, Answer>): Promise<void> {
  const field = (id: string) => `q_${id.replace(/\./g, '_')}`;
  for (const kq of s.keyQuestions) {
    await page.check(`input[name="${field(kq.id)}"][value="${answers.get(kq.id)!}"]`);
    for (const p of kq.prompts) {
      const a = answers.get(p.id);
      if (a) await page.check(`input[name="${field(p.id)}"][value="${a}"]`);
    }
  }
}

/** The assigned assessor assesses every standard of the case in order, checks the answers and submits. */
async function assess(page: Page, ref: string, answers: ReadonlyMap<string, Answer>): Promise<void> {
  await page.goto(caseUrl(ref));
  const standards = standardsOf(domainOf(ref));
  await go(page, `.govuk-task-list a[href$="/standards/${standards[0]!.id}"]`);
  for (const s of standards) {
    await hasText(page.locator('h1'), s.name);
    await answerStandard(page, s, answers);
    await go(page, 'button:has-text("Save and continue")');
  }
  await hasText(page.locator('h1'), 'Check your answers');
  expect(await page.locator('.govuk-warning-text', { hasText: 'not answered yet' }).count()).toBe(0);
  await go(page, 'button:has-text("Submit the case")');
  await hasText(page.locator('main'), 'Case submitted for quality assurance');
}

describe('the whole inspection on the screens (2021 framework)', () => {
  it('plans the answers so that at least two standards are eligible for discretion', () => {
    expect(ELIGIBLE.length).toBeGreaterThanOrEqual(2);
    expect(APPLY).toBeDefined();
    expect(DECLINE).toBeDefined();
  });

  it('the administrator creates the inspection; the lead draws, resizes and confirms the sample; a second confirmation is refused', async () => {
    const admin = await session(ADMIN);
    await go(admin, '#create-inspection');
    await admin.check('input[name="serviceId"][value="new"]');
    await admin.fill('#serviceName', 'Eastshire Youth Justice Service');
    await admin.fill('#title', TITLE);
    await admin.check('input[name="frameworkVersion"][value="2021"]');
    for (const [name, d, m] of [['fieldworkStart', '2', '11'], ['fieldworkEnd', '13', '11']] as const) {
      await admin.fill(`#${name}-day`, d);
      await admin.fill(`#${name}-month`, m);
      await admin.fill(`#${name}-year`, '2026');
    }
    await admin.selectOption('#leadAccountId', { label: 'Lena Lead (lead@example.org)' });
    await Promise.all([admin.waitForURL(/\?created=1$/), admin.click('button:has-text("Create the inspection")')]);
    inspectionId = decodeURIComponent(new URL(admin.url()).pathname.split('/')[2]!);
    // The team's roles: account set-up, not part of the journey.
    for (const [who, role] of [['assessor', 'local-assessor'], ['inspector', 'inspector'], ['panel', 'panel-member']] as const) {
      await t.services.accounts.grantRole(null, inspectionId, { accountId: t.users[who].id, role });
    }

    lead = await session('lead');
    await lead.goto(base());
    await go(lead, '.govuk-task-list a:has-text("Draw the case sample")');
    await hasText(lead.locator('h1'), 'Draw the case sample');
    // A second tab keeps the upload form open: it will try to draw again after the sample is confirmed.
    const stale = await lead.context().newPage();
    await stale.goto(lead.url());

    const upload = async (page: Page, seed: string) => {
      await page.fill('#seed', seed);
      // The fieldwork start is offered from the inspection, in day, month and year boxes.
      expect([await page.inputValue('#fieldwork-day'), await page.inputValue('#fieldwork-month'), await page.inputValue('#fieldwork-year')]).toEqual(['2', '11', '2026']);
      await page.setInputFiles('#population', { name: 'eastshire-population.csv', mimeType: 'text/csv', buffer: Buffer.from(POPULATION) });
      await go(page, 'button:has-text("Propose a sample")');
    };
    await upload(lead, '20261102');
    await hasText(lead.locator('h1'), 'Review the proposed sample');
    await hasText(lead.locator('#size-court'), 'Court disposals: 5 of 5');
    await hasText(lead.locator('#size-outOfCourt'), 'Out-of-court disposals: 3 of 3');
    await hasText(lead.locator('#size-resettlement'), /: 2 of 2/);
    await expectAccessible(lead, 'sampling review');
    // One custody case is enough to illustrate 4.1: the size changes with a reason.
    await lead.selectOption('#domain', 'resettlement');
    await lead.fill('#sample', '1');
    await lead.fill('#reason', 'One custody case illustrates the resettlement policy; the other child is held out of area.');
    await go(lead, 'button:has-text("Change the size")');
    await hasText(lead.locator('#size-resettlement'), /: 1 of 2/);
    const firstPlan = lead.url();

    // Meanwhile, in another tab, the same file is drawn again with another seed: a second proposal.
    const second = await lead.context().newPage();
    await second.goto(`${base()}/sampling`);
    await upload(second, '7');
    await hasText(second.locator('h1'), 'Review the proposed sample');
    expect(second.url()).not.toBe(firstPlan);

    await go(lead, 'button:has-text("Confirm and create the cases")');
    await lead.waitForURL(/\/cases\?confirmed=9$/);
    expect(await caseCount(lead)).toBe(9);

    // The second proposal's "Confirm" is refused, and so is drawing again from the stale upload form.
    await go(second, 'button:has-text("Confirm and create the cases")');
    await hasText(second.locator('.govuk-error-summary'), 'This inspection already has 9 cases, so this sample cannot be confirmed');
    await hasText(second.locator('#confirmed-by'), 'Confirmed by Lena Lead');
    await expectAccessible(second, 'second confirmation refused');
    await upload(stale, '99');
    await hasText(stale.locator('.govuk-error-summary'), 'The sample of this inspection is already confirmed: replace cases on its page instead of drawing a new one');
    await Promise.all([second.close(), stale.close()]);
    expect(await caseCount(lead)).toBe(9);
    expect((await t.store.query<{ n: number }>('SELECT count(*)::int AS n FROM cases WHERE inspection_id = $1', [inspectionId]))[0]!.n).toBe(9);

    // The case list, as the cases page shows it.
    for (const row of await lead.locator('#cases-table tbody tr').all()) {
      const a = row.locator('th a');
      caseIds[(await a.textContent())!.trim()] = (await a.getAttribute('href'))!.split('/').pop()!;
    }
    const refs = Object.keys(caseIds).sort();
    resettlementRef = refs.find((r) => r.startsWith('ES-R-'))!;
    expect(refs).toEqual([...COURT, WITHDRAWN, ...OUT_OF_COURT, resettlementRef].sort());
  }, 300_000);

  it('the lead assigns the cases, moves to fieldwork and withdraws a case with a reason', async () => {
    const assign = async (ref: string, name: string) => {
      await lead.goto(`${caseUrl(ref)}/assign`);
      await lead.check(`label:has-text("${name}")`);
      await go(lead, 'button:has-text("Assign")');
    };
    for (const ref of [...COURT, WITHDRAWN]) await assign(ref, 'Asha Assessor');
    for (const ref of [...OUT_OF_COURT, resettlementRef]) await assign(ref, 'Ivan Inspector');

    await lead.goto(`${base()}/phase`);
    await lead.check('input[name="phase"][value="fieldwork"]');
    await go(lead, 'button:has-text("Continue")');
    await go(lead, 'button:has-text("Yes, move to fieldwork")');
    await hasText(lead.locator('.govuk-notification-banner'), 'The inspection moved to fieldwork');

    await lead.goto(caseUrl(WITHDRAWN));
    await lead.fill('#withdraw-reason', 'The child moved out of the area before fieldwork and the file was transferred.');
    await go(lead, 'button:has-text("Withdraw the case")');
    await hasText(lead.locator('#withdrawn-reason'), 'The child moved out of the area before fieldwork');
  }, 300_000);

  it('the assessors assess their cases, and the resettlement case is reviewed on its own page and submitted', async () => {
    // Without JavaScript, so that each standard page is one save (the correction below is made with it).
    assessor = await session('assessor', false);
    inspector = await session('inspector', false);
    for (const ref of COURT) {
      const answers = answersOf(ref);
      if (ref === RETURNED) for (const [id, a] of Object.entries(BEFORE_CORRECTION)) answers.set(id, a);
      await assess(assessor, ref, answers);
    }
    for (const ref of OUT_OF_COURT) await assess(inspector, ref, answersOf(ref));

    await inspector.goto(caseUrl(resettlementRef));
    await go(inspector, 'a:has-text("4.1 Resettlement review")');
    await hasText(inspector.locator('h1'), 'Resettlement review');
    await expectAccessible(inspector, 'resettlement review');
    for (const a of RESETTLEMENT_ASPECTS) await inspector.fill(`#note-${a.id}`, `${a.name}: seen in the case file and discussed with the case manager.`);
    await go(inspector, 'button:has-text("Save and return to the case")');
    await hasText(inspector.locator('.govuk-task-list__item', { hasText: '4.1 Resettlement review' }), 'Completed');
    await go(inspector, 'a:has-text("Check your answers and submit the case")');
    await go(inspector, 'button:has-text("Submit the case")');
    await hasText(inspector.locator('main'), 'Case submitted for quality assurance');
  }, 300_000);

  it('the lead returns a case with a reason; the panel is refused while it awaits correction, then opens once it is finished', async () => {
    for (const ref of [...COURT, ...OUT_OF_COURT, resettlementRef].filter((r) => r !== RETURNED)) {
      await lead.goto(caseUrl(ref));
      await go(lead, 'button:has-text("Mark as quality assured")');
      await hasText(lead.locator('main'), 'Case marked as quality assured');
    }
    const reason = '2.1.2: the assessment did not take the victim’s views into account. Look again at 2.1.2.';
    await lead.goto(caseUrl(RETURNED));
    await lead.fill('#reason', reason);
    await go(lead, 'button:has-text("Return to the assessor")');
    await hasText(lead.locator('main'), 'Case returned to the assessor with your reason');

    // The move to the panel is refused: the phase page names the case, with a link to it.
    await lead.goto(`${base()}/phase`);
    const blocker = lead.locator('#phase-blockers [data-blocker="cases-returned"]');
    await hasText(blocker, `1 case was returned and awaits correction: ${RETURNED} (returned)`);
    const link = lead.locator(`#phase-blockers a:has-text("Case ${RETURNED}")`);
    expect(await link.getAttribute('href')).toBe(new URL(caseUrl(RETURNED)).pathname);
    await lead.check('input[name="phase"][value="panel"]');
    await go(lead, 'button:has-text("Continue")');
    await hasText(lead.locator('.govuk-error-summary'), `${RETURNED} (returned)`);
    await expectAccessible(lead, 'panel refused');
    await go(lead, `#phase-blockers a:has-text("Case ${RETURNED}")`);
    await hasText(lead.locator('h1'), `Case ${RETURNED}`);

    // Its assessor reads the reason, corrects 2.1.2 (with JavaScript: each answer saves as it changes) and submits again.
    assessor = await session('assessor', true);
    await assessor.goto(caseUrl(RETURNED));
    await hasText(assessor.locator('#return-reason'), reason);
    await go(assessor, '.govuk-task-list a[href$="/standards/2.1"]');
    await answerStandard(assessor, standardsOf(2)[0]!, answersOf(RETURNED));
    await hasText(assessor.locator('[data-autosave-status]'), 'Saved at');
    await go(assessor, 'button:has-text("Save and return to the case")');
    // Being corrected, it is unfinished: still no ratings panel, and the phase page says so.
    await lead.goto(`${base()}/phase`);
    await hasText(lead.locator('#phase-blockers [data-blocker="cases-unfinished"]'), `1 case is not submitted: ${RETURNED} (in progress)`);
    expect(await lead.getAttribute(`#phase-blockers a:has-text("Case ${RETURNED}")`, 'href')).toBe(new URL(caseUrl(RETURNED)).pathname);
    await go(assessor, 'a:has-text("Check your answers and submit the case")');
    await go(assessor, 'button:has-text("Submit the case")');
    await hasText(assessor.locator('main'), 'Case submitted for quality assurance');

    await lead.goto(caseUrl(RETURNED));
    await go(lead, 'button:has-text("Mark as quality assured")');
    await lead.goto(`${base()}/phase`);
    expect(await lead.locator('#phase-blockers [data-blocker^="cases-"]').count()).toBe(0);
    await lead.check('input[name="phase"][value="panel"]');
    await go(lead, 'button:has-text("Continue")');
    await go(lead, 'button:has-text("Yes, move to ratings panel")');
    await hasText(lead.locator('.govuk-notification-banner'), 'The inspection moved to ratings panel');
  }, 300_000);

  it('the panel applies discretion on one standard and declines it on another; the lead records the judgements', async () => {
    panel = await session('panel');
    await panel.goto(`${base()}/ratings`);
    const counted = COURT.length + OUT_OF_COURT.length + 1;
    await hasText(panel.locator('#cases-counted'), `The figures count ${counted} cases: ${counted} quality assured.`);
    await hasText(panel.locator('#cases-not-counted'), `${WITHDRAWN} (domain 2): Withdrawn`);
    // The standards awaiting a decision are exactly those the rules make eligible.
    const awaiting = (await panel.locator('#awaiting-decision a').allTextContents()).map((x) => x.trim().split(' ')[0]);
    expect(awaiting).toEqual(ELIGIBLE);
    await expectAccessible(panel, 'ratings panel');

    const sid = (id: string) => id.replace('.', '-');
    await hasText(panel.locator(`#standard-${sid(APPLY)} [data-rating]`), COMPUTED[APPLY]!);
    const apply = panel.locator(`form[action$="/ratings/${APPLY}"]`);
    await apply.locator(`input[value="${APPLY_TO}"]`).check();
    await apply.locator('textarea').fill('The lowest key question rests on a handful of cases, and the other key questions are stronger.');
    await apply.locator('button').click();
    await hasText(panel.locator('#panel-flash'), `Decision recorded for ${APPLY}: rated ${APPLY_TO}`);
    await hasText(panel.locator(`#standard-${sid(APPLY)}`), 'moved by the ratings panel');

    const decline = panel.locator(`form[action$="/ratings/${DECLINE}"]`);
    await decline.locator('input[value="decline"]').check();
    await decline.locator('button').click();
    await hasText(panel.locator('#ratings-panel .govuk-error-summary'), 'Enter the reason for keeping the computed rating');
    const again = panel.locator(`form[action$="/ratings/${DECLINE}"]`);
    await again.locator('input[value="decline"]').check();
    await again.locator('textarea').fill('The sub-sample is small, but every case points the same way.');
    await again.locator('button').click();
    await hasText(panel.locator(`#standard-${sid(DECLINE)} [data-declined]`), 'the ratings panel kept the computed rating');

    for (const [id, rating] of Object.entries(JUDGEMENTS)) {
      await lead.goto(`${base()}/judgements/${id}`);
      // The 4.1 judgement page lists the resettlement case reviewed, with its state.
      if (id === '4.1') await hasText(lead.locator('main li'), `Case ${resettlementRef}: resettlement review (Quality assured)`);
      await lead.check(`input[name="rating"][value="${rating}"]`);
      await lead.fill('#rationale', `The evidence for ${id} meets the characteristics of ${rating}.`);
      await go(lead, 'button:has-text("Save judgement")');
    }
    // Each save comes back to the log with a banner naming the judgement (here the last).
    const [lastId, lastRating] = Object.entries(JUDGEMENTS).at(-1)!;
    expect((await lead.locator('.govuk-notification-banner--success').textContent())!.replace(/\s+/g, ' ')).toContain(`The judgement for ${lastId} was recorded: ${lastRating}`);
    await lead.goto(`${base()}/evidence`);
    for (const [id, rating] of Object.entries(JUDGEMENTS)) await hasText(lead.locator('.govuk-task-list__item', { hasText: `${id} ` }), rating);
  }, 300_000);

  it('publishing is refused until every eligible standard has a decision, then allowed', async () => {
    const move = async (to: string, button: string) => {
      await lead.goto(`${base()}/phase`);
      await lead.check(`input[name="phase"][value="${to}"]`);
      await go(lead, 'button:has-text("Continue")');
      if (button) await go(lead, `button:has-text("${button}")`);
    };
    await move('reporting', 'Yes, move to reporting');
    await hasText(lead.locator('.govuk-notification-banner'), 'The inspection moved to reporting');

    const undecided = ELIGIBLE.filter((id) => id !== APPLY && id !== DECLINE);
    await lead.goto(`${base()}/phase`);
    const blocker = lead.locator('#phase-blockers [data-blocker="discretion-undecided"]');
    await hasText(blocker, `The ratings panel has not recorded a decision (apply or decline discretion) on ${undecided.join(', ')}`);
    expect(await lead.locator('#phase-blockers [data-blocker="judgements-missing"]').count()).toBe(0);
    await move('published', '');
    await hasText(lead.locator('.govuk-error-summary'), undecided.join(', '));
    await expectAccessible(lead, 'publishing refused');

    for (const id of undecided) {
      const form = panel.locator(`form[action$="/ratings/${id}"]`);
      await form.locator('input[value="decline"]').check();
      await form.locator('textarea').fill(`The panel keeps the computed rating for ${id}: every case points the same way.`);
      await form.locator('button').click();
      await hasText(panel.locator('#panel-flash'), `Decision recorded for ${id}`);
    }
    expect(await panel.locator('#awaiting-decision').count()).toBe(0);

    await move('published', '');
    await hasText(lead.locator('h1'), 'Are you sure you want to publish the inspection?');
    await go(lead, 'button:has-text("Publish the")');
    await hasText(lead.locator('.govuk-notification-banner'), 'The inspection moved to published');
  }, 300_000);

  it('the published report prints the counts of the cases actually counted, in HTML and PDF', async () => {
    await lead.goto(`${base()}/report`);
    await go(lead, '#view-report');
    await expectAccessible(lead, 'report html');
    const text = (await lead.locator('body').innerText()).replace(/\s+/g, ' ');

    // Cases inspected per domain: the counted ones; the withdrawn case is stated, never counted.
    expect(text).toContain(`We inspected ${COURT.length} cases in this domain.`);
    expect(text).toContain(`We inspected ${OUT_OF_COURT.length} cases in this domain.`);
    expect(text).toContain('We inspected 1 case in this domain.');
    const methodology = (await lead.locator('[aria-labelledby="methodology-heading"]').innerText()).replace(/\s+/g, ' ');
    expect(methodology).toContain(`Court disposals We examined ${COURT.length} cases. 1 case was withdrawn from the sample.`);
    expect(methodology).toContain(`Out-of-court disposals We examined ${OUT_OF_COURT.length} cases.`);
    expect(methodology).toContain('Resettlement We examined 1 case.');
    expect(methodology).toContain('confidence level of 80 per cent (with a margin of error of 5)');
    for (const [label, refs] of [['Court disposals', COURT], ['Out-of-court disposals', OUT_OF_COURT], ['Resettlement', [resettlementRef]]] as const) {
      const byDisposal = new Map<string, number>();
      for (const r of refs) byDisposal.set(DISPOSAL[r]!, (byDisposal.get(DISPOSAL[r]!) ?? 0) + 1);
      const rows = await lead.locator('table', { has: lead.locator('caption', { hasText: new RegExp(`^${label} inspected, by disposal type$`) }) }).locator('tbody tr').allInnerTexts();
      expect(new Map(rows.map((r) => { const [l, n] = r.split('\t'); return [l!.trim(), Number(n)]; }))).toEqual(byDisposal);
    }
    expect(text).not.toMatch(/Of the 5 cases|We examined 5|We inspected 5|We examined 9|We inspected 9/);

    // Every table of every case-assessed standard: its heading's denominator and each row's figures.
    for (const s of CASE_ASSESSED) {
      const refs = refsOfDomain(s.domain);
      const section = lead.locator(`[id="standard-${s.id}"]`);
      expect((await section.locator('.rating').textContent())!.trim(), s.id).toBe(FINAL[s.id]);
      const kqTable = section.locator('table.kq-table');
      expect(await kqTable.locator('caption').textContent()).toContain(`Of the ${refs.length} cases inspected:`);
      const { lowest } = computed(kqFigures(s));
      const kqRows = await kqTable.locator('tbody tr').all();
      expect(kqRows.length).toBe(s.keyQuestions.length);
      for (const [i, kq] of s.keyQuestions.entries()) {
        const f = figure(kq.id, refs);
        const cells = (await kqRows[i]!.locator('td').allInnerTexts()).map((c) => c.trim());
        const pct = f.relevant === 0 ? 'n/a' : printed(f) + (s.id === APPLY && lowest.includes(kq.id) ? '*' : '');
        expect(cells.slice(1), `${kq.id}`).toEqual([String(f.relevant), String(f.yes), pct]);
        await checkPromptTable(section, kq, refs);
      }
    }
    await hasText(lead.locator('main'), `score ${SCORE}/36, overall rating ${OVERALL}`);
    await hasText(lead.locator(`[id="standard-${APPLY}"] .discretion`), `from ${COMPUTED[APPLY]}`);

    // The printed report (PDF) says the same.
    const pdf = await lead.request.get(`${base()}/report/download/pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const printedText = readPdfText(await pdf.body()).replace(/\s+/g, ' ');
    for (const sentence of [
      `We inspected ${COURT.length} cases in this domain.`, `We inspected ${OUT_OF_COURT.length} cases in this domain.`, 'We inspected 1 case in this domain.',
      `We examined ${COURT.length} cases. 1 case was withdrawn from the sample.`, `We examined ${OUT_OF_COURT.length} cases.`, 'We examined 1 case.',
      `score ${SCORE}/36`,
    ]) expect(printedText).toContain(sentence);
    const headings = (s: string) => [...s.matchAll(/Of the (\d+) cases? inspected:/g)].map((m) => Number(m[1]));
    expect(new Set(headings(printedText))).toEqual(new Set([COURT.length, OUT_OF_COURT.length]));
    expect(headings(printedText).length).toBe(headings(text).length);
  }, 300_000);
});

/** A prompt table's heading (its sub-sample and denominator) and each prompt's relevant and 'Yes' counts. */
async function checkPromptTable(section: ReturnType<Page['locator']>, kq: KeyQuestionDef, refs: readonly string[]): Promise<void> {
  const table = section.locator('table.prompt-table', { has: section.page().locator('caption', { hasText: `${kq.id}:` }) });
  const f = figure(kq.id, refs);
  const heading = kq.subSample === 'all' ? `Of the ${refs.length} cases inspected:` : `Of the ${f.relevant} ${plural(f.relevant, kq.subSampleLabel)}:`;
  expect((await table.locator('caption').textContent())!.replace(/\s+/g, ' ').trim(), kq.id).toBe(`${kq.id}: ${heading}`);
  const rows = await table.locator('tbody tr').all();
  for (const [i, p] of kq.prompts.entries()) {
    const pf = figure(p.id, refs);
    const cells = (await rows[i]!.locator('td').allInnerTexts()).map((c) => c.trim());
    expect(cells.slice(1, 3), p.id).toEqual([String(pf.relevant), String(pf.yes)]);
  }
}

