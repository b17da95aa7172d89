/**
 * The library of published inspections as one Fastify plugin: upload a published report (PDF or text), see
 * what was read with its warnings, correct a field with a reason, list and filter the library, and
 * benchmark a report or an inspection in progress against it (table, chart as SVG, CSV).
 * A journey of the web plugin like the others (webPlugin registers it), in its own scope for the multipart parser.
 * The library's use cases (src/library) check every right; the pages only hide controls.
 */
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Benchmark, BenchmarkFilter } from '../../core/benchmark/index.js';
import { frameworkIds, isFrameworkVersion, type FrameworkVersion } from '../../core/framework/index.js';
import { intervalPercentText } from '../../core/quality/index.js';
import { benchmarkCsv, correctableFields, inspectionSubject, MAX_REPORT_BYTES, type LibraryReport } from '../../app/index.js';
import { ConflictError, ValidationError } from '../../app/index.js';
import { renderPage } from '../render.js';
import { textFields, type WebRequest } from '../route.js';
import { formBody, inScope, type RouteContext } from '../routes/common.js';
import type { User } from '../services.js';
import { escapeHtml, formatDateTime, ratingTagClass } from '../views.js';

const NAV = [
  { text: 'Inspections', href: '/inspections' },
  { text: 'Library of published inspections', href: '/library', active: true },
];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "November 2020" from 2020-11; the year alone when that is all there is. */
export function formatPublished(p: string | null): string {
  if (!p) return 'Not stated';
  const [y, m] = p.split('-');
  return m ? `${MONTHS[Number(m) - 1]} ${y}` : y!;
}


/** The single value of a history before/after record, as a person reads it. */
const shown = (v: unknown): string => {
  const x = v && typeof v === 'object' ? Object.values(v)[0] : null;
  return x === null || x === undefined ? 'not stated' : String(x);
};

const num = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined ? '–' : String(Math.round(v * 10 ** digits) / 10 ** digits));

interface FilterForm {
  values: { framework: string; from: string; to: string; provider: string };
  frameworkItems: { value: string; text: string; selected: boolean }[];
  filter: BenchmarkFilter & { provider: string };
  errors: { text: string; href: string }[];
  fieldErrors: Record<string, string>;
}

/** Filters from the query string; a bad year is reported and left out rather than refusing the page. */
function readFilter(query: unknown, defaultFramework: FrameworkVersion | null): FilterForm {
  const q = (query ?? {}) as Record<string, unknown>;
  const str = (k: string): string => (typeof q[k] === 'string' ? (q[k] as string).trim() : '');
  const values = { framework: str('framework') || (defaultFramework ?? 'all'), from: str('from'), to: str('to'), provider: str('provider') };
  const errors: [string, string][] = [];
  const year = (k: 'from' | 'to'): number | null => {
    if (values[k] === '') return null;
    if (/^(19|20)\d{2}$/.test(values[k])) return Number(values[k]);
    errors.push([k, `Enter the year as four digits, for example 2021 (the ${k === 'from' ? 'first' : 'last'} year was left out)`]);
    return null;
  };
  const framework: FrameworkVersion | null = isFrameworkVersion(values.framework) ? values.framework : null;
  if (!framework) values.framework = 'all';
  const filter = { framework, yearFrom: year('from'), yearTo: year('to'), provider: values.provider };
  const frameworkItems = [{ value: 'all', text: 'All versions' }, ...frameworkIds().map((id) => ({ value: id, text: id }))]
    .map((i) => ({ ...i, selected: values.framework === i.value }));
  return { values, frameworkItems, filter, errors: errors.map(([f, m]) => ({ text: m, href: `#${f}` })), fieldErrors: Object.fromEntries(errors) };
}

const filterQuery = (v: FilterForm['values']): string => new URLSearchParams(Object.entries(v).filter(([, x]) => x !== '')).toString();

/** Whether the difference from the median is larger than the service's own interval, in words. */
function beyondWords(k: Benchmark['keyQuestions'][number]): string {
  if (!k.interval || k.beyondInterval === null) return '–';
  return k.beyondInterval ? 'Yes: outside' : 'No: within';
}

type Cell = { text: string; format?: 'numeric' };
type KqRow = Benchmark['keyQuestions'][number];

