/**
 * Tests that need an inspection further on (the panel, reporting, published) walk it there the way the
 * workflow gates require, instead of weakening them: each case not finished is withdrawn from the sample with
 * a reason (in fieldwork), the unassured ones are acknowledged, missing judgements are recorded, and the panel
 * declines discretion (with a reason) on every eligible standard that has no decision. The report's own gaps
 * are accepted with `publishDraft`, as the lead may do on purpose.
 */
import type { Services, User } from '../../src/app/index.js';
import { PHASES, type Phase } from '../../src/core/workflow/index.js';

export const WITHDRAWN_FOR_THE_TEST = 'Not needed for this test: withdrawn so the inspection can move on';

async function panelMember(services: Services, lead: User, inspectionId: string): Promise<User> {
  const members = await services.accounts.members(lead, inspectionId);
  const panel = members.find((m) => m.roles.includes('panel-member'));
  if (panel) return (await services.accounts.loadUser(panel.accountId))!;
  await services.accounts.grantRole(null, inspectionId, { accountId: lead.id, role: 'panel-member' });
  return (await services.accounts.loadUser(lead.id))!;
}

/** Withdraw every case that is not submitted or quality assured (the inspection must be in planning or fieldwork). */
export async function withdrawUnfinished(services: Services, lead: User, inspectionId: string, reason = WITHDRAWN_FOR_THE_TEST): Promise<string[]> {
  const cases = await services.cases.list(lead, inspectionId);
  const withdrawn: string[] = [];
  for (const c of cases) {
    if (c.state === 'submitted' || c.state === 'quality-assured' || c.state === 'withdrawn') continue;
    await services.cases.transition(lead, c.id, { action: 'withdraw', version: c.version, reason });
    withdrawn.push(c.ref);
  }
  return withdrawn;
}

/** Record the judgements the publish gate needs and decline discretion where the panel has not decided. */
export async function completePanelWork(services: Services, lead: User, inspectionId: string): Promise<void> {
  const view = await services.inspections.workflow(lead, inspectionId);
  const judged = new Set(view.snapshot.recordedJudgements);
  for (const sid of view.snapshot.requiredJudgements.filter((s) => !judged.has(s))) {
    await services.domain1.recordJudgement(lead, inspectionId, sid, { rating: 'Good', rationale: `Judged for the test: ${sid} meets the characteristics of Good.`, version: 0 });
  }
  const decided = new Set(view.snapshot.decisions.map((d) => d.standard));
  const undecided = view.snapshot.eligibleStandards.filter((s) => !decided.has(s));
  if (undecided.length === 0) return;
  const panel = await panelMember(services, lead, inspectionId);
  for (const sid of undecided) {
    await services.discretion.decline(panel, inspectionId, sid, { reason: `The panel keeps the computed rating of ${sid} for the test.`, version: 0 });
  }
}

/**
 * Move the inspection forward, one phase at a time, to `target`, doing what each gate needs first. The lead
 * is re-read after a role is granted, so pass the lead and use the returned phase's version from the store.
 */
export async function walkTo(services: Services, lead: User, inspectionId: string, target: Phase): Promise<void> {
  for (;;) {
    const ins = await services.inspections.get(lead, inspectionId);
    if (PHASES.indexOf(ins.phase) >= PHASES.indexOf(target)) return;
    const next = PHASES[PHASES.indexOf(ins.phase) + 1]!;
    if (ins.phase === 'fieldwork') await withdrawUnfinished(services, lead, inspectionId);
    if (next === 'published') await completePanelWork(services, lead, inspectionId);
    const now = await services.inspections.get(lead, inspectionId);
    await services.inspections.setPhase(lead, inspectionId, { phase: next, version: now.version, acknowledgeUnassured: true, publishDraft: true });
  }
}
