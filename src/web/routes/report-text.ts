/**
 * The report's written parts besides the findings: foreword, background, contextual facts, methodology, and
 * per domain its introduction and each standard's narrative. The lead inspector records them; everyone on
 * the inspection reads them. Saving, versions, roles and history are the report-text service's.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignedInRequest, WebRequest } from '../route.js';
import { getFramework, hasCaseDomain, questionTexts, type FrameworkVersion } from '../../core/framework/index.js';
import type { StandardDef } from '../../core/framework/types.js';
import { ANSWER_LABELS } from '../assessment.js';
import { WRITTEN_PARTS_THE_REPORT_NEEDS } from '../../core/report/index.js';
import { describeSection, parseSectionKey, type ReportSection, type SectionKind } from '../../app/index.js';
import {
  describeFacts, describeMethodology, factsBodyFromForm, factsField, factsFormFromBody, factsFormFromPost, factsFormToShow, fieldId,
  methodologyBodyFromForm, methodologyField, methodologyFormFromBody, methodologyFormFromPost, methodologyFormToShow,
  paragraphsFromText, textFromParagraphs, WINDOW_LABELS, type Problem,
} from '../report-text-forms.js';
import type { User } from '../services.js';
import { conflictPage, versionOf } from './cases.js';
import { may, cannotChange, formBody, formErrors, inspectionNav, isConflict, isValidation, page, type RouteContext } from './common.js';

type Inspection = Awaited<ReturnType<RouteContext['services']['inspections']['get']>>;

/** Blank rows shown under the filled ones; "Add more rows" adds this many again. */
const BLANK_ROWS = 3;
const MAX_BLANK_ROWS = 30;

const base = (id: string) => `/inspections/${encodeURIComponent(id)}`;
const sectionUrl = (id: string, section: string) => `${base(id)}/report-text/${section.split(':').map(encodeURIComponent).join('/')}`;

/** Whether a body has anything the report would print: an empty save leaves the part missing. */
function hasContent(body: unknown): boolean {
  if (Array.isArray(body)) return body.length > 0;
  if (body && typeof body === 'object') return Object.values(body).some((v) => v !== undefined && (!Array.isArray(v) || v.length > 0));
  return false;
}

function sectionTitle(section: string, version: FrameworkVersion): { title: string; caption: string } {
  const fw = getFramework(version);
  const [kind, target] = section.split(':');
  if (kind === 'introduction') return { title: `Introduction to ${fw.domains.find((d) => String(d.id) === target)?.name ?? `domain ${target}`}`, caption: `Domain ${target}` };
  if (kind === 'narrative') {
    const s = fw.standards.find((x) => x.id === target);
    return { title: `${target} ${s?.name ?? ''}`.trim(), caption: 'Narrative for the standard' };
  }
  const d = describeSection(section);
  return { title: d.charAt(0).toUpperCase() + d.slice(1).replace(/ figures$/, ''), caption: 'The report’s written parts' };
}

interface FormState {
  values: Record<string, unknown>;
  problems?: readonly Problem[];
  blankRows?: number;
}