export function benchmarkView(b: Benchmark) {
  const quarterText = ['', 'top quarter', 'second quarter', 'third quarter', 'bottom quarter'];
  const names = new Map(b.standards.map((s) => [s.id, s.name]));
  const levels = [...new Set(b.keyQuestions.flatMap((k) => (k.interval ? [k.interval.confidence] : [])))];
  const numeric = (text: string): Cell => ({ text, format: 'numeric' });
  // Only the columns something fills: the library's own figures where fewer than five reports compare, the
  // quartiles, rank and quarter where five or more do, and the service's interval where its counts are known.
  const anyFew = b.keyQuestions.some((k) => k.few && k.values.length > 0);
  const anyQuartiles = b.keyQuestions.some((k) => k.quartiles !== null);
  const anyInterval = levels.length > 0;
  const all: { head: Cell; cell: (k: KqRow) => Cell; show: boolean }[] = [
    { head: { text: 'Key question' }, cell: (k) => ({ text: k.id }), show: true },
    { head: { text: 'Question' }, cell: (k) => ({ text: k.text }), show: true },
    { head: numeric('Service'), cell: (k) => numeric(num(k.percent)), show: true },
    { head: numeric(`Service’s ${levels.length === 1 ? `${levels[0]}% ` : ''}interval`), cell: (k) => numeric(k.interval ? `${intervalPercentText(k.interval.lower)}–${intervalPercentText(k.interval.upper)}` : '–'), show: anyInterval },
    { head: numeric('Reports'), cell: (k) => numeric(String(k.count)), show: true },
    // Fewer than five reports: their figures as they are, no quartiles, rank or quarter.
    { head: numeric('Library figures'), cell: (k) => numeric(k.few && k.values.length ? k.values.map((v) => num(v)).join(', ') : '–'), show: anyFew },
    { head: numeric('Rank'), cell: (k) => numeric(k.rank === null ? '–' : `${k.rank} of ${k.of}`), show: anyQuartiles },
    { head: numeric('Lowest'), cell: (k) => numeric(num(k.quartiles?.min)), show: anyQuartiles },
    { head: numeric('Lower quartile'), cell: (k) => numeric(num(k.quartiles?.q1)), show: anyQuartiles },
    { head: numeric('Median'), cell: (k) => numeric(num(k.quartiles?.median)), show: anyQuartiles },
    { head: numeric('Upper quartile'), cell: (k) => numeric(num(k.quartiles?.q3)), show: anyQuartiles },
    { head: numeric('Highest'), cell: (k) => numeric(num(k.quartiles?.max)), show: anyQuartiles },
    { head: numeric('Difference'), cell: (k) => numeric(k.difference === null ? '–' : `${k.difference > 0 ? '+' : ''}${num(k.difference)}`), show: anyQuartiles },
    { head: { text: 'Median outside the interval?' }, cell: (k) => ({ text: beyondWords(k) }), show: anyQuartiles && anyInterval },
    { head: { text: 'Quarter' }, cell: (k) => ({ text: k.quarter ? quarterText[k.quarter]! : '–' }), show: anyQuartiles },
  ];
  const columns = all.filter((c) => c.show);
  return {
    reports: b.reports,
    caution: b.caution,
    head: columns.map((c) => c.head),
    rows: b.keyQuestions.map((k) => columns.map((c) => c.cell(k))),
    differsMost: b.differsMost.map((id) => {
      const s = b.standards.find((x) => x.id === id)!;
      return `${id} ${names.get(id)}: ${s.difference! > 0 ? 'above' : 'below'} the library median by ${num(Math.abs(s.difference!))} points on average over ${s.compared} key ${s.compared === 1 ? 'question' : 'questions'}`;
    }),
    chartAlt: `Chart of ${b.keyQuestions.filter((k) => k.percent !== null).length} key questions: the percentage of ${b.subject.label} as a dot against the library's range, middle half and median for each. The same figures are in the table below.`,
  };
}

export async function libraryRoutes(ctx: RouteContext): Promise<void> {
  await inScope(ctx, libraryJourney);
}

