/** The inspections list and an inspection's overview as a task list. */
import { getFramework, judgementStandards } from '../../core/framework/index.js';
import { casesBlockers, discretionBlockers, workState } from '../../core/workflow/index.js';
import { PHASE_LABELS, ROLE_LABELS } from '../labels.js';
import { escapeHtml, formatDate } from '../views.js';
import { holds, may, inspectionNav, opens, page, rolesOn, type RouteContext } from './common.js';
import { nextPhases } from './phase.js';
import { opensModeration } from './moderation.js';

type Status = { tag: { text: string; classes: string } } | { text: string; classes?: string };
const done: Status = { tag: { text: 'Completed', classes: 'govuk-tag--green' } };
const inProgress: Status = { tag: { text: 'In progress', classes: 'govuk-tag--light-blue' } };
const notStarted: Status = { tag: { text: 'Not started', classes: 'govuk-tag--grey' } };
const published: Status = { tag: { text: 'Published', classes: 'govuk-tag--green' } };
const cannotStart: Status = { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' };

export function inspectionRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;

  signedIn.get('/inspections', async (request, reply) => {
    const { user } = request;
    // The site administrator's archive: inspections made by mistake, hidden from the list, kept whole.
    const archived = request.query.archived === '1';
    const list = await services.inspections.list(user, { archived });
    const rows = list.map((i) => [
      { html: `<a class="govuk-link" href="/inspections/${encodeURIComponent(i.id)}">${escapeHtml(i.title)}</a>` },
      { text: i.serviceName },
      { text: `${i.frameworkVersion} framework${i.kind === 'case audit' ? ' (case audit)' : ''}` },
      { text: PHASE_LABELS[i.phase] ?? i.phase },
      { text: i.myRoles.map((r) => ROLE_LABELS[r] ?? r).join(', ') || (user.isAdmin ? 'Site administrator' : '') },
    ]);
    const removed = request.query.removed;
    return page(ctx, request, reply, 'pages/inspections.njk', {
      pageTitle: archived ? 'Archived inspections' : 'Inspections',
      archived,
      rows,
      canCreate: user.isAdmin && !archived,
      showArchive: user.isAdmin,
      ...(removed === 'deleted' ? { flash: 'The inspection was deleted; the history keeps a record of it' } : {}),
      ...(removed === 'archived' ? { flash: 'The inspection was archived; it is listed under archived inspections' } : {}),
    });
  });

  signedIn.get('/inspections/:inspectionId', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    // One request scope: the inspection, its cases, members and ratings are read once for all these use cases
    // (the workflow's task list is made from the same ratings).
    const scoped = services.forRequest();
    const inspection = await scoped.inspections.get(user, inspectionId);
    // Only what the user may open (a local assessor: their own cases until publication); the rest is no task.
    const can = (a: Parameters<typeof opens>[3]) => opens(ctx, user, inspection, a);
    const [cases, evidence, judgements, ratings, report, members, plans, workflow] = await Promise.all([
      can('case.read') ? scoped.cases.list(user, inspectionId) : [],
      can('domain1.read') ? scoped.domain1.listEvidence(user, inspectionId) : null,
      can('domain1.read') ? scoped.domain1.listJudgements(user, inspectionId) : [],
      can('ratings.read') ? scoped.ratings.ratings(user, inspectionId) : null,
      can('report.read') ? scoped.reports.status(user, inspectionId) : null,
      can('team.read') ? scoped.accounts.members(user, inspectionId) : null,
      // The lead draws the sample (the sampling screens); everyone else starts from the cases it created.
      holds(ctx, user, inspectionId, 'sampling.write') ? scoped.sampling.list(user, inspectionId) : null,
      can('workflow.read') ? scoped.inspections.workflow(user, inspectionId) : null,
    ]);
    // The statuses come from the workflow machine: the panel is never complete while case work is unfinished.
    const unfinishedCases = workflow ? casesBlockers(workflow.snapshot).flatMap((b) => b.cases ?? []) : [];
    const undecided = workflow ? discretionBlockers(workflow.snapshot).flatMap((b) => b.standards ?? []) : [];
    const withdrawn = cases.filter((c) => c.state === 'withdrawn').length;
    const inSample = cases.length - withdrawn;
    const fw = getFramework(inspection.frameworkVersion);
    const audit = inspection.kind === 'case audit';
    const base = `/inspections/${encodeURIComponent(inspectionId)}`;
    const byDomain = (d: number) => cases.filter((c) => c.domain === d && c.state !== 'withdrawn').length;
    const qa = cases.filter((c) => c.state === 'quality-assured').length;
    const submitted = cases.filter((c) => c.state === 'submitted').length;
    const started = cases.filter((c) => c.state !== 'not-started').length;
    const judgementCount = judgementStandards(fw).length;
    // A new inspection's report has not been started: nothing it is made from has been recorded yet.
    const nothingRecorded = started === 0 && !(evidence?.length) && !(judgements?.length);
    const sampleWords = [`${byDomain(2)} court`, `${byDomain(3)} out-of-court`, ...(byDomain(4) ? [`${byDomain(4)} resettlement`] : [])].join(', ');
    const confirmedPlan = plans?.find((p) => p.state === 'confirmed');
    const proposals = plans?.filter((p) => p.state === 'proposed').length ?? 0;
    const samplingTask = plans === null ? [] : [{
      title: { text: 'Draw the case sample' },
      href: `${base}/sampling`,
      hint: {
        text: confirmedPlan ? `Confirmed from ${confirmedPlan.fileName}`
          : proposals ? `${proposals} ${proposals === 1 ? 'proposal' : 'proposals'} to review and confirm`
          // Cases added another way (the API, or the demo) are the sample: drawing one here is optional.
          : cases.length ? `${cases.length} cases were added without drawing a sample here`
          : 'Upload the population of cases and draw a stratified sample',
      },
      status: confirmedPlan || (cases.length && !proposals) ? done : proposals ? inProgress : inspection.phase === 'published' ? cannotStart : notStarted,
    }];
    // The person's own work first: what was returned to them, what is assigned to them.
    const mine = cases.filter((c) => c.assessorId === user.id);
    const returnedToMe = mine.filter((c) => workState(c) === 'returned').length;
    const openMine = mine.filter((c) => !['submitted', 'quality-assured', 'withdrawn'].includes(workState(c))).length;
    const workTask = mine.length ? [{
      title: { text: 'My work' },
      href: `${base}/my-work`,
      hint: { text: `${mine.length} ${mine.length === 1 ? 'case' : 'cases'} assigned to you${returnedToMe ? `; ${returnedToMe} returned to you` : ''}${openMine ? `; ${openMine} to finish` : ''}` },
      status: returnedToMe ? { tag: { text: 'Returned', classes: 'govuk-tag--orange' } } : openMine ? inProgress : done,
    }] : [];
    const tasks = [
      ...workTask,
      ...samplingTask,
      { title: { text: services.auth.reads(user, inspection, 'case.read') === 'own' ? 'Cases assigned to you' : 'Case sample' }, href: `${base}/cases`, hint: { text: `${inSample} cases: ${sampleWords}${withdrawn ? `; ${withdrawn} withdrawn` : ''}` }, status: cases.length ? done : notStarted },
      {
        title: { text: 'Case assessments' },
        // Those who quality assure go straight to the cases waiting for them.
        href: submitted && may(ctx, user, inspection, 'case.quality-assure') ? `${base}/cases?state=submitted` : `${base}/cases`,
        hint: { text: `${qa} of ${inSample} quality assured; ${submitted} waiting for quality assurance${unfinishedCases.length ? `; ${unfinishedCases.length} not yet submitted` : ''}` },
        status: inSample && qa === inSample ? done : started ? inProgress : cases.length ? notStarted : cannotStart,
      },
      // A case audit has no domain 1 and no ratings panel: its ratings are its results.
      ...(evidence && !audit ? [{
        title: { text: 'Domain 1 evidence and judgements' },
        href: `${base}/evidence`,
        hint: { text: `${evidence.length} evidence ${evidence.length === 1 ? 'item' : 'items'}; ${judgements.length} of ${judgementCount} judgements recorded` },
        status: judgements.length >= judgementCount ? done : evidence.length || judgements.length ? inProgress : notStarted,
      }] : []),
      ...(ratings && audit ? [{
        title: { text: 'Results' },
        href: `${base}/ratings`,
        hint: { text: unfinishedCases.length ? `${unfinishedCases.length} ${unfinishedCases.length === 1 ? 'case is' : 'cases are'} not yet submitted or withdrawn; compared with earlier audits of this framework` : 'Each key question, compared with earlier audits of this framework' },
        status: unfinishedCases.length ? inProgress : done,
      }] : []),
      ...(ratings && !audit ? [{
        title: { text: 'Ratings panel' },
        href: `${base}/ratings`,
        hint: {
          text: unfinishedCases.length ? `Waiting for case work: ${unfinishedCases.length} ${unfinishedCases.length === 1 ? 'case is' : 'cases are'} not yet submitted or withdrawn`
            : !ratings.complete ? `${ratings.missing.length} counted standards not yet rated`
            : undecided.length ? `Score ${ratings.score}/${ratings.maxScore}; discretion to decide on ${undecided.join(', ')}`
            : `Score ${ratings.score}/${ratings.maxScore}: ${ratings.overall}`,
        },
        status: unfinishedCases.length ? cannotStart : ratings.complete && !undecided.length ? done : inProgress,
      }] : []),
      ...(report ? [{
        title: { text: 'Report' },
        href: `${base}/report`,
        // The report module's own verdict: draft (with what is missing) or complete.
        hint: {
          text: report.kind === 'unusable'
            ? `Cannot be produced: ${report.problems.length} ${report.problems.length === 1 ? 'problem' : 'problems'} in the data`
            : report.draft ? `Draft: ${report.gaps.length} ${report.gaps.length === 1 ? 'part' : 'parts'} missing` : 'Complete: ready to download',
        },
        status: inspection.phase === 'published' ? published
          : report.kind === 'unusable' ? cannotStart
          : report.draft ? (nothingRecorded ? notStarted : inProgress) : done,
      }] : []),
    ];
    const summary = [
      ...(audit ? [{ key: { text: 'Kind' }, value: { text: `Case audit: no domain 1 and no ratings panel; ${inspection.publishes ? 'its report is published at the end' : 'not published'}` } }] : []),
      { key: { text: 'Framework' }, value: { html: `<a class="govuk-link" href="/frameworks/${encodeURIComponent(inspection.frameworkVersion)}">${escapeHtml(fw.title)}</a> (${escapeHtml(inspection.frameworkVersion)})` } },
      {
        key: { text: 'Phase' },
        value: { text: PHASE_LABELS[inspection.phase] ?? inspection.phase },
        // Only the lead moves the phase, and never after publishing (the service refuses it too).
        ...(may(ctx, user, inspection, 'inspection.change-phase') && nextPhases(inspection).length
          ? { actions: { items: [{ href: `${base}/phase`, text: 'Change', visuallyHiddenText: 'the phase' }] } }
          : {}),
      },
      {
        key: { text: 'Fieldwork' },
        value: { text: inspection.fieldworkStart ? `${formatDate(inspection.fieldworkStart)}${inspection.fieldworkEnd ? ` to ${formatDate(inspection.fieldworkEnd)}` : ''}` : 'Not set' },
        ...(may(ctx, user, inspection, 'inspection.edit-details')
          ? { actions: { items: [{ href: `${base}/details`, text: 'Change', visuallyHiddenText: 'the title and fieldwork dates' }] } }
          : {}),
      },
      ...(members ? [{ key: { text: 'Team' }, value: { html: `<a class="govuk-link" href="${base}/team" id="team-link">${members.length} ${members.length === 1 ? 'person' : 'people'} with a role</a>` } }] : []),
      { key: { text: 'Your roles' }, value: { text: rolesOn(user, inspectionId).map((r) => ROLE_LABELS[r] ?? r).join(', ') || (user.isAdmin ? 'None (you see it as the site administrator; give roles from Accounts)' : 'None') } },
    ];
    // Double marking: for the team, and for anyone who may be named a second marker (their own markings).
    if (opensModeration(ctx, user, inspection)) {
      summary.push({ key: { text: 'Double marking' }, value: { html: `<a class="govuk-link" href="${base}/moderation" id="moderation-link">Double marking (moderation)</a>` } });
    }
    const moved = request.query.moved;
    return page(ctx, request, reply, 'pages/inspection.njk', {
      pageTitle: inspection.title,
      ...(moved && moved === inspection.phase ? { flash: `The inspection moved to ${(PHASE_LABELS[moved] ?? moved).toLowerCase()}` } : {}),
      ...(request.query.created === '1' ? { flash: 'The inspection was created' } : {}),
      ...(request.query.changed === '1' ? { flash: 'The title and fieldwork dates were saved' } : {}),
      ...(request.query.restored === '1' ? { flash: 'The inspection was restored to the list' } : {}),
      published: inspection.phase === 'published',
      archivedOn: inspection.archivedAt ? formatDate(inspection.archivedAt.slice(0, 10)) : null,
      removeHref: may(ctx, user, inspection, 'inspection.archive') ? `${base}/remove` : null,
      inspection,
      tasks,
      summary,
      navigation: inspectionNav(inspectionId, 'overview'),
      breadcrumbs: [{ text: 'Inspections', href: '/inspections' }],
    });
  });
}
