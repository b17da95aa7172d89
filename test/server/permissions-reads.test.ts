/**
 * The read permission matrix: every GET route the server answers — the JSON API, the web screens, and the
 * sampling and library journeys (of webPlugin), registered as `yjinspect serve` registers them — called as every role and
 * signed out, in fieldwork and once published. The routes are read from the app itself (`printRoutes`), so a
 * GET route added without a row here fails the first test.
 *
 * Local assessors are staff of the service inspected: before publication they open only the cases assigned to
 * them (resettlement reviews too), the inspection itself (its framework guidance) and their own history; every
 * other read answers 404 on the API and the screens alike, and no page they open links to one. Once published
 * they also read the published report and what it is made of. Refused reads of the inspection's records are 404
 * (the record may as well not exist); the administration's, and forms for a change someone may not make on a
 * record they read, are 403. Signed out: 401 on the API, a redirect to the sign-in page (303) on the screens.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePopulationCsv } from '../../src/population/index.js';
import { webPlugin } from '../../src/web/plugin.js';
import { seedPath } from '../library/seeds.js';
import { databaseKinds } from '../store/harness.js';
import { walkTo } from '../support/workflow.js';
import { matchesRoute, normaliseRoute, routesOf } from '../support/routes.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture, type Who } from './harness.js';

type Caller = Who | 'signed out';
type Outcome = Record<Caller, number>;

const WHO: Who[] = ['lead', 'inspector', 'assessor', 'otherAssessor', 'panel', 'readOnly', 'admin', 'outsider'];
/** Everyone with a part in the inspection (the site administrator reads every inspection). */
const ON: Who[] = ['lead', 'inspector', 'assessor', 'otherAssessor', 'panel', 'readOnly', 'admin'];
/** The inspection team: everyone on it but the local assessors. */
const TEAM: Who[] = ['lead', 'inspector', 'panel', 'readOnly', 'admin'];
const ALL: Who[] = WHO;

/** What the fixture holds beyond the harness's: the ids the addresses need. */
interface Ids {
  /** Resettlement cases (2021, domain 4): R01 assigned to the local assessor, R02 to the other one. */
  R01: string;
  R02: string;
  evidence: string;
  recommendation: string;
  plan: string;
  libraryReport: string;
  historyEntry: number;
  /** An account that is disabled, to be enabled again. */
  disabledAccount: string;
}

interface Row {
  /** The route as the app has it (parameters written `:`, any name). */
  route: string;
  /** The address called; several rows may share a route (an assessor's own case and another's). */
  url(f: Fixture, ids: Ids): string;
  name?: string;
  /** The status each caller gets in fieldwork, and (when it differs) once published. */
  before: Outcome;
  after?: Outcome;
}

/**
 * `ok` get 200, everyone else `refused`, except: someone with no part in the inspection is not told it exists
 * (`outsider`, 404 unless said otherwise), and `others` name any other status.
 */
function expect_(ok: readonly Who[], o: { refused?: number; outsider?: number; signedOut: number; others?: Partial<Outcome> }): Outcome {
  const out = {} as Outcome;
  for (const who of WHO) out[who] = ok.includes(who) ? 200 : who === 'outsider' ? (o.outsider ?? 404) : (o.refused ?? 404);
  out['signed out'] = o.signedOut;
  return { ...out, ...o.others };
}
/** The JSON API: signed out is 401. */
const api = (ok: readonly Who[], o: { refused?: number; outsider?: number; others?: Partial<Outcome> } = {}) => expect_(ok, { ...o, signedOut: 401 });
/** A screen: signed out is sent to sign in (303). */
const web = (ok: readonly Who[], o: { refused?: number; outsider?: number; others?: Partial<Outcome> } = {}) => expect_(ok, { ...o, signedOut: 303 });
/** Open to anyone, signed in or not. */
const PUBLIC: Outcome = { ...Object.fromEntries(WHO.map((w) => [w, 200])), 'signed out': 200 } as Outcome;

const ins = (f: Fixture, path = '') => `/inspections/${f.inspectionId}${path}`;
const apiIns = (f: Fixture, path = '') => `/api/v1${ins(f, path)}`;

