/**
 * The sampling screens as one Fastify plugin: upload the eligible population (CSV or XLSX), review the
 * proposed sample with its sizes, working and comparison chart, override a size with a reason, and confirm —
 * which creates the inspection's cases (pseudonymous refs and classifications only) through the services.
 * Register it next to the web plugin: `buildApp({ store, config }, { plugins: [webPlugin, samplingPlugin] })`.
 */
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import multipart from '@fastify/multipart';
import nunjucks from 'nunjucks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  comparisonChartSpec,
  DOMAIN_LABELS,
  drawSample,
  SAMPLING_DOMAINS,
  VARIABLES,
  type PopulationCase,
  type SampleResult,
  type SamplingDomain,
} from '../../core/sampling/index.js';
import { parsePopulationCsv } from '../../population/csv.js';
import { PopulationFileError, formatIssue } from '../../population/rows.js';
import { GOVUK_DIR, MOJ_DIR, PACKAGE_ROOT, VIEWS_DIR } from '../paths.js';
import { renderPage } from '../render.js';
import { can, formBody, signedIn } from '../routes/common.js';
import { servicesOf, type User, type WebServices } from '../services.js';
import { formatDate, ORGANISATION_NAME, SERVICE_NAME } from '../views.js';
import { ProposalStore, type Proposal } from './proposals.js';
import { toCaseInput } from './to-cases.js';

const MAX_FILE_BYTES = 10 * 1024 * 1024;

function viewEnvironment(): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([join(PACKAGE_ROOT, 'src', 'web', 'sampling', 'views'), VIEWS_DIR, GOVUK_DIR, MOJ_DIR]);
  const env = new nunjucks.Environment(loader, { autoescape: true, trimBlocks: true, lstripBlocks: true });
  env.addGlobal('serviceName', SERVICE_NAME);
  env.addGlobal('organisationName', ORGANISATION_NAME);
  env.addFilter('date', formatDate);
  return env;
}

interface UploadValues {
  seed: string;
  confidence: string;
  margin: string;
  fieldwork: string;
}