export function reportTextRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;
  const texts = services.reportText;
  const editable = (user: User, inspection: Inspection): boolean => may(ctx, user, inspection, 'report-text.write');
  const sampling = services.sampling;

  /**
   * What a standard's narrative is written from: its figures as the ratings show them (or its judgement), and
   * the assessors' evidence notes on its key questions and prompts across the cases the writer reads.
   */
  const narrativeEvidence = async (user: User, inspection: Inspection, standard: StandardDef) => {
    const texts = questionTexts(standard);
    const [ratings, notes] = await Promise.all([
      may(ctx, user, inspection, 'ratings.read') ? services.ratings.ratings(user, inspection.id).catch(() => null) : null,
      standard.kind === 'case-assessed' && may(ctx, user, inspection, 'case.read')
        ? services.cases.evidenceNotes(user, inspection.id, [...texts.keys()])
        : [],
    ]);
    const result = ratings?.standards.find((r) => r.id === standard.id);
    return {
      rating: result?.rating ?? null,
      figures: (result?.keyQuestions ?? []).map((k) => [
        { text: `${k.id} ${texts.get(k.id) ?? ''}`.trim(), classes: result?.lowestKeyQuestions.includes(k.id) ? 'app-lowest' : undefined },
        { text: String(k.relevant), format: 'numeric' },
        { text: String(k.yes), format: 'numeric' },
        { text: k.percent === null ? 'No relevant cases' : `${Math.round(k.percent)}%`, format: 'numeric' },
      ]),
      notes: notes.map((n) => ({ ...n, answerText: ANSWER_LABELS[n.answer] })),
    };
  };

  signedIn.get('/inspections/:inspectionId/report-text', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const inspection = await services.inspections.get(user, inspectionId);
    const recorded = new Map((await texts.list(user, inspectionId)).map((s) => [s.section, hasContent(s.body)]));
    const canEdit = editable(user, inspection);
    const row = (section: string, label: string) => {
      const isRecorded = recorded.get(section) ?? false;
      const action = canEdit ? (isRecorded ? 'Change' : 'Add') : isRecorded ? 'View' : null;
      const needed = WRITTEN_PARTS_THE_REPORT_NEEDS.includes(section);
      return {
        key: { text: label },
        value: { html: (isRecorded ? '<strong class="govuk-tag govuk-tag--green">Recorded</strong>' : `<strong class="govuk-tag ${needed ? 'govuk-tag--red' : 'govuk-tag--grey'}">Not recorded</strong>`)
          + `<span class="govuk-body-s app-part-need"> ${needed ? 'Needed for the report' : 'Optional'}</span>` },
        ...(action ? { actions: { items: [{ href: sectionUrl(inspectionId, section), text: action, visuallyHiddenText: label.toLowerCase() }] } } : {}),
      };
    };
    const fw = getFramework(inspection.frameworkVersion);
    const groups = [
      { title: 'Before the findings', rows: [row('foreword', 'Foreword'), row('background', 'Background'), row('contextual-facts', 'Contextual facts'), row('methodology', 'Methodology')] },
      ...fw.domains.map((d) => ({
        title: `Domain ${d.id}: ${d.name}`,
        rows: [row(`introduction:${d.id}`, 'Introduction'), ...fw.standards.filter((s) => s.domain === d.id).map((s) => row(`narrative:${s.id}`, `${s.id} ${s.name}`))],
      })),
    ];
    return page(ctx, request, reply, 'pages/report-text.njk', {
      pageTitle: 'The report’s written parts',
      inspection,
      groups,
      needed: { count: WRITTEN_PARTS_THE_REPORT_NEEDS.length, recorded: WRITTEN_PARTS_THE_REPORT_NEEDS.filter((s) => recorded.get(s)).length },
      optional: {
        count: groups.reduce((n, g) => n + g.rows.length, 0) - WRITTEN_PARTS_THE_REPORT_NEEDS.length,
        recorded: [...recorded].filter(([s, has]) => has && !WRITTEN_PARTS_THE_REPORT_NEEDS.includes(s)).length,
      },
      canEdit,
      published: inspection.phase === 'published',
      backLink: `${base(inspectionId)}/report`,
      navigation: inspectionNav(inspectionId, 'report'),
    });
  });

  /** The section a URL names, or 404 when the inspection's framework has no such section. */
  const sectionOf = (request: WebRequest<{ kind: string; target?: string }>, inspection: Inspection): { section: string; kind: SectionKind } => {
    const { kind, target } = request.params;
    const section = target === undefined ? kind : `${kind}:${target}`;
    try {
      return { section, kind: parseSectionKey(section, inspection.frameworkVersion).kind };
    } catch (err) {
      if (isValidation(err)) throw Object.assign(new Error(`The report has no section ${section}`), { statusCode: 404 });
      throw err;
    }
  };

  /** The confirmed sampling plan's confidence and margin, which the methodology falls back on. */
  const planFigures = (user: User, inspectionId: string) => sampling.confirmedPrecision(user, inspectionId);

  const sectionPage = async (request: FastifyRequest, reply: FastifyReply, user: User, inspection: Inspection, section: string, kind: SectionKind, state?: FormState, status = 200) => {
    const current: ReportSection = await texts.get(user, inspection.id, section);
    const canEdit = editable(user, inspection);
    const { title, caption } = sectionTitle(section, inspection.frameworkVersion);
    const problems = state?.problems ?? [];
    const mapField = kind === 'contextual-facts' ? factsField : kind === 'methodology' ? methodologyField : () => 'body';
    const errors = formErrors(problems.map(([f, m]) => [mapField(f), m] as [string, string]), fieldId);
    const blankRows = state?.blankRows ?? BLANK_ROWS;
    const common = {
      pageTitle: title, title, caption, canEdit,
      published: inspection.phase === 'published',
      formAction: sectionUrl(inspection.id, section),
      version: String(state?.values.version ?? current.version),
      recorded: hasContent(current.body),
      fieldErrors: Object.fromEntries(Object.entries(errors.fieldErrors).map(([f, m]) => [fieldId(f), m])),
      errors: errors.errors,
      blankRows,
      backLink: `${base(inspection.id)}/report-text`,
      navigation: inspectionNav(inspection.id, 'report'),
    };
    if (kind === 'contextual-facts') {
      const form = (state?.values.form as ReturnType<typeof factsFormFromBody> | undefined) ?? factsFormFromBody(current.body);
      return page(ctx, request, reply, 'pages/report-text-facts.njk', { ...common, form: canEdit ? factsFormToShow(form, blankRows) : form }, status);
    }
    if (kind === 'methodology') {
      const form = (state?.values.form as ReturnType<typeof methodologyFormFromBody> | undefined) ?? methodologyFormFromBody(current.body);
      const plan = await planFigures(user, inspection.id);
      return page(ctx, request, reply, 'pages/report-text-methodology.njk', {
        ...common, form: canEdit ? methodologyFormToShow(form, blankRows) : form, plan,
        withResettlement: hasCaseDomain(getFramework(inspection.frameworkVersion), 4), windowLabels: WINDOW_LABELS,
      }, status);
    }
    const standard = kind === 'narrative' ? getFramework(inspection.frameworkVersion).standards.find((s) => `narrative:${s.id}` === section) : undefined;
    const text = typeof state?.values.text === 'string' ? state.values.text : textFromParagraphs(current.body);
    return page(ctx, request, reply, 'pages/report-text-paragraphs.njk', {
      ...common, text, paragraphs: paragraphsFromText(text), kind,
      standard: standard ? { name: standard.name, statement: standard.statement } : null,
      evidence: standard ? await narrativeEvidence(user, inspection, standard) : null,
    }, status);
  };

  type SectionRequest = SignedInRequest<{ inspectionId: string; kind: string; target?: string }>;

  const show = async (request: SectionRequest, reply: FastifyReply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const inspection = await services.inspections.get(user, inspectionId);
    const { section, kind } = sectionOf(request, inspection);
    return sectionPage(request, reply, user, inspection, section, kind);
  };

  const save = async (request: SectionRequest, reply: FastifyReply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const inspection = await services.inspections.get(user, inspectionId);
    const { section, kind } = sectionOf(request, inspection);
    const summaryUrl = `${base(inspectionId)}/report-text`;
    // The service refuses too; this says why before any of the form is read.
    if (!editable(user, inspection)) return cannotChange(ctx, request, reply, inspection.phase, 'the lead inspector', summaryUrl);
    const post = formBody(request);
    const version = Number.parseInt(post.version ?? '0', 10);

    let body: unknown;
    let state: FormState;
    if (kind === 'contextual-facts' || kind === 'methodology') {
      const form = kind === 'contextual-facts' ? factsFormFromPost(post) : methodologyFormFromPost(post);
      const shown = Number.parseInt(post.blankRows ?? '', 10);
      const blankRows = Number.isInteger(shown) && shown > 0 ? Math.min(shown, MAX_BLANK_ROWS) : BLANK_ROWS;
      if (post.action === 'add-rows') {
        return sectionPage(request, reply, user, inspection, section, kind, { values: { form, version: post.version }, blankRows: Math.min(blankRows + BLANK_ROWS, MAX_BLANK_ROWS) });
      }
      const read = kind === 'contextual-facts'
        ? factsBodyFromForm(form as ReturnType<typeof factsFormFromPost>)
        : methodologyBodyFromForm(form as ReturnType<typeof methodologyFormFromPost>, hasCaseDomain(getFramework(inspection.frameworkVersion), 4));
      state = { values: { form, version: post.version }, blankRows };
      if (read.problems.length) return sectionPage(request, reply, user, inspection, section, kind, { ...state, problems: read.problems }, 400);
      body = read.body;
    } else {
      body = paragraphsFromText(post.body);
      state = { values: { text: post.body ?? '', version: post.version } };
    }

    try {
      await texts.save(user, inspectionId, { section, body, version: Number.isInteger(version) && version >= 0 ? version : 0 });
      return reply.redirect(summaryUrl, 303);
    } catch (err) {
      if (isValidation(err)) {
        const problems = err.fields.map((f) => [kind === 'contextual-facts' || kind === 'methodology' ? f.field : 'body', paragraphMessage(f.field, f.message)] as Problem);
        return sectionPage(request, reply, user, inspection, section, kind, { ...state, problems }, 400);
      }
      if (isConflict(err)) {
        const current = err.current as ReportSection | null;
        const describe = kind === 'contextual-facts' ? describeFacts : kind === 'methodology' ? describeMethodology : (b: unknown) => [['Text', textFromParagraphs(b)]] as [string, string][];
        const saved = new Map(describe(current?.body));
        const cell = (s: string | undefined) => ({ text: s || '–' });
        return conflictPage(ctx, request, reply, {
          message: err.message,
          rows: describe(body).map(([what, yours]) => [{ text: what }, cell(yours), cell(saved.get(what))]),
          retryAction: sectionUrl(inspectionId, section),
          retryFields: [
            ...Object.entries(post).filter(([k]) => !['_csrf', 'version', 'action'].includes(k)).map(([name, value]) => ({ name, value })),
            { name: 'version', value: String(versionOf(current)) },
          ],
          backUrl: sectionUrl(inspectionId, section),
        });
      }
      throw err;
    }
  };

  signedIn.get('/inspections/:inspectionId/report-text/:kind', show);
  signedIn.get('/inspections/:inspectionId/report-text/:kind/:target', show);
  signedIn.post('/inspections/:inspectionId/report-text/:kind', save);
  signedIn.post('/inspections/:inspectionId/report-text/:kind/:target', save);
}

/** A paragraph's problem (`body.2`) names the paragraph, as the text box holds them all. */
function paragraphMessage(field: string, message: string): string {
  const m = /^body\.(\d+)$/.exec(field);
  return m ? `Paragraph ${Number(m[1]) + 1}: ${message}` : message;
}