const ADMIN_API = api(['admin'], { refused: 403, outsider: 403 });
const ADMIN_WEB = web(['admin'], { refused: 403, outsider: 403 });
/** A read of the team's work that local assessors get from publication. */
const teamThenPublished = (kind: typeof api) => ({ before: kind(TEAM), after: kind(ON) });
/** A redirect: those allowed are sent on (303) instead of getting a page. */
const redirecting = (o: Outcome): Outcome => Object.fromEntries(Object.entries(o).map(([w, status]) => [w, status === 200 ? 303 : status])) as Outcome;
/** An assessor's own case: the team and that assessor. */
const ownCase = (kind: typeof api) => kind([...TEAM, 'assessor']);
/** A form for a change: `writers` open it in fieldwork; the team (and once published, everyone) is refused with 403. */
const form = (writers: readonly Who[], o: { hiddenBefore: readonly Who[]; hiddenAfter: readonly Who[] }): Pick<Row, 'before' | 'after'> => {
  const status = (hidden: readonly Who[], ok: readonly Who[]) =>
    web(ok, { refused: 403, others: Object.fromEntries(hidden.map((w) => [w, 404])) });
  return { before: status(o.hiddenBefore, writers), after: status(o.hiddenAfter, []) };
};
const ASSESSORS: Who[] = ['assessor', 'otherAssessor'];