export async function samplingPlugin(app: FastifyInstance): Promise<void> {
  const env = viewEnvironment();
  const proposals = new ProposalStore();
  const services = (): WebServices => servicesOf(app);
  await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10 } });

  // A multipart body is read after the CSRF check, so the upload form sends its token in the query string.
  app.addHook('onRequest', async (request) => {
    const token = (request.query as Record<string, unknown> | undefined)?._csrf;
    if (request.method === 'POST' && request.headers['content-type']?.startsWith('multipart/form-data') && typeof token === 'string') {
      request.headers['x-csrf-token'] = token;
    }
  });

  const base = (id: string): string => `/inspections/${encodeURIComponent(id)}`;

  async function leadOnly(request: FastifyRequest, reply: FastifyReply): Promise<{ user: User; inspectionId: string; inspection: Awaited<ReturnType<WebServices['inspections']['get']>> } | null> {
    const user = signedIn(request, reply);
    if (!user) return null;
    const { inspectionId } = request.params as { inspectionId: string };
    const inspection = await services().inspections.get(user, inspectionId);
    if (!can(user, inspectionId, 'lead-inspector')) {
      renderPage(env, request, reply, 'pages/error.njk', { pageTitle: 'You do not have permission to do this', heading: 'You do not have permission to do this', lines: ['Only the lead inspector draws the case sample.'] }, 403);
      return null;
    }
    return { user, inspectionId, inspection };
  }

  function uploadPage(request: FastifyRequest, reply: FastifyReply, ctx: { inspectionId: string; inspection: { title: string } }, values: UploadValues, errors: { text: string; href: string }[], fieldErrors: Record<string, string>, fileProblems: string[] = []): FastifyReply {
    return renderPage(env, request, reply, 'sampling-upload.njk', {
      pageTitle: 'Draw the case sample',
      inspection: ctx.inspection,
      baseUrl: base(ctx.inspectionId),
      backLink: base(ctx.inspectionId),
      values,
      errors,
      fieldErrors,
      fileProblems,
    }, errors.length ? 400 : 200);
  }

  app.get('/inspections/:inspectionId/sampling', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    return uploadPage(request, reply, ctx, { seed: String(randomInt(1, 1_000_000_000)), confidence: '80', margin: '5', fieldwork: ctx.inspection.fieldworkStart ?? '' }, [], {});
  });

  app.post('/inspections/:inspectionId/sampling', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    const values: UploadValues = { seed: '', confidence: '80', margin: '5', fieldwork: '' };
    let file: { name: string; data: Buffer } | null = null;
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.filename && data.length > 0) file = { name: part.filename, data };
      } else if (part.fieldname in values) {
        values[part.fieldname as keyof UploadValues] = String(part.value ?? '').trim();
      }
    }
    const problems: [string, string][] = [];
    if (!/^\d{1,15}$/.test(values.seed)) problems.push(['seed', 'Enter the seed as a whole number, for example 20261102']);
    const confidence = Number(values.confidence), margin = Number(values.margin);
    if (!(confidence > 0 && confidence < 100)) problems.push(['confidence', 'Enter a confidence level between 0 and 100, for example 80']);
    if (!(margin > 0 && margin < 100)) problems.push(['margin', 'Enter a margin of error between 0 and 100, for example 5']);
    if (values.fieldwork !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(values.fieldwork)) problems.push(['fieldwork', 'Enter the fieldwork date as YYYY-MM-DD, or leave it empty if the file holds only eligible cases']);
    if (!file) problems.push(['population', 'Choose the population file (CSV or XLSX)']);
    let cases: readonly PopulationCase[] = [];
    let fileProblems: string[] = [];
    if (file) {
      try {
        cases = /\.xlsx$/i.test(file.name) || (file.data[0] === 0x50 && file.data[1] === 0x4b)
          ? await (await import('../../population/xlsx.js')).parsePopulationXlsx(file.data, file.name)
          : parsePopulationCsv(file.data.toString('utf8'), file.name);
      } catch (err) {
        if (!(err instanceof PopulationFileError)) throw err;
        fileProblems = err.issues.map(formatIssue);
        problems.push(['population', `${file.name} was refused and nothing was imported: ${err.issues.length} ${err.issues.length === 1 ? 'problem' : 'problems'} listed below`]);
      }
    }
    const options = { seed: Number(values.seed), framework: ctx.inspection.frameworkVersion, confidence, margin, ...(values.fieldwork ? { fieldwork: values.fieldwork } : {}) };
    if (problems.length === 0) {
      try {
        drawSample(cases, options);
      } catch (err) {
        problems.push(['population', (err as Error).message]);
      }
    }
    if (problems.length > 0) {
      return uploadPage(request, reply, ctx, values, problems.map(([f, m]) => ({ text: m, href: `#${f}` })), Object.fromEntries(problems), fileProblems);
    }
    const p = proposals.add({ inspectionId: ctx.inspectionId, userId: ctx.user.id, fileName: file!.name, cases, options });
    return reply.redirect(`${base(ctx.inspectionId)}/sampling/${p.id}`, 303);
  });

  function proposalOf(request: FastifyRequest, ctx: { user: User; inspectionId: string }): Proposal {
    const { proposalId } = request.params as { proposalId: string };
    const p = proposals.get(proposalId, ctx.inspectionId, ctx.user.id);
    if (!p) throw Object.assign(new Error('This proposed sample has expired or was already confirmed. Upload the population again.'), { statusCode: 404 });
    return p;
  }

  const draw = (p: Proposal): SampleResult => drawSample(p.cases, { ...p.options, overrides: p.overrides });

  function reviewPage(request: FastifyRequest, reply: FastifyReply, ctx: { inspectionId: string; inspection: { title: string } }, p: Proposal, result: SampleResult, errors: { text: string; href: string }[] = [], fieldErrors: Record<string, string> = {}, values: Record<string, string> = {}): FastifyReply {
    const label = (id: string): string => VARIABLES.find((v) => v.id === id)?.label ?? id;
    const caseRow = (c: SampleResult['sample'][number] | SampleResult['reserve'][number]): { text: string }[] =>
      [c.ref, DOMAIN_LABELS[c.domain], c.disposalType, c.gender, c.ageBand, c.ethnicity, c.riskOfSeriousHarm, c.safetyAndWellbeing].map((text) => ({ text }));
    const domains = result.sizes.domains;
    return renderPage(env, request, reply, 'sampling-review.njk', {
      pageTitle: 'Review the proposed sample',
      inspection: ctx.inspection,
      baseUrl: `${base(ctx.inspectionId)}/sampling/${p.id}`,
      backLink: `${base(ctx.inspectionId)}/sampling`,
      fileName: p.fileName,
      seed: p.options.seed,
      parameters: result.sizes.parameters,
      fieldwork: result.fieldwork,
      combined: result.sizes.combined,
      domains: domains.map((d) => ({ ...d, label: DOMAIN_LABELS[d.domain] })),
      excluded: result.excluded,
      caseHead: ['Reference', 'Domain', 'Disposal type', 'Gender', 'Age', 'Ethnicity', 'Risk of serious harm', 'Safety and wellbeing'].map((text) => ({ text })),
      sampleRows: result.sample.map(caseRow),
      reserveRows: result.reserve.map((c) => [{ text: String(c.rank) }, ...caseRow(c)]),
      comparisonRows: result.comparison.map((r) => [
        { text: DOMAIN_LABELS[r.domain] }, { text: label(r.variable) }, { text: r.category },
        { text: String(r.population), format: 'numeric' }, { text: `${r.populationPercent}%`, format: 'numeric' },
        { text: String(r.sample), format: 'numeric' }, { text: `${r.samplePercent}%`, format: 'numeric' },
        { text: r.withinOne ? 'Yes' : 'No' },
      ]),
      domainItems: SAMPLING_DOMAINS.filter((d) => domains.some((x) => x.domain === d)).map((d) => ({ value: d, text: DOMAIN_LABELS[d], selected: values.domain === d })),
      values,
      errors,
      fieldErrors,
    }, errors.length ? 400 : 200);
  }

  app.get('/inspections/:inspectionId/sampling/:proposalId', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    const p = proposalOf(request, ctx);
    return reviewPage(request, reply, ctx, p, draw(p));
  });

  app.get('/inspections/:inspectionId/sampling/:proposalId/chart.svg', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    const result = draw(proposalOf(request, ctx));
    const { renderChartSvg } = await import('../../population/chart.js');
    return reply.type('image/svg+xml').header('cache-control', 'no-store').send(await renderChartSvg(comparisonChartSpec(result.comparison)));
  });

  app.post('/inspections/:inspectionId/sampling/:proposalId/override', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    const p = proposalOf(request, ctx);
    const body = formBody(request);
    const domain = SAMPLING_DOMAINS.find((d) => d === body.domain);
    const problems: [string, string][] = [];
    if (!domain) problems.push(['domain', 'Choose the domain whose sample size you are changing']);
    if (!/^\d{1,6}$/.test(body.sample ?? '')) problems.push(['sample', 'Enter the number of cases as a whole number']);
    if (!(body.reason ?? '').trim()) problems.push(['reason', 'Enter the reason for changing the sample size; it is recorded with the sample']);
    if (problems.length === 0) {
      const overrides = [...p.overrides.filter((o) => o.domain !== domain), { domain: domain as SamplingDomain, sample: Number(body.sample), reason: body.reason!.trim() }];
      try {
        drawSample(p.cases, { ...p.options, overrides });
        p.overrides = overrides;
        return reply.redirect(`${base(ctx.inspectionId)}/sampling/${p.id}`, 303);
      } catch (err) {
        problems.push(['sample', (err as Error).message]);
      }
    }
    return reviewPage(request, reply, ctx, p, draw(p), problems.map(([f, m]) => ({ text: m, href: `#${f}` })), Object.fromEntries(problems), body);
  });

  app.post('/inspections/:inspectionId/sampling/:proposalId/confirm', async (request, reply) => {
    const ctx = await leadOnly(request, reply);
    if (!ctx) return reply;
    const p = proposalOf(request, ctx);
    const result = draw(p);
    const existing = new Set((await services().cases.list(ctx.user, ctx.inspectionId)).map((c) => c.ref));
    const clash = result.sample.filter((c) => existing.has(c.ref)).map((c) => c.ref);
    if (clash.length > 0) {
      const text = `These references are already in the inspection's sample, so nothing was added: ${clash.join(', ')}`;
      return reviewPage(request, reply, ctx, p, result, [{ text, href: '#confirm' }]);
    }
    for (const c of result.sample) await services().cases.create(ctx.user, ctx.inspectionId, toCaseInput(c));
    proposals.delete(p.id);
    return reply.redirect(`${base(ctx.inspectionId)}/cases`, 303);
  });
}
