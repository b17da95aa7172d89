/**
 * The sampling screens as one Fastify plugin: upload the eligible population (CSV or XLSX), review the
 * proposed sample with its sizes, working and comparison chart, override a size with a reason, confirm —
 * which creates the inspection's cases in one transaction — and replace a confirmed case that cannot be
 * inspected. Plans live in the store (src/sampling-store), so a restart loses nothing.
 * A journey of the web plugin like the others (webPlugin registers it), in its own scope for the multipart parser.
 */
import { getFramework, hasCaseDomain } from '../../core/framework/index.js';
import { randomInt } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  comparisonChartSpec,
  DOMAIN_LABELS,
  SAMPLING_DOMAINS,
  VARIABLES,
  type PopulationCase,
  type SampleResult,
} from '../../core/sampling/index.js';
import { PopulationFileError, PopulationLimitError, formatIssue } from '../../population/rows.js';
import { megabytes, parsePopulationUpload, POPULATION_LIMITS } from '../../population/upload.js';
import { AGE_BANDS, COURT_DISPOSALS, ETHNICITIES, GENDERS, LEVELS, OUT_OF_COURT_DISPOSALS, type PlanParameters, type SamplingPlan, type SamplingService } from '../../app/index.js';
import { codeLabel } from '../labels.js';
import { renderPage } from '../render.js';
import type { SignedInRequest, WebRequest } from '../route.js';
import { formBody, formErrors, holds, inScope, isValidation, may, validationErrors, type RouteContext } from '../routes/common.js';
import type { User, WebServices } from '../services.js';
import { formatDateTime } from '../views.js';
import { dateAnchor, dateBoxes, readDate } from '../date-input.js';
import { isUpload, readMultipart, type UploadedFile } from '../multipart.js';

// Well over the reader's limit, so that a file a few times too large still gets the field's message
// ("must be smaller than 10 MB"), not the bare 413 page.
const MAX_FILE_BYTES = POPULATION_LIMITS.maxFileBytes * 4;

type UploadValues = {
  seed: string;
  confidence: string;
  margin: string;
  'fieldwork-day'?: string;
  'fieldwork-month'?: string;
  'fieldwork-year'?: string;
};

const FIELDWORK = { name: 'fieldwork', label: 'First day of fieldwork' };
const uploadAnchor = dateAnchor(['fieldwork']);

type Errors = { text: string; href: string }[];

/** The upload form as the multipart reader gives it: text fields, and the population file if one was chosen. */
const uploadForm = z.object({
  seed: z.string().optional().catch(undefined),
  confidence: z.string().optional().catch(undefined),
  margin: z.string().optional().catch(undefined),
  'fieldwork-day': z.string().optional().catch(undefined),
  'fieldwork-month': z.string().optional().catch(undefined),
  'fieldwork-year': z.string().optional().catch(undefined),
  population: z.custom<UploadedFile>(isUpload).optional().catch(undefined),
});

type PlanRequest = WebRequest<{ inspectionId: string; planId: string }>;

export async function samplingRoutes(ctx: RouteContext): Promise<void> {
  await inScope(ctx, samplingJourney);
}