async function libraryJourney({ app, env, services, signedIn }: RouteContext): Promise<void> {
  const library = services.library;
  await app.register(multipart, { limits: { fileSize: MAX_REPORT_BYTES, files: 1, fields: 5 } });

  // A multipart body is read after the CSRF check, so the upload form sends its token in the query string.
  app.addHook('onRequest', async (request) => {
    const token = textFields.parse(request.query)._csrf;
    if (request.method === 'POST' && request.headers['content-type']?.startsWith('multipart/form-data') && typeof token === 'string') {
      request.headers['x-csrf-token'] = token;
    }
  });

  const page = (request: FastifyRequest, reply: FastifyReply, template: string, ctx: Record<string, unknown>, status = 200): FastifyReply =>
    renderPage(env, request, reply, template, { navigation: NAV, ...ctx }, status);

  signedIn.get('/library', async (request, reply) => {
    const { user } = request;
    const f = readFilter(request.query, null);
    const reports = await library.list(user, f.filter);
    // An inspection in progress is benchmarked on its live ratings: only for those who may read them.
    const inspections = (await services.inspections.list(user)).filter((i) => services.auth.reads(user, i, 'ratings.read') !== 'none');
    return page(request, reply, 'library-list.njk', {
      pageTitle: 'Library of published inspections',
      canManage: library.canManage(user),
      ...f,
      rows: reports.map((r) => [
        { html: `<a class="govuk-link" href="/library/${encodeURIComponent(r.id)}">${escapeHtml(r.provider ?? r.fileName)}</a>` },
        { text: formatPublished(r.published) },
        { text: r.framework ?? 'Not stated' },
        { html: r.data.overall.rating ? `<strong class="govuk-tag ${ratingTagClass(r.data.overall.rating)}">${r.data.overall.rating}</strong>` : 'Not stated' },
        { text: String(r.data.warnings.length), format: 'numeric' },
      ]),
      inspections: inspections.filter((i) => i.phase !== 'published').map((i) => ({ href: `/library/inspections/${encodeURIComponent(i.id)}/benchmark`, text: i.title })),
    }, f.errors.length ? 400 : 200);
  });

  function uploadPage(request: FastifyRequest, reply: FastifyReply, errors: { text: string; href: string }[] = []): FastifyReply {
    return page(request, reply, 'library-upload.njk', { pageTitle: 'Add a published report', backLink: '/library', errors, fieldErrors: Object.fromEntries(errors.map((e) => ['report', e.text])) }, errors.length ? 400 : 200);
  }

  signedIn.get('/library/upload', async (request, reply) => {
    const { user } = request;
    if (!library.canManage(user)) return forbidden(request, reply);
    return uploadPage(request, reply);
  });

  function forbidden(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    return page(request, reply, 'pages/error.njk', { pageTitle: 'You do not have permission to do this', heading: 'You do not have permission to do this', lines: ['Only a lead inspector or the site administrator adds and corrects reports in the library.'] }, 403);
  }

  signedIn.post('/library/upload', async (request, reply) => {
    const { user } = request;
    if (!library.canManage(user)) return forbidden(request, reply);
    if (!request.isMultipart()) return uploadPage(request, reply, [{ text: 'Choose the report file (PDF or text)', href: '#report' }]);
    let file: { name: string; data: Buffer } | null = null;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const data = await part.toBuffer();
          if (part.filename && data.length > 0) file = { name: part.filename, data };
        }
      }
    } catch (err) {
      if ((err as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw err;
      throw Object.assign(new Error(`The file is larger than ${MAX_REPORT_BYTES / 1048576} MB; a published report is smaller. Nothing was saved.`), { statusCode: 413 });
    }
    if (!file) return uploadPage(request, reply, [{ text: 'Choose the report file (PDF or text)', href: '#report' }]);
    try {
      const added = await library.add(user, { fileName: file.name, bytes: file.data });
      return reply.redirect(`/library/${encodeURIComponent(added.id)}?added=1`, 303);
    } catch (err) {
      if (err instanceof ValidationError) return uploadPage(request, reply, err.fields.map((f) => ({ text: f.message, href: '#report' })));
      throw err;
    }
  });

  async function reportPage(request: WebRequest, reply: FastifyReply, user: User, r: LibraryReport, extra: Record<string, unknown> = {}, status = 200): Promise<FastifyReply> {
    const history = await library.history(user, r.id);
    const d = r.data;
    const allFields = correctableFields(d);
    const query = request.query;
    // A "Correct" link names one row (a standard, key question or prompt) or one field, so the list is short.
    const rowParam = typeof extra.row === 'string' ? extra.row : typeof query.row === 'string' ? query.row : '';
    const rowFields = rowParam ? allFields.filter((f) => f.id.startsWith(`${rowParam}.`) || f.id === rowParam) : [];
    const fields = rowFields.length > 0 ? rowFields : allFields;
    const row = rowFields.length > 0 ? rowParam : '';
    const values = { field: typeof query.field === 'string' ? query.field : '', ...((extra.values ?? {}) as Record<string, string>) };
    // A published inspection's own figures are exact: nothing to correct.
    const canManage = library.canManage(user) && r.sourceKind !== 'inspection';
    const reportBase = `/library/${encodeURIComponent(r.id)}`;
    const correctLink = (rowId: string, what: string): { html: string } =>
      ({ html: `<a class="govuk-link" href="${reportBase}?row=${encodeURIComponent(rowId)}#correct">Correct<span class="govuk-visually-hidden"> ${escapeHtml(what)}</span></a>` });
    const summaryActions = (field: string, what: string) =>
      canManage ? { actions: { items: [{ href: `${reportBase}?row=${encodeURIComponent(field)}#correct`, text: 'Correct', visuallyHiddenText: what.toLowerCase() }] } } : {};
    return page(request, reply, 'library-report.njk', {
      pageTitle: d.provider ?? r.fileName,
      backLink: '/library',
      report: r,
      canManage,
      row,
      rowLabel: row ? rowLabelOf(row, d) : '',
      flash: request.query.added ? `${r.fileName} was read and added to the library. Check what was read against the report.`
        : request.query.corrected ? 'The correction was saved and recorded in the history below' : (extra.flash ?? null),
      summary: ([
        ['Provider', d.provider ?? 'Not stated', 'provider'],
        ['Published', formatPublished(d.published), 'published'],
        ['Framework', d.framework ?? 'Not stated', 'framework'],
        ['Overall rating', d.overall.rating ?? 'Not stated', 'overall.rating'],
        ['Score', d.overall.score === null ? 'Not stated' : `${d.overall.score} out of ${d.overall.maxScore ?? '?'}`, 'overall'],
        ['Case sample', `${d.caseSample.court ?? '–'} court, ${d.caseSample.outOfCourt ?? '–'} out-of-court, ${d.caseSample.resettlement ?? '–'} resettlement`, 'caseSample'],
        r.sourceKind === 'inspection'
          ? ['Source', `${r.fileName}: published in this service, with its exact figures, added ${formatDateTime(r.uploadedAt)}`, null]
          : ['File', `${r.fileName} (${r.sourceKind === 'pdf' ? 'PDF' : 'text'}), uploaded ${formatDateTime(r.uploadedAt)}`, null],
      ] satisfies [string, string, string | null][]).map(([k, v, field]) => ({ key: { text: k }, value: { text: v }, ...(field ? summaryActions(field, k) : {}) })),
      warnings: d.warnings.map((w) => (w.line === null ? w.message : `Line ${w.line}: ${w.message}`)),
      standardRows: d.standards.map((s) => [
        { text: s.id }, { text: s.name },
        { html: s.rating ? `<strong class="govuk-tag ${ratingTagClass(s.rating)}">${s.rating}</strong>` : 'Not stated' },
        { text: s.discretion?.applied ? `Applied${s.discretion.from ? ` (from ${s.discretion.from})` : ''}` : 'None stated' },
        ...(canManage ? [correctLink(`standards.${s.id}`, `standard ${s.id}`)] : []),
      ]),
      keyQuestionRows: d.standards.flatMap((s) => s.keyQuestions.map((k) => [
        ...figureCells(k),
        ...(canManage ? [correctLink(`keyQuestions.${k.id}`, `key question ${k.id}`)] : []),
      ])),
      promptRows: d.standards.flatMap((s) => s.prompts.map((p) => [
        ...figureCells(p),
        ...(canManage ? [correctLink(`prompts.${p.id}`, `prompt ${p.id}`)] : []),
      ])),
      fieldItems: [{ value: '', text: 'Choose a field' }, ...fields.map((f) => ({ value: f.id, text: `${f.label} (now: ${f.value || 'not stated'})`, selected: values.field === f.id || fields.length === 1 }))],
      historyRows: history.map((h) => [
        { text: formatDateTime(h.at) }, { text: h.actorName ?? 'Unknown' },
        { text: h.action === 'import' ? 'Imported' : h.action === 'add-published' ? 'Added on publication' : `Corrected ${h.field} from ${shown(h.before)} to ${shown(h.after)}` },
        { text: h.reason ?? '' },
      ]),
      values,
      errors: [],
      fieldErrors: {},
      ...extra,
    }, status);
  }

  /** A key question's or prompt's figures as table cells. */
  function figureCells(f: { id: string; relevant: number | null; yes: number | null; percent: number | null }) {
    return [{ text: f.id }, { text: num(f.relevant, 0), format: 'numeric' }, { text: num(f.yes, 0), format: 'numeric' }, { text: f.percent === null ? '–' : `${f.percent}%`, format: 'numeric' }];
  }

  /** What a narrowed correction list is about, for its heading. */
  function rowLabelOf(row: string, d: LibraryReport['data']): string {
    const [kind, ...rest] = row.split('.');
    const id = rest.join('.');
    if (kind === 'standards') return `standard ${id} ${d.standards.find((s) => s.id === id)?.name ?? ''}`.trim();
    if (kind === 'keyQuestions') return `key question ${id}`;
    if (kind === 'prompts') return `prompt ${id}`;
    if (kind === 'caseSample') return 'the case sample';
    if (kind === 'overall') return 'the score';
    return row === 'overall.rating' ? 'the overall rating' : row;
  }

  signedIn.get('/library/:reportId', async (request, reply) => {
    const { user } = request;
    const { reportId } = request.params;
    return reportPage(request, reply, user, await library.get(user, reportId));
  });

  signedIn.post('/library/:reportId/correct', async (request, reply) => {
    const { user } = request;
    const { reportId } = request.params;
    const body = formBody(request);
    const values = { field: body.field ?? '', value: body.value ?? '', reason: body.reason ?? '' };
    const row = body.row ?? '';
    try {
      await library.correct(user, reportId, { ...values, version: Number(body.version) });
      return reply.redirect(`/library/${encodeURIComponent(reportId)}?corrected=1#corrections`, 303);
    } catch (err) {
      const current = await library.get(user, reportId);
      if (err instanceof ValidationError) {
        const errors = err.fields.map((f) => ({ text: f.message, href: `#${f.field}` }));
        return reportPage(request, reply, user, current, { values, row, errors, fieldErrors: Object.fromEntries(err.fields.map((f) => [f.field, f.message])) }, 400);
      }
      if (err instanceof ConflictError) return reportPage(request, reply, user, current, { values, row, errors: [{ text: err.message, href: '#field' }] }, 409);
      throw err;
    }
  });

  // Benchmark pages: the same view for a report in the library and for an inspection in progress.
  type Subject = { title: string; base: string; framework: FrameworkVersion | null; run: (filter: BenchmarkFilter) => Promise<Benchmark> };

  async function reportSubject(user: User, reportId: string): Promise<Subject> {
    const r = await library.get(user, reportId);
    return { title: r.provider ?? r.fileName, base: `/library/${encodeURIComponent(r.id)}/benchmark`, framework: r.framework, run: (f) => library.benchmarkReport(user, r.id, f) };
  }

  async function inspectionSubjectOf(user: User, inspectionId: string): Promise<Subject> {
    const s = services;
    const inspection = await s.inspections.get(user, inspectionId);
    const [ratings, firmness] = await Promise.all([s.ratings.forInspection(user, inspectionId), s.ratings.firmness(user, inspectionId)]);
    const subject = inspectionSubject(inspection.id, inspection.title, ratings, firmness);
    return { title: inspection.title, base: `/library/inspections/${encodeURIComponent(inspection.id)}/benchmark`, framework: inspection.frameworkVersion, run: (f) => library.benchmarkSubject(user, subject, f) };
  }

  function benchmarkRoutes(prefix: '/library/:id/benchmark' | '/library/inspections/:id/benchmark', subjectOf: (user: User, id: string) => Promise<Subject>): void {
    signedIn.get(prefix, async (request, reply) => {
      const { user } = request;
      const s = await subjectOf(user, request.params.id);
      const f = readFilter(request.query, s.framework);
      const b = await s.run(f.filter);
      const query = filterQuery(f.values);
      return page(request, reply, 'library-benchmark.njk', {
        pageTitle: `Benchmark: ${s.title}`,
        backLink: prefix.startsWith('/library/inspections') ? '/library' : s.base.replace(/\/benchmark$/, ''),
        subjectTitle: s.title,
        baseUrl: s.base,
        csvUrl: `${s.base}.csv?${query}`,
        chartUrl: `${s.base}.svg?${query}`,
        ...f,
        ...benchmarkView(b),
      }, f.errors.length ? 400 : 200);
    });
    signedIn.get(`${prefix}.csv`, async (request, reply) => {
      const { user } = request;
      const s = await subjectOf(user, request.params.id);
      const b = await s.run(readFilter(request.query, s.framework).filter);
      const name = s.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'service';
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="benchmark-${name}.csv"`).header('cache-control', 'no-store').send(benchmarkCsv(b));
    });
    signedIn.get(`${prefix}.svg`, async (request, reply) => {
      const { user } = request;
      const s = await subjectOf(user, request.params.id);
      const b = await s.run(readFilter(request.query, s.framework).filter);
      const { renderBenchmarkSvg } = await import('./chart.js');
      return reply.type('image/svg+xml').header('cache-control', 'no-store').send(await renderBenchmarkSvg(b));
    });
  }

  benchmarkRoutes('/library/:id/benchmark', reportSubject);
  benchmarkRoutes('/library/inspections/:id/benchmark', inspectionSubjectOf);
}
