/** One page per standard for a case: GET shows the questions, POST saves what changed (also the autosave). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fieldName, readStandardForm, standardPage, versionFieldName, noteFieldName, ANSWER_LABELS, type AnswerLookup, type PostedAnswer } from '../assessment.js';
import type { User } from '../services.js';
import { answerLookup, canEditCase, caseUrl, conflictPage, loadCase } from './cases.js';
import { formBody, formErrors, inspectionNav, isConflict, isValidation, page, signedIn, type RouteContext } from './common.js';

type P = { inspectionId: string; caseId: string; standardId: string };

/** Anchor of a question's first radio, for the error summary. */
const anchorOf = (id: string) => fieldName(id);

export function assessmentRoutes(ctx: RouteContext): void {
  const { app, services } = ctx;

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    user: User,
    p: P,
    opts: { errors?: Map<string, string>; overlay?: readonly PostedAnswer[]; status?: number } = {},
  ) => {
    const { c, inspection, standards } = await loadCase(ctx, user, p.inspectionId, p.caseId);
    const standard = standards.find((s) => s.id === p.standardId);
    if (!standard) throw Object.assign(new Error(`Case ${c.ref} is not assessed against standard ${p.standardId}`), { statusCode: 404 });
    const stored = answerLookup(c);
    // After a refused post, show what the user sent (with the stored versions) so nothing they typed is lost.
    const overlay = new Map((opts.overlay ?? []).map((a) => [a.questionId, a]));
    const look: AnswerLookup = (id) => {
      const o = overlay.get(id);
      const s = stored(id);
      return o ? { value: o.value, note: o.note, version: s?.version ?? null } : s;
    };
    const errors = opts.errors ?? new Map<string, string>();
    const view = standardPage(standard, look, errors);
    const url = caseUrl(p.inspectionId, c.id);
    return page(ctx, request, reply, 'pages/standard.njk', {
      pageTitle: `${standard.id} ${standard.name} – case ${c.ref}`,
      page: view,
      case: c,
      caseUrl: url,
      formAction: `${url}/standards/${standard.id}`,
      canEdit: canEditCase(ctx, user, inspection, c),
      errors: formErrors(errors, anchorOf).errors,
      backLink: url,
      navigation: inspectionNav(inspection.id, 'cases'),
    }, opts.status ?? 200);
  };

  app.get('/inspections/:inspectionId/cases/:caseId/standards/:standardId', async (request, reply) => {
    const user = signedIn(request, reply);
    if (!user) return reply;
    return show(request, reply, user, request.params as P);
  });

  app.post('/inspections/:inspectionId/cases/:caseId/standards/:standardId', async (request, reply) => {
    const user = signedIn(request, reply);
    if (!user) return reply;
    const p = request.params as P;
    const body = formBody(request);
    const { c, standards } = await loadCase(ctx, user, p.inspectionId, p.caseId);
    const standard = standards.find((s) => s.id === p.standardId);
    if (!standard) throw Object.assign(new Error(`Case ${c.ref} is not assessed against standard ${p.standardId}`), { statusCode: 404 });
    const { answers, errors } = readStandardForm(standard, body);
    for (const a of answers) {
      if (a.value === null && a.note) errors.set(a.questionId, `Choose Yes, No or Not relevant for ${a.questionId} to save its evidence note`);
    }
    if (errors.size) return show(request, reply, user, p, { errors, overlay: answers, status: 400 });

    // Send only what changed, so the history holds real changes and versions move only when they must.
    const stored = answerLookup(c);
    const changed = answers.filter((a) => {
      if (a.value === null) return false;
      const s = stored(a.questionId);
      return !s || s.value !== a.value || (s.note ?? null) !== a.note;
    });
    if (changed.length) {
      try {
        await services.cases.saveAnswers(user, c.id, {
          answers: changed.map((a) => ({ questionId: a.questionId, answer: a.value, note: a.note, version: a.version })),
        });
      } catch (err) {
        if (isValidation(err)) {
          const fieldErrors = new Map<string, string>();
          for (const f of err.fields) {
            const m = /^answers\.(\d+)\./.exec(f.field);
            const q = m ? changed[Number(m[1])]?.questionId : undefined;
            fieldErrors.set(q ?? standard.keyQuestions[0]!.id, f.message);
          }
          return show(request, reply, user, p, { errors: fieldErrors, overlay: answers, status: 400 });
        }
        if (isConflict(err)) return answersConflict(request, reply, p, err.message, err.current, changed);
        throw err;
      }
    }
    const url = caseUrl(p.inspectionId, c.id);
    if (body.autosave === '1') return reply.redirect(`${url}/standards/${standard.id}`, 303);
    if (body.next === 'case') return reply.redirect(url, 303);
    const i = standards.findIndex((s) => s.id === standard.id);
    const next = standards[i + 1];
    return reply.redirect(next ? `${url}/standards/${next.id}` : `${url}/check`, 303);
  });

  /** Both versions side by side; "keep mine" re-sends mine over the current versions, "keep saved" goes back. */
  function answersConflict(request: FastifyRequest, reply: FastifyReply, p: P, message: string, current: unknown, mine: readonly PostedAnswer[]) {
    const cur = new Map<string, { answer: string | null; note?: string | null; version: number }>();
    const list = (current as { answers?: { questionId: string; answer: string | null; note?: string | null; version: number }[] } | null)?.answers ?? [];
    for (const a of list) cur.set(a.questionId, a);
    const words = (v: string | null | undefined, note?: string | null) =>
      (v ? ANSWER_LABELS[v as keyof typeof ANSWER_LABELS] ?? v : 'Not answered') + (note ? ` – ${note}` : '');
    const rows = mine.filter((a) => cur.has(a.questionId)).map((a) => {
      const s = cur.get(a.questionId)!;
      return [{ text: a.questionId }, { text: words(a.value, a.note) }, { text: words(s.answer, s.note) }];
    });
    const url = caseUrl(p.inspectionId, p.caseId);
    const retryFields = mine.flatMap((a) => [
      { name: fieldName(a.questionId), value: a.value ?? '' },
      { name: versionFieldName(a.questionId), value: String(cur.get(a.questionId)?.version ?? a.version) },
      ...(a.note !== null ? [{ name: noteFieldName(a.questionId), value: a.note }] : []),
    ]);
    return conflictPage(ctx, request, reply, {
      message,
      rows,
      retryAction: `${url}/standards/${p.standardId}`,
      retryFields: [...retryFields, { name: 'next', value: 'case' }],
      backUrl: `${url}/standards/${p.standardId}`,
    });
  }
}