const ROWS: Row[] = [
  // Open to everyone: health, the API's description, static assets, signing in.
  { route: '/health', url: () => '/health', before: PUBLIC },
  { route: '/api/openapi.json', url: () => '/api/openapi.json', before: PUBLIC },
  { route: '/assets/*', name: 'static assets', url: () => '/assets/app/app.css', before: PUBLIC },
  { route: '/', url: () => '/', before: { ...PUBLIC, ...Object.fromEntries([...WHO, 'signed out'].map((w) => [w, 303])) } },
  // Signing in is for the signed out (the signed in are sent on), signing out for the signed in.
  { route: '/sign-in', url: () => '/sign-in', before: { ...web([], { refused: 303, outsider: 303 }), 'signed out': 200 } },
  { route: '/sign-out', url: () => '/sign-out', before: web(ALL) },

  // The JSON API.
  { route: '/api/v1/me', url: () => '/api/v1/me', before: api(ALL) },
  { route: '/api/v1/accounts', url: () => '/api/v1/accounts', before: ADMIN_API },
  { route: '/api/v1/services', url: () => '/api/v1/services', before: ADMIN_API },
  // Which frameworks exist, and what each holds: anyone signed in (to choose one, or to read what rated them).
  { route: '/api/v1/frameworks', url: () => '/api/v1/frameworks', before: api(ALL) },
  { route: '/api/v1/frameworks/:', url: () => '/api/v1/frameworks/2021', before: api(ALL) },
  { route: '/api/v1/backup', url: () => '/api/v1/backup', before: ADMIN_API },
  { route: '/api/v1/inspections', url: () => '/api/v1/inspections', before: api(ALL) },
  { route: '/api/v1/inspections/:', url: (f) => apiIns(f), before: api(ON) },
  { route: '/api/v1/inspections/:/workflow', url: (f) => apiIns(f, '/workflow'), before: api(TEAM) },
  { route: '/api/v1/inspections/:/members', url: (f) => apiIns(f, '/members'), ...teamThenPublished(api) },
  // Local assessors read their own entries only, and list their own cases only (checked below).
  { route: '/api/v1/inspections/:/history', url: (f) => apiIns(f, '/history'), before: api(ON) },
  { route: '/api/v1/inspections/:/cases', url: (f) => apiIns(f, '/cases'), before: api(ON) },
  { route: '/api/v1/inspections/:/ratings', url: (f) => apiIns(f, '/ratings'), ...teamThenPublished(api) },
  // How firm each rating is: read as the ratings are.
  { route: '/api/v1/inspections/:/ratings/firmness', url: (f) => apiIns(f, '/ratings/firmness'), ...teamThenPublished(api) },
  { route: '/api/v1/inspections/:/evidence', url: (f) => apiIns(f, '/evidence'), before: api(TEAM) },
  { route: '/api/v1/inspections/:/judgements', url: (f) => apiIns(f, '/judgements'), before: api(TEAM) },
  // The panel's decisions, declines (with their reasons) included.
  { route: '/api/v1/inspections/:/discretion', url: (f) => apiIns(f, '/discretion'), ...teamThenPublished(api) },
  { route: '/api/v1/inspections/:/findings', url: (f) => apiIns(f, '/findings'), ...teamThenPublished(api) },
  { route: '/api/v1/inspections/:/report-sections', url: (f) => apiIns(f, '/report-sections'), ...teamThenPublished(api) },
  { route: '/api/v1/inspections/:/report-sections/:', url: (f) => apiIns(f, '/report-sections/foreword'), ...teamThenPublished(api) },
  { route: '/api/v1/inspections/:/recommendations', url: (f) => apiIns(f, '/recommendations'), ...teamThenPublished(api) },
  { route: '/api/v1/cases/:', name: "an assessor's case", url: (f) => `/api/v1/cases/${f.caseIds.C01}`, before: ownCase(api) },
  { route: '/api/v1/cases/:', name: "an inspector's case", url: (f) => `/api/v1/cases/${f.caseIds.Y01}`, before: api(TEAM) },
  { route: '/api/v1/cases/:', name: "an assessor's resettlement case", url: (f, i) => `/api/v1/cases/${i.R01}`, before: ownCase(api) },
  { route: '/api/v1/cases/:/history', name: "an assessor's case history", url: (f) => `/api/v1/cases/${f.caseIds.C01}/history`, before: ownCase(api) },
  // Double marking: the list is everyone's (a second marker's own only), the summary the team's; a case's
  // double marking its second marker's (here a local assessor, on the inspector's case Y01) and the team's.
  { route: '/api/v1/inspections/:/moderation', url: (f) => apiIns(f, '/moderation'), before: api(ON) },
  { route: '/api/v1/inspections/:/moderation/summary', url: (f) => apiIns(f, '/moderation/summary'), before: api(TEAM) },
  { route: '/api/v1/cases/:/second-marking', url: (f) => `/api/v1/cases/${f.caseIds.Y01}/second-marking`, before: api([...TEAM, 'assessor']) },
  { route: '/api/v1/cases/:/history', name: "another assessor's case history", url: (f) => `/api/v1/cases/${f.caseIds.C02}/history`, before: api([...TEAM, 'otherAssessor']) },

  // Your own account, and the site administrator's pages.
  { route: '/account', url: () => '/account', before: web(ALL) },
  { route: '/accounts', url: () => '/accounts', before: ADMIN_WEB },
  { route: '/frameworks', url: () => '/frameworks', before: web(ALL) },
  { route: '/frameworks/:', url: () => '/frameworks/2018', before: web(ALL) },
  // A case audit's comparison chart: this fixture is an inspection, which has none to show anyone.
  { route: '/inspections/:/results/trend.svg', url: (f) => ins(f, '/results/trend.svg'), before: web([]) },
  { route: '/accounts/new', url: () => '/accounts/new', before: ADMIN_WEB },
  { route: '/accounts/:', url: (f) => `/accounts/${f.accountIds.outsider}`, before: ADMIN_WEB },
  { route: '/accounts/:/revoke', url: (f) => `/accounts/${f.accountIds.readOnly}/revoke?inspectionId=${f.inspectionId}&role=read-only`, before: ADMIN_WEB },
  { route: '/accounts/:/disable', url: (f) => `/accounts/${f.accountIds.outsider}/disable`, before: ADMIN_WEB },
  { route: '/accounts/:/enable', url: (_f, i) => `/accounts/${i.disabledAccount}/enable`, before: ADMIN_WEB },
  { route: '/accounts/:/password', url: (f) => `/accounts/${f.accountIds.outsider}/password`, before: ADMIN_WEB },
  { route: '/inspections', url: () => '/inspections', before: web(ALL) },
  { route: '/inspections/new', url: () => '/inspections/new', before: ADMIN_WEB },

  // The inspection's screens.
  { route: '/inspections/:', url: (f) => ins(f), before: web(ON) },
  { route: '/inspections/:/history', url: (f) => ins(f, '/history'), before: web(ON) },
  { route: '/inspections/:/history/:/redaction', url: (f, i) => ins(f, `/history/${i.historyEntry}/redaction`), before: ADMIN_WEB },
  {
    route: '/inspections/:/details', url: (f) => ins(f, '/details'),
    before: web(['lead', 'admin'], { refused: 403 }), after: web([], { refused: 403 }),
  },
  { route: '/inspections/:/phase', url: (f) => ins(f, '/phase'), before: web(TEAM) },
  { route: '/inspections/:/team', url: (f) => ins(f, '/team'), ...teamThenPublished(web) },
  { route: '/inspections/:/cases', url: (f) => ins(f, '/cases'), before: web(ON) },
  // Each person's own notifications: everyone signed in (the service reads only the person's own).
  { route: '/notifications', url: () => '/notifications', before: web(ALL) },
  // A person's own work: everyone who reads cases (a local assessor, their own).
  { route: '/inspections/:/my-work', url: (f) => ins(f, '/my-work'), before: web(ON) },
  { route: '/inspections/:/cases.csv', url: (f) => ins(f, '/cases.csv'), before: web(ON) },
  { route: '/inspections/:/cases/:', name: "an assessor's case", url: (f) => ins(f, `/cases/${f.caseIds.C01}`), before: ownCase(web) },
  { route: '/inspections/:/cases/:', name: "an inspector's case", url: (f) => ins(f, `/cases/${f.caseIds.Y01}`), before: web(TEAM) },
  {
    route: '/inspections/:/cases/:/assign', url: (f) => ins(f, `/cases/${f.caseIds.C01}/assign`),
    ...form(['lead'], { hiddenBefore: ['otherAssessor'], hiddenAfter: ['otherAssessor'] }),
  },
  { route: '/inspections/:/cases/:/check', url: (f) => ins(f, `/cases/${f.caseIds.C01}/check`), before: ownCase(web) },
  { route: '/inspections/:/cases/:/history', url: (f) => ins(f, `/cases/${f.caseIds.C01}/history`), before: ownCase(web) },
  { route: '/inspections/:/cases/:/standards/:', url: (f) => ins(f, `/cases/${f.caseIds.C01}/standards/2.1`), before: ownCase(web) },
  { route: '/inspections/:/cases/:/resettlement', name: "an assessor's resettlement review", url: (f, i) => ins(f, `/cases/${i.R01}/resettlement`), before: ownCase(web) },
  { route: '/inspections/:/cases/:/resettlement', name: "another assessor's resettlement review", url: (f, i) => ins(f, `/cases/${i.R02}/resettlement`), before: web([...TEAM, 'otherAssessor']) },
  // Double marking: the list for everyone who may mark or read it (a second marker: their own); a case's
  // marking for the team and its second marker; the summary and its downloads for the team.
  { route: '/inspections/:/moderation', url: (f) => ins(f, '/moderation'), before: web(ON) },
  { route: '/inspections/:/moderation/cases/:', url: (f) => ins(f, `/moderation/cases/${f.caseIds.Y01}`), before: web([...TEAM, 'assessor']) },
  { route: '/inspections/:/moderation/summary', url: (f) => ins(f, '/moderation/summary'), before: web(TEAM) },
  { route: '/inspections/:/moderation/summary.csv', url: (f) => ins(f, '/moderation/summary.csv'), before: web(TEAM) },
  { route: '/inspections/:/moderation/summary.xlsx', url: (f) => ins(f, '/moderation/summary.xlsx'), before: web(TEAM) },
  { route: '/inspections/:/evidence', url: (f) => ins(f, '/evidence'), before: web(TEAM) },
  { route: '/inspections/:/evidence/new', url: (f) => ins(f, '/evidence/new'), ...form(['lead', 'inspector'], { hiddenBefore: ASSESSORS, hiddenAfter: ASSESSORS }) },
  { route: '/inspections/:/evidence/:', url: (f, i) => ins(f, `/evidence/${i.evidence}`), ...form(['lead', 'inspector'], { hiddenBefore: ASSESSORS, hiddenAfter: ASSESSORS }) },
  { route: '/inspections/:/judgements/:', url: (f) => ins(f, '/judgements/1.1'), before: web(TEAM) },
  { route: '/inspections/:/judgements/:', name: 'the resettlement judgement', url: (f) => ins(f, '/judgements/4.1'), before: web(TEAM) },
  { route: '/inspections/:/ratings', url: (f) => ins(f, '/ratings'), ...teamThenPublished(web) },
  // A redirect to the library's benchmark of the inspection, for those who read its ratings.
  // Archiving or deleting an inspection made by mistake: the site administrator, until publication.
  { route: '/inspections/:/remove', url: (f) => ins(f, '/remove'), before: ADMIN_WEB, after: web([], { refused: 403, outsider: 403 }) },
  { route: '/inspections/:/benchmark', url: (f) => ins(f, '/benchmark'), before: redirecting(web(TEAM)), after: redirecting(web(ON)) },
  { route: '/inspections/:/report', url: (f) => ins(f, '/report'), ...teamThenPublished(web) },
  { route: '/inspections/:/report/view', url: (f) => ins(f, '/report/view'), ...teamThenPublished(web) },
  { route: '/inspections/:/report/download/:', url: (f) => ins(f, '/report/download/csv'), ...teamThenPublished(web) },
  { route: '/inspections/:/report-text', url: (f) => ins(f, '/report-text'), ...teamThenPublished(web) },
  { route: '/inspections/:/report-text/:', url: (f) => ins(f, '/report-text/methodology'), ...teamThenPublished(web) },
  { route: '/inspections/:/report-text/:/:', url: (f) => ins(f, '/report-text/narrative/2.1'), ...teamThenPublished(web) },
  { route: '/inspections/:/findings', url: (f) => ins(f, '/findings'), ...teamThenPublished(web) },
  { route: '/inspections/:/findings/:', url: (f) => ins(f, '/findings/1'), ...teamThenPublished(web) },
  { route: '/inspections/:/recommendations', url: (f) => ins(f, '/recommendations'), ...teamThenPublished(web) },
  // Published, the recommendations are the assessors' to read, not to change.
  { route: '/inspections/:/recommendations/:', url: (f, i) => ins(f, `/recommendations/${i.recommendation}`), ...form(['lead'], { hiddenBefore: ASSESSORS, hiddenAfter: [] }) },
  { route: '/inspections/:/recommendations/:/remove', url: (f, i) => ins(f, `/recommendations/${i.recommendation}/remove`), ...form(['lead'], { hiddenBefore: ASSESSORS, hiddenAfter: [] }) },

  // The sampling journey: the lead inspector's; whoever may not see the plans (the rest of the team) is not told it exists (404).
  ...(['', '/add-case', '/:plan', '/:plan/chart.svg'] as const).map((path): Row => ({
    route: `/inspections/:/sampling${path.replace(':plan', ':')}`,
    url: (f, i) => ins(f, `/sampling${path.replace(':plan', i.plan)}`),
    before: web(['lead'], { refused: 403, others: { inspector: 404, panel: 404, readOnly: 404, assessor: 404, otherAssessor: 404 } }),
    // Published without a sample drawn here: nothing to draw; a plan may still be looked at.
    after: web(path === '' ? [] : ['lead'], { refused: 403, others: { inspector: 404, panel: 404, readOnly: 404, assessor: 404, otherAssessor: 404 } }),
  })),
  {
    route: '/inspections/:/sampling/:/discard-confirmed', url: (f, i) => ins(f, `/sampling/${i.plan}/discard-confirmed`),
    before: web(['lead'], { refused: 403, others: { inspector: 404, panel: 404, readOnly: 404, assessor: 404, otherAssessor: 404 } }),
  },

  // The library of published reports (anyone signed in), and benchmarking an inspection in progress (its live ratings).
  { route: '/library', url: () => '/library', before: web(ALL) },
  { route: '/library/upload', url: () => '/library/upload', before: web(['lead', 'admin'], { refused: 403, outsider: 403 }) },
  { route: '/library/:', url: (_f, i) => `/library/${i.libraryReport}`, before: web(ALL) },
  ...['', '.csv', '.svg'].flatMap((ext): Row[] => [
    { route: `/library/:/benchmark${ext}`, url: (_f, i) => `/library/${i.libraryReport}/benchmark${ext}`, before: web(ALL) },
    { route: `/library/inspections/:/benchmark${ext}`, url: (f) => `/library/inspections/${f.inspectionId}/benchmark${ext}`, ...teamThenPublished(web) },
  ]),
];