function samplingJourney({ app, env, services: all, signedIn }: RouteContext): void {
  const services = (): WebServices => all;
  const sampling: SamplingService = all.sampling;
  // The whole form is parsed before the server's CSRF check, so the token travels in the body like any form's.
  readMultipart(app, MAX_FILE_BYTES);

  const base = (id: string): string => `/inspections/${encodeURIComponent(id)}`;
  const planUrl = (inspectionId: string, planId: string): string => `${base(inspectionId)}/sampling/${encodeURIComponent(planId)}`;

  type Context = { user: User; inspectionId: string; inspection: Awaited<ReturnType<WebServices['inspections']['get']>> };

  async function leadOnly(request: SignedInRequest<{ inspectionId: string }>, reply: FastifyReply): Promise<Context | null> {
    const { user } = request;
    const { inspectionId } = request.params;
    const inspection = await services().inspections.get(user, inspectionId);
    // Someone who may not see where the inspection stands (a local assessor) is not told the sample's pages exist.
    services().auth.requireRead(user, inspection, 'workflow.read', `No sampling plans in inspection ${inspectionId}`);
    // Someone who may not see the sampling plans gets the one 404 page, as for any page not theirs to see.
    if (!may({ services: services() }, user, inspection, 'sampling.read')) throw Object.assign(new Error('Not found'), { statusCode: 404 });
    if (!holds({ services: services() }, user, inspectionId, 'sampling.write')) {
      renderPage(env, request, reply, 'pages/error.njk', { pageTitle: 'You do not have permission to do this', heading: 'You do not have permission to do this', lines: ['Only the lead inspector draws the case sample.'] }, 403);
      return null;
    }
    // After publication the sample may be looked at, but nothing can be drawn or changed.
    if (inspection.phase === 'published' && request.method !== 'GET') {
      renderPage(env, request, reply, 'pages/error.njk', { pageTitle: 'You cannot change this', heading: 'You cannot change this', lines: ['The inspection is published: everything is read-only.'] }, 403);
      return null;
    }
    return { user, inspectionId, inspection };
  }

  async function uploadPage(request: WebRequest, reply: FastifyReply, ctx: Context, values: UploadValues, errors: Errors, fieldErrors: Record<string, string>, fileProblems: string[] = []): Promise<FastifyReply> {
    const plans = await sampling.list(ctx.user, ctx.inspectionId);
    return renderPage(env, request, reply, 'sampling-upload.njk', {
      pageTitle: 'Draw the case sample',
      inspection: ctx.inspection,
      baseUrl: base(ctx.inspectionId),
      backLink: base(ctx.inspectionId),
      plans: plans.map((p) => ({ ...p, url: planUrl(ctx.inspectionId, p.id) })),
      discarded: request.query.discarded === '1',
      discardedSample: request.query.discarded === 'sample',
      values,
      errors,
      fieldErrors,
      fileProblems,
      fileLimit: megabytes(POPULATION_LIMITS.maxFileBytes),
    }, errors.length ? 400 : 200);
  }

  signedIn.get('/inspections/:inspectionId/sampling', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    const confirmed = (await sampling.list(ctx.user, ctx.inspectionId)).find((p) => p.state === 'confirmed');
    if (confirmed) return reply.redirect(planUrl(ctx.inspectionId, confirmed.id), 303);
    if (ctx.inspection.phase === 'published') {
      return renderPage(env, request, reply, 'pages/error.njk', { pageTitle: 'No case sample', heading: 'No case sample', lines: ['The inspection is published without a sample drawn here: everything is read-only.'] }, 403);
    }
    return uploadPage(request, reply, ctx, { seed: String(randomInt(1, 1_000_000_000)), confidence: '80', margin: '5', ...dateBoxes('fieldwork', ctx.inspection.fieldworkStart) }, [], {});
  });

  signedIn.post('/inspections/:inspectionId/sampling', { body: uploadForm }, async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    const body = request.body;
    const field = (name: keyof UploadValues): string => body[name]?.trim() ?? '';
    const values: UploadValues = {
      seed: field('seed'), confidence: field('confidence'), margin: field('margin'),
      'fieldwork-day': field('fieldwork-day'), 'fieldwork-month': field('fieldwork-month'), 'fieldwork-year': field('fieldwork-year'),
    };
    const fieldwork = readDate(values, FIELDWORK);
    const upload = body.population;
    const file = upload && upload.name && upload.data.length > 0 ? upload : null;
    const problems: [string, string][] = [];
    if (!/^\d{1,15}$/.test(values.seed)) problems.push(['seed', 'Enter the seed as a whole number, for example 20261102']);
    const confidence = Number(values.confidence), margin = Number(values.margin);
    if (!(confidence > 0 && confidence < 100)) problems.push(['confidence', 'Enter a confidence level between 0 and 100, for example 80']);
    if (!(margin > 0 && margin < 100)) problems.push(['margin', 'Enter a margin of error between 0 and 100, for example 5']);
    if (fieldwork.problem) problems.push(['fieldwork', fieldwork.problem]);
    if (!file) problems.push(['population', 'Select the population file (CSV or XLSX)']);
    let cases: readonly PopulationCase[] = [];
    let fileProblems: string[] = [];
    if (file) {
      try {
        cases = await parsePopulationUpload(file.data, file.name);
      } catch (err) {
        if (!(err instanceof PopulationFileError)) throw err;
        if (err instanceof PopulationLimitError) problems.push(['population', err.fieldMessage]);
        else {
          fileProblems = err.issues.map(formatIssue);
          problems.push(['population', `${file.name} was refused and nothing was imported: ${err.issues.length} ${err.issues.length === 1 ? 'problem' : 'problems'} listed below`]);
        }
      }
    }
    if (problems.length === 0) {
      const parameters: PlanParameters = { seed: Number(values.seed), confidence, margin, ...(fieldwork.iso ? { fieldwork: fieldwork.iso } : {}) };
      try {
        const plan = await sampling.propose(ctx.user, ctx.inspectionId, { fileName: file!.name, cases, parameters });
        return reply.redirect(planUrl(ctx.inspectionId, plan.id), 303);
      } catch (err) {
        if (!isValidation(err)) throw err;
        for (const f of err.fields) problems.push([f.field.startsWith('cases') ? 'population' : (f.field.split('.').pop() ?? 'population'), f.message]);
      }
    }
    const errors = problems.map(([f, m]) => ({ text: m, href: `#${uploadAnchor(f)}` }));
    return uploadPage(request, reply, ctx, values, errors, Object.fromEntries([...problems].reverse()), fileProblems);
  });

  const planOf = async (request: PlanRequest, ctx: Context): Promise<SamplingPlan> =>
    sampling.get(ctx.user, ctx.inspectionId, request.params.planId);

  function reviewPage(request: PlanRequest, reply: FastifyReply, ctx: Context, plan: SamplingPlan, errors: Errors = [], fieldErrors: Record<string, string> = {}, values: Record<string, string> = {}): FastifyReply {
    const result: SampleResult = plan.result;
    const label = (id: string): string => VARIABLES.find((v) => v.id === id)?.label ?? id;
    const replacedBy = new Map(plan.replacements.map((r) => [r.added, r.removed]));
    // A case reference never breaks across lines.
    const refCell = (text: string): { text: string; classes: string } => ({ text, classes: 'app-nowrap' });
    const caseRow = (c: SampleResult['sample'][number] | SampleResult['reserve'][number]): { text: string; classes?: string }[] =>
      [refCell(c.ref), ...[DOMAIN_LABELS[c.domain], c.disposalType, c.gender, c.ageBand, c.ethnicity, c.riskOfSeriousHarm, c.safetyAndWellbeing].map((text) => ({ text }))];
    const domains = result.sizes.domains;
    const confirmed = plan.state === 'confirmed';
    // After a change: what it was, from the plan itself (the last override or replacement).
    const done = errors.length ? undefined : request.query.done;
    const lastOverride = plan.overrides.at(-1);
    const lastReplacement = plan.replacements.at(-1);
    const flash = done === 'size' && lastOverride ? `The ${DOMAIN_LABELS[lastOverride.domain].toLowerCase()} sample was changed from ${lastOverride.from} to ${lastOverride.sample} cases`
      : done === 'replaced' && lastReplacement ? `Case ${lastReplacement.removed} was replaced by ${lastReplacement.added} from the reserve list`
      : undefined;
    return renderPage(env, request, reply, 'sampling-review.njk', {
      ...(flash ? { flash } : {}),
      discarded: plan.state === 'discarded',
      addCaseUrl: `${base(ctx.inspectionId)}/sampling/add-case`,
      pageTitle: confirmed ? 'The case sample' : 'Review the proposed sample',
      readOnly: ctx.inspection.phase === 'published',
      inspection: ctx.inspection,
      plan,
      confirmed,
      baseUrl: planUrl(ctx.inspectionId, plan.id),
      backLink: confirmed ? base(ctx.inspectionId) : `${base(ctx.inspectionId)}/sampling`,
      casesUrl: `${base(ctx.inspectionId)}/cases`,
      parameters: result.sizes.parameters,
      fieldwork: result.fieldwork,
      combined: result.sizes.combined,
      domains: domains.map((d) => ({ ...d, label: DOMAIN_LABELS[d.domain] })),
      excluded: result.excluded,
      caseHead: ['Reference', 'Domain', 'Disposal type', 'Gender', 'Age', 'Ethnicity', 'Risk of serious harm', 'Safety and wellbeing'].map((text) => ({ text })),
      sampleRows: result.sample.map((c) => {
        const row = caseRow(c);
        const was = replacedBy.get(c.ref);
        return was ? [{ text: `${c.ref} (replaces ${was})` }, ...row.slice(1)] : row;
      }),
      reserveRows: result.reserve.map((c) => [{ text: String(c.rank) }, ...caseRow(c)]),
      comparisonRows: result.comparison.map((r) => [
        { text: DOMAIN_LABELS[r.domain] }, { text: label(r.variable) }, { text: r.category },
        { text: String(r.population), format: 'numeric' }, { text: `${r.populationPercent}%`, format: 'numeric' },
        { text: String(r.sample), format: 'numeric' }, { text: `${r.samplePercent}%`, format: 'numeric' },
        { text: r.withinOne ? 'Yes' : 'No' },
      ]),
      overrideRows: plan.overrides.map((o) => [
        { text: DOMAIN_LABELS[o.domain] }, { text: `${o.from} to ${o.sample}` }, { text: o.reason }, { text: o.by ?? 'unknown' }, { text: formatDateTime(o.at) },
      ]),
      replacementRows: plan.replacements.map((r) => [
        refCell(r.removed), refCell(r.added), { text: DOMAIN_LABELS[r.domain] }, { text: r.reason }, { text: r.by ?? 'unknown' }, { text: formatDateTime(r.at) },
      ]),
      domainItems: SAMPLING_DOMAINS.filter((d) => domains.some((x) => x.domain === d)).map((d) => ({ value: d, text: DOMAIN_LABELS[d], selected: values.domain === d })),
      refItems: [{ value: '', text: 'Choose a case' }, ...result.sample.map((c) => ({ value: c.ref, text: `${c.ref} (${DOMAIN_LABELS[c.domain]})`, selected: values.ref === c.ref }))],
      values,
      errors,
      fieldErrors,
    }, errors.length ? 400 : 200);
  }

  /** Run a change; a validation or conflict problem comes back as the review page with its messages. */
  async function change(request: PlanRequest, reply: FastifyReply, ctx: Context, done: 'size' | 'replaced', fieldFor: (f: string) => string, precheck: (body: Record<string, string>) => [string, string][], action: (body: Record<string, string>) => Promise<unknown>): Promise<FastifyReply> {
    const body = formBody(request);
    const problems = precheck(body);
    if (problems.length > 0) {
      const { errors, fieldErrors } = formErrors(problems);
      return reviewPage(request, reply, ctx, await planOf(request, ctx), errors, fieldErrors, body);
    }
    try {
      await action(body);
      return reply.redirect(`${planUrl(ctx.inspectionId, request.params.planId)}?done=${done}`, 303);
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (!isValidation(err) && status !== 409) throw err;
      const { errors, fieldErrors } = isValidation(err)
        ? validationErrors(err, fieldFor)
        : { errors: [{ text: (err as Error).message, href: '#main-content' }], fieldErrors: {} };
      const keyed = Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [fieldFor(k), v]));
      return reviewPage(request, reply, ctx, await planOf(request, ctx), errors, keyed, body);
    }
  }

  signedIn.get('/inspections/:inspectionId/sampling/:planId', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    return reviewPage(request, reply, ctx, await planOf(request, ctx));
  });

  signedIn.get('/inspections/:inspectionId/sampling/:planId/chart.svg', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    const { result } = await planOf(request, ctx);
    const { renderChartSvg } = await import('../../population/chart.js');
    return reply.type('image/svg+xml').header('cache-control', 'no-store').send(await renderChartSvg(comparisonChartSpec(result.comparison)));
  });

  signedIn.post('/inspections/:inspectionId/sampling/:planId/override', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    const { planId } = request.params;
    const precheck = (body: Record<string, string>): [string, string][] => [
      ...(SAMPLING_DOMAINS.some((d) => d === body.domain) ? [] : [['domain', 'Choose the domain whose sample size you are changing'] as [string, string]]),
      ...(/^\d{1,6}$/.test(body.sample ?? '') ? [] : [['sample', 'Enter the number of cases as a whole number'] as [string, string]]),
      ...((body.reason ?? '').trim() ? [] : [['reason', 'Enter the reason for changing the sample size; it is recorded with the sample'] as [string, string]]),
    ];
    return change(request, reply, ctx, 'size', (f) => (f === 'version' ? 'main-content' : f), precheck, (body) =>
      sampling.override(ctx.user, ctx.inspectionId, planId, { domain: body.domain, sample: body.sample, reason: body.reason, version: body.version }));
  });

  signedIn.post('/inspections/:inspectionId/sampling/:planId/confirm', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    const { planId } = request.params;
    const body = formBody(request);
    try {
      await sampling.confirm(ctx.user, ctx.inspectionId, planId, /^\d+$/.test(body.version ?? '') ? { version: Number(body.version) } : {});
    } catch (err) {
      if (!isValidation(err) && (err as { statusCode?: number }).statusCode !== 409) throw err;
      // A proposal confirmed from a page opened before another sample was confirmed no longer exists: the
      // refusal is shown on the confirmed sample's page.
      const plan = await planOf(request, ctx).catch(async (gone: unknown) => {
        const confirmed = (gone as { statusCode?: number }).statusCode === 404 ? (await sampling.list(ctx.user, ctx.inspectionId)).find((p) => p.state === 'confirmed') : undefined;
        if (!confirmed) throw gone;
        return sampling.get(ctx.user, ctx.inspectionId, confirmed.id);
      });
      const href = plan.state === 'confirmed' ? '#confirmed-by' : '#confirm';
      const errors = isValidation(err) ? err.fields.map((f) => ({ text: f.message, href })) : [{ text: (err as Error).message, href }];
      return reviewPage(request, reply, ctx, plan, errors);
    }
    const confirmed = await sampling.get(ctx.user, ctx.inspectionId, planId);
    return reply.redirect(`${base(ctx.inspectionId)}/cases?confirmed=${confirmed.result.sample.length}`, 303);
  });

  signedIn.post('/inspections/:inspectionId/sampling/:planId/discard', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    const { planId } = request.params;
    const body = formBody(request);
    try {
      await sampling.discard(ctx.user, ctx.inspectionId, planId, /^\d+$/.test(body.version ?? '') ? { version: Number(body.version) } : {});
    } catch (err) {
      if (!isValidation(err) && (err as { statusCode?: number }).statusCode !== 409) throw err;
      const errors = isValidation(err) ? err.fields.map((f) => ({ text: f.message, href: '#discard' })) : [{ text: (err as Error).message, href: '#discard' }];
      return reviewPage(request, reply, ctx, await planOf(request, ctx), errors);
    }
    return reply.redirect(`${base(ctx.inspectionId)}/sampling?discarded=1`, 303);
  });

  signedIn.post('/inspections/:inspectionId/sampling/:planId/replace', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    const { planId } = request.params;
    const fieldFor = (f: string): string => (f === 'reason' ? 'replace-reason' : f === 'version' ? 'main-content' : f);
    const precheck = (body: Record<string, string>): [string, string][] => [
      ...(body.ref ? [] : [['ref', 'Choose the case that cannot be inspected'] as [string, string]]),
      ...((body.reason ?? '').trim() ? [] : [['replace-reason', 'Enter why the case cannot be inspected; it is recorded with the replacement'] as [string, string]]),
    ];
    return change(request, reply, ctx, 'replaced', fieldFor, precheck, (body) =>
      sampling.replace(ctx.user, ctx.inspectionId, planId, { ref: body.ref, reason: body.reason, version: body.version }));
  });

  // Discarding the confirmed sample: a confirmation page first, then the service refuses once any case has answers.
  const discardConfirmedPage = (request: WebRequest, reply: FastifyReply, ctx: Context, plan: SamplingPlan, errors: Errors = [], reason = ''): FastifyReply =>
    renderPage(env, request, reply, 'sampling-discard-confirmed.njk', {
      pageTitle: 'Discard the confirmed sample',
      inspection: ctx.inspection,
      plan,
      cases: plan.result.sample.length,
      baseUrl: planUrl(ctx.inspectionId, plan.id),
      backLink: planUrl(ctx.inspectionId, plan.id),
      errors,
      reason,
    }, errors.length ? 400 : 200);

  signedIn.get('/inspections/:inspectionId/sampling/:planId/discard-confirmed', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    return discardConfirmedPage(request, reply, ctx, await planOf(request, ctx));
  });

  signedIn.post('/inspections/:inspectionId/sampling/:planId/discard-confirmed', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    const { planId } = request.params;
    const body = formBody(request);
    try {
      await sampling.discardConfirmed(ctx.user, ctx.inspectionId, planId, { reason: body.reason ?? '', ...(/^\d+$/.test(body.version ?? '') ? { version: body.version } : {}) });
    } catch (err) {
      if (!isValidation(err) && (err as { statusCode?: number }).statusCode !== 409) throw err;
      const errors = isValidation(err)
        ? err.fields.map((f) => ({ text: f.message, href: f.field === 'reason' ? '#reason' : '#main-content' }))
        : [{ text: (err as Error).message, href: '#main-content' }];
      return discardConfirmedPage(request, reply, ctx, await planOf(request, ctx), errors, body.reason ?? '');
    }
    return reply.redirect(`${base(ctx.inspectionId)}/sampling?discarded=sample`, 303);
  });

  // Adding one case by hand (e.g. a case the population file missed), once the sample is confirmed or without one.
  const CASE_FIELDS = ['ref', 'domain', 'disposalType', 'gender', 'ageBand', 'ethnicity', 'riskOfSeriousHarm', 'safetyAndWellbeing'] as const;
  const items = (codes: readonly string[], chosen: string | undefined) => [
    { value: '', text: 'Choose' }, ...codes.map((c) => ({ value: c, text: codeLabel(c), selected: chosen === c })),
  ];
  const addCasePage = (request: WebRequest, reply: FastifyReply, ctx: Context, values: Record<string, string> = {}, errors: Errors = [], fieldErrors: Record<string, string> = {}): FastifyReply =>
    renderPage(env, request, reply, 'sampling-add-case.njk', {
      pageTitle: 'Add a case to the sample',
      inspection: ctx.inspection,
      action: `${base(ctx.inspectionId)}/sampling/add-case`,
      backLink: `${base(ctx.inspectionId)}/sampling`,
      values,
      errors,
      fieldErrors,
      domainItems: [
        { value: '', text: 'Choose' },
        // The domains the inspection's framework has cases for.
        ...[{ value: '2', text: 'Court disposals' }, { value: '3', text: 'Out-of-court disposals' }, { value: '4', text: 'Resettlement' }]
          .filter((d) => hasCaseDomain(getFramework(ctx.inspection.frameworkVersion), Number(d.value)))
          .map((d) => ({ ...d, selected: values.domain === d.value })),
      ],
      disposalItems: items([...COURT_DISPOSALS, ...OUT_OF_COURT_DISPOSALS], values.disposalType),
      genderItems: items(GENDERS, values.gender),
      ageItems: items(AGE_BANDS, values.ageBand),
      ethnicityItems: items(ETHNICITIES, values.ethnicity),
      riskItems: items(LEVELS, values.riskOfSeriousHarm),
      safetyItems: items(LEVELS, values.safetyAndWellbeing),
    }, errors.length ? 400 : 200);

  signedIn.get('/inspections/:inspectionId/sampling/add-case', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    return addCasePage(request, reply, ctx);
  });

  signedIn.post('/inspections/:inspectionId/sampling/add-case', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    const body = formBody(request);
    const values = Object.fromEntries(CASE_FIELDS.map((f) => [f, (body[f] ?? '').trim()]));
    const WORDS: Record<string, string> = {
      ref: 'Enter the case reference', domain: 'Choose the domain', disposalType: 'Choose the disposal type', gender: 'Choose the gender',
      ageBand: 'Choose the age band', ethnicity: 'Choose the ethnicity', riskOfSeriousHarm: 'Choose the risk of serious harm', safetyAndWellbeing: 'Choose the safety and wellbeing classification',
    };
    const problems: [string, string][] = CASE_FIELDS.filter((f) => !values[f]).map((f) => [f, WORDS[f]!]);
    if (problems.length === 0) {
      try {
        const c = await services().cases.create(ctx.user, ctx.inspectionId, values);
        return reply.redirect(`${base(ctx.inspectionId)}/cases/${encodeURIComponent(c.id)}`, 303);
      } catch (err) {
        if (!isValidation(err)) throw err;
        for (const f of err.fields) problems.push([CASE_FIELDS.find((x) => f.field.startsWith(x)) ?? 'ref', f.message]);
      }
    }
    const { errors, fieldErrors } = formErrors(problems);
    return addCasePage(request, reply, ctx, values, errors, fieldErrors);
  });
}
