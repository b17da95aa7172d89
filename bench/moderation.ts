/**
 * Moderation bench: the moderation summary (agreement per question, per marker pair, overall and by day, and
 * the disagreements) for 200 double-marked cases, both markings submitted, as a ratio to the ratings
 * computation on the same inspection (read afresh and rated on every call: no kept ratings). The cases and
 * both markings are written straight into a fresh PGlite database, so setting up takes seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices } from '../src/app/index.js';
import { getFramework } from '../src/core/framework/index.js';
import { openStore } from '../src/store/index.js';
import type { BenchLine } from './index.js';
import { medianMsAsync } from './util.js';

const CASES = 200;

export async function run(): Promise<BenchLine[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yjinspect-bench-moderation-'));
  const store = await openStore({ dataDir });
  try {
    const services = createServices(store, { ratingCacheEntries: 0 });
    const accounts: Record<string, string> = {};
    for (const who of ['lead', 'first', 'second']) {
      accounts[who] = (await services.accounts.create(null, { email: `${who}@bench.example.org`, displayName: `Bench ${who}`, password: 'bench password, long enough' })).id;
    }
    const service = await services.inspections.createService(null, { name: 'Bench service' });
    const { id: inspectionId } = await services.inspections.create(null, { serviceId: service.id, title: 'Moderation bench', frameworkVersion: '2018' });
    await services.accounts.grantRole(null, inspectionId, { accountId: accounts.lead!, role: 'lead-inspector' });
    await services.accounts.grantRole(null, inspectionId, { accountId: accounts.first!, role: 'inspector' });
    await services.accounts.grantRole(null, inspectionId, { accountId: accounts.second!, role: 'inspector' });
    const lead = (await services.accounts.loadUser(accounts.lead!))!;

    const questions = getFramework('2018').standards.filter((s) => s.domain === 2 && s.kind === 'case-assessed')
      .flatMap((s) => s.keyQuestions.flatMap((kq) => [kq.id, ...kq.prompts.map((p) => p.id)]));
    const ids = Array.from({ length: CASES }, (_, i) => `bench-case-${String(i).padStart(4, '0')}`);
    await store.query(
      `INSERT INTO cases (id, inspection_id, ref, domain, disposal_type, gender, age_band, ethnicity, risk_of_serious_harm, safety_and_wellbeing, assessor_id, state)
       SELECT id, $2, 'B' || lpad(n::text, 4, '0'), 2, 'referral-order', 'male', '15-17', 'white', 'medium', 'medium', $3, 'submitted'
         FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n)`,
      [ids, inspectionId, accounts.first],
    );
    const answer = (i: number, q: number, salt: number) => (['yes', 'yes', 'no', 'not-relevant'] as const)[(i * 7 + q * 3 + salt * ((i + q) % 5 === 0 ? 1 : 0)) % 4]!;
    const caseCol: string[] = [];
    const qCol: string[] = [];
    const first: string[] = [];
    const second: string[] = [];
    ids.forEach((id, i) => questions.forEach((q, k) => {
      caseCol.push(id);
      qCol.push(q);
      first.push(answer(i, k, 0));
      second.push(answer(i, k, 1));
    }));
    await store.query(`INSERT INTO answers (case_id, question_id, answer) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`, [caseCol, qCol, first]);
    await store.query(
      `INSERT INTO second_markings (id, inspection_id, case_id, marker_id, state, selected_by, submitted_at)
       SELECT 'm-' || id, $2, id, $3, 'submitted', $4, now() - (n % 10) * interval '1 day' FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n)`,
      [ids, inspectionId, accounts.second, accounts.lead],
    );
    await store.query(`INSERT INTO second_answers (marking_id, question_id, answer) SELECT 'm-' || c, q, a FROM unnest($1::text[], $2::text[], $3::text[]) AS t(c, q, a)`, [caseCol, qCol, second]);

    const summary = await services.moderation.summary(lead, inspectionId);
    if (summary.cases !== CASES) throw new Error(`bench moderation: expected ${CASES} cases compared, got ${summary.cases}`);
    const moderation = await medianMsAsync(() => services.moderation.summary(lead, inspectionId));
    const ratings = await medianMsAsync(() => services.ratings.forInspection(lead, inspectionId));
    return [{
      name: `moderation summary, ${CASES} double-marked cases × ${questions.length} questions (pglite)`,
      baseline: 'ratings computation on the same inspection (nothing kept)',
      ratio: moderation / ratings,
      detail: `median ${moderation.toFixed(1)} ms against ${ratings.toFixed(1)} ms; ${summary.overall.n} pairs, kappa ${summary.overall.agreement.kappa?.toFixed(2) ?? 'undefined'}`,
    }];
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