/** Whether `row` covers the app's normalised `route` (a row ending in `*` covers everything under it). */
const covers = (row: Row, route: string) => (row.route.endsWith('*') ? route.startsWith(row.route.slice(0, -1)) : normaliseRoute(row.route) === route);

describe.each(databaseKinds)('read matrix on %s', (kind) => {
  let f: Fixture;
  let ids: Ids;
  const cookies = {} as Record<Who, string>;

  beforeAll(async () => {
    f = await startFixture(kind, {}, [webPlugin], '2021');
    for (const who of WHO) cookies[who] = await signIn(f.app, ROLE_EMAILS[who]);
    const lead = await f.user('lead');
    const assessor = await f.user('assessor');
    const other = await f.user('otherAssessor');
    const resettlement = { domain: 4, disposalType: 'detention-and-training-order', gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'high', safetyAndWellbeing: 'medium' } as const;
    const r1 = await f.services.cases.create(lead, f.inspectionId, { ...resettlement, ref: 'R01', assessorId: f.accountIds.assessor });
    const r2 = await f.services.cases.create(lead, f.inspectionId, { ...resettlement, ref: 'R02', assessorId: f.accountIds.otherAssessor });
    // Something in every list: evidence and a judgement with its rationale, a recommendation, findings, report
    // text, answers and notes by each assessor, resettlement notes, a sampling proposal, a library report.
    const evidence = await f.services.domain1.addEvidence(lead, f.inspectionId, { kind: 'document', what: 'Plan', summary: 'A plan', standardId: '1.1' });
    await f.services.domain1.recordJudgement(lead, f.inspectionId, '1.1', { rating: 'Good', rationale: 'Sound governance', version: 0 });
    const recommendation = await f.services.recommendations.add(lead, f.inspectionId, { addressee: 'The service should', text: 'improve planning' });
    await f.services.findings.save(lead, f.inspectionId, { domain: '1', strengths: ['Leadership'], areas: [], version: 0 });
    await f.services.reportText.save(lead, f.inspectionId, { section: 'foreword', body: ['A foreword'], version: 0 });
    await f.services.cases.saveAnswers(assessor, f.caseIds.C01, { answers: [{ questionId: '2.1.1', answer: 'yes', note: 'my note', version: 0 }] });
    await f.services.cases.saveAnswers(other, f.caseIds.C02, { answers: [{ questionId: '2.1.1', answer: 'no', note: 'their note', version: 0 }] });
    await f.services.resettlement.save(assessor, r1.id, { notes: [{ aspectId: 'accommodation', note: 'my resettlement note', version: 0 }] });
    await f.services.resettlement.save(other, r2.id, { notes: [{ aspectId: 'accommodation', note: 'their resettlement note', version: 0 }] });
    // The inspector's case Y01 double marked by the local assessor.
    await f.services.moderation.select(lead, f.inspectionId, { selections: [{ caseId: f.caseIds.Y01, markerId: f.accountIds.assessor }] });
    const population = parsePopulationCsv(readFileSync(fileURLToPath(new URL('../sampling/fixtures/population-small.csv', import.meta.url)), 'utf8'), 'population-small.csv');
    const plan = await f.services.sampling.propose(lead, f.inspectionId, { fileName: 'population-small.csv', cases: population, parameters: { seed: 7, confidence: 80, margin: 5, fieldwork: '2026-11-02' } });
    const report = await f.services.library.add(lead, { fileName: 'south-tees-2019.txt', bytes: readFileSync(seedPath('south-tees-2019')) });
    const [entry] = await f.services.history.forInspection(lead, f.inspectionId, 1);
    const disabled = await f.services.accounts.create(null, { email: 'disabled@example.org', displayName: 'Disabled', password: 'a long enough password' });
    await f.services.accounts.setDisabled(null, disabled.id, { disabled: true });
    ids = {
      R01: r1.id, R02: r2.id, evidence: evidence.id, recommendation: recommendation.id, plan: plan.id, libraryReport: report.id,
      historyEntry: entry!.id, disabledAccount: disabled.id,
    };
  }, 300_000);
  afterAll(async () => f?.close());

  const get = (who: Caller, url: string) => f.app.inject({ url, headers: who === 'signed out' ? {} : { cookie: cookies[who] } });

  /** Every row as every caller: the statuses, compared row by row (the row's name says which failed). */
  const matrix = async (published: boolean) => {
    const wrong: string[] = [];
    for (const row of ROWS) {
      const expected = (published ? row.after : undefined) ?? row.before;
      const outcome = {} as Outcome;
      for (const who of [...WHO, 'signed out'] as Caller[]) outcome[who] = (await get(who, row.url(f, ids))).statusCode;
      const differ = Object.keys(expected).filter((w) => expected[w as Caller] !== outcome[w as Caller]);
      if (differ.length) wrong.push(`${row.name ?? row.route}: ${differ.map((w) => `${w} ${outcome[w as Caller]} (expected ${expected[w as Caller]})`).join(', ')}`);
    }
    expect(wrong).toEqual([]);
  };

  /** Every page a local assessor opens links only to pages they may open (inspection and library links). */
  const linksOpen = async (who: 'assessor' | 'otherAssessor') => {
    const broken: string[] = [];
    for (const row of ROWS) {
      const url = row.url(f, ids);
      const r = await get(who, url);
      if (r.statusCode !== 200 || !String(r.headers['content-type']).includes('text/html') || url.includes('/report/view')) continue;
      for (const m of r.body.matchAll(/href="(\/(?:inspections|library)[^"#]*)"/g)) {
        const href = m[1]!.replace(/&amp;/g, '&');
        if ((await get(who, href)).statusCode === 404) broken.push(`${url} links to ${href}`);
      }
    }
    expect([...new Set(broken)]).toEqual([]);
  };

  it('has a row for every GET route the server answers, and each row calls its route', async () => {
    const routes = routesOf(f.app);
    expect(routes.length).toBeGreaterThan(70);
    expect(routes.filter((r) => !ROWS.some((row) => covers(row, r)))).toEqual([]);
    // No row for a route the server does not have (a stale row), and every row's address is its route's.
    expect(ROWS.filter((row) => !routes.some((r) => covers(row, r))).map((row) => row.route)).toEqual([]);
    for (const row of ROWS) if (!row.route.endsWith('*')) expect(matchesRoute(normaliseRoute(row.route), row.url(f, ids)), row.route).toBe(true);
  });

  it('in fieldwork: local assessors read their own cases, reviews and history, and nothing else', async () => {
    await matrix(false);
  }, 300_000);

  it('in fieldwork: a local assessor lists and reads only their own cases and changes, on the API', async () => {
    const cases = (await get('assessor', apiIns(f, '/cases'))).json() as { ref: string }[];
    expect(cases.map((c) => c.ref)).toEqual(['C01', 'R01']);
    // Even when asking for another assessor's cases by filter.
    expect((await get('assessor', apiIns(f, `/cases?assessorId=${f.accountIds.otherAssessor}`))).json()).toEqual([]);
    const history = (await get('assessor', apiIns(f, '/history'))).json() as { actorId: string | null }[];
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((h) => h.actorId === f.accountIds.assessor)).toBe(true);
    expect(JSON.stringify(history)).not.toMatch(/their (resettlement )?note|Sound governance|improve planning/);
    // The rest of the team reads everything.
    expect(((await get('inspector', apiIns(f, '/cases'))).json() as unknown[]).length).toBe(5);
    expect(JSON.stringify((await get('readOnly', apiIns(f, '/history'))).json())).toContain('their note');
  });

  it('in fieldwork: a case or review a local assessor may not read is not found for a change either', async () => {
    const lead = await f.user('lead');
    const c2 = await f.services.cases.get(lead, f.caseIds.C02);
    const r = await f.app.inject({ method: 'POST', url: `/api/v1/cases/${c2.id}/transitions`, payload: { action: 'start', version: c2.version }, headers: { cookie: cookies.assessor } });
    expect(r.statusCode).toBe(404);
    expect(r.body).not.toContain('C02');
    await expect(f.services.resettlement.save(await f.user('assessor'), ids.R02, { notes: [{ aspectId: 'accommodation', note: 'x', version: 1 }] })).rejects.toMatchObject({ statusCode: 404 });
    await expect(f.services.resettlement.notes(await f.user('assessor'), ids.R02)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('in fieldwork: no page a local assessor opens links to one they may not', async () => {
    await linksOpen('assessor');
    await linksOpen('otherAssessor');
  }, 300_000);

  it('once published: the published report and what it is made of are theirs too; the rest stays closed', async () => {
    await walkTo(f.services, await f.user('lead'), f.inspectionId, 'published');
    await matrix(true);
    // The published report is the whole inspection's, whoever reads it.
    const data = await f.services.reports.data(await f.user('assessor'), f.inspectionId);
    expect(data).toEqual(await f.services.reports.data(await f.user('lead'), f.inspectionId));
    // The ratings' case counts are everyone's; the references of cases left out are only their own.
    const ratings = (await get('assessor', apiIns(f, '/ratings'))).json() as { cases: { notCounted: { total: number }; refsNotCounted: { ref: string }[] } };
    expect(ratings.cases.notCounted.total).toBe(5);
    expect(ratings.cases.refsNotCounted.map((c) => c.ref).sort()).toEqual(['C01', 'R01']);
    await linksOpen('assessor');
  }, 300_000);
});
