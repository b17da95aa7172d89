/** One page per standard for a case: GET shows the questions, POST saves what changed (also the autosave). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StandardDef } from '../../core/framework/types.js';
import { questionTexts } from '../../core/framework/index.js';
import { fieldName, readStandardForm, standardPage, versionFieldName, noteFieldName, ANSWER_LABELS, type AnswerLookup, type PostedAnswer } from '../assessment.js';
import { LIMITS, tooLong } from '../../app/index.js';
import type { User } from '../services.js';
import { pathOf, signInUrl, wantsJson, type KeptForms } from '../session-ended.js';
import { answerLookup, canEditCase, caseUrl, conflictPage, loadCase } from './cases.js';
import { formBody, formErrors, inspectionNav, isConflict, isValidation, page, type RouteContext } from './common.js';

type P = { inspectionId: string; caseId: string; standardId: string };

/** Anchor of a question's first radio, for the error summary. */
/** Errors are keyed by question id, or `note:` and the id for its evidence note: each shown on its own field. */
const NOTE = 'note:';
const anchorOf = (key: string) => (key.startsWith(NOTE) ? noteFieldName(key.slice(NOTE.length)) : fieldName(key));

export function assessmentRoutes(ctx: RouteContext, kept: KeptForms): void {
  const { signedIn, services } = ctx;

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    user: User,
    p: P,
    opts: { errors?: Map<string, string>; overlay?: readonly PostedAnswer[]; status?: number; kept?: Record<string, string> } = {},
  ) => {
    const { c, inspection, standards } = await loadCase(ctx, user, p.inspectionId, p.caseId);
    const standard = standards.find((s) => s.id === p.standardId);
    if (!standard) throw Object.assign(new Error(`Case ${c.ref} is not assessed against standard ${p.standardId}`), { statusCode: 404 });
    const stored = answerLookup(c);
    // After a refused post, show what the user sent (with the stored versions) so nothing they typed is lost.
    // A post kept while signed out keeps the versions it was typed against: a change saved since is a conflict.
    const keptAnswers = opts.kept ? readStandardForm(standard, opts.kept).answers.filter((a) => a.value !== null || a.note !== null) : [];
    const overlay = new Map([...(opts.overlay ?? []), ...keptAnswers].map((a) => [a.questionId, a]));
    const look: AnswerLookup = (id) => {
      const o = overlay.get(id);
      const s = stored(id);
      return o ? { value: o.value, note: o.note, version: opts.kept ? o.version || null : s?.version ?? null } : s;
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
      restored: Boolean(opts.kept),
      userId: user.id,
      backLink: url,
      navigation: inspectionNav(inspection.id, 'cases'),
    }, opts.status ?? 200);
  };

  signedIn.get('/inspections/:inspectionId/cases/:caseId/standards/:standardId', async (request, reply) => {
    const { user, query } = request;
    const fields = query.kept === undefined ? null : await kept.claim(request, pathOf(request), query.kept);
    return show(request, reply, user, request.params, fields ? { kept: fields } : {});
  });

  /**
   * A post after the session ended: the autosave is told so (401), and a full post's answers are kept for this
   * browser and offered back on this page after signing in again.
   */
  const sessionEnded = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = pathOf(request);
    if (wantsJson(request)) {
      return reply.code(401).send({ error: { status: 401, code: 'session-ended', message: 'You have been signed out', signIn: signInUrl(path, 'kept') } });
    }
    const body = formBody(request);
    const fields = Object.fromEntries(Object.entries(body).filter(([k]) => /^(q|note|v)_/.test(k)));
    const token = await kept.keep(request, reply, path, fields);
    const ended = token || body._kept === 'local' ? 'kept' : 'lost';
    return reply.redirect(signInUrl(token ? `${path}?kept=${token}` : path, ended), 303);
  };

  /** The autosave's answer: every answer on the page as now stored, so the page can check its own were saved. */
  const savedJson = async (reply: FastifyReply, user: User, caseId: string, standard: StandardDef) => {
    const look = answerLookup(await services.cases.get(user, caseId));
    const answers: Record<string, { questionId: string; value: string | null; note: string | null; version: number | null }> = {};
    const put = (id: string) => {
      const a = look(id);
      answers[fieldName(id)] = { questionId: id, value: a?.value ?? null, note: a?.note ?? null, version: a?.version ?? null };
    };
    for (const kq of standard.keyQuestions) {
      put(kq.id);
      for (const p of kq.prompts) put(p.id);
    }
    const warnings = Object.fromEntries(standardPage(standard, look).keyQuestions.map((kq) => [kq.name, kq.divergence]));
    return reply.code(200).header('cache-control', 'no-store').send({ saved: true, answers, warnings });
  };

  const refusedJson = (reply: FastifyReply, status: 400 | 409, message: string, fields: { field: string; message: string }[]) =>
    reply.code(status).send({ error: { status, code: status === 400 ? 'validation' : 'conflict', message, fields } });

  // Signed out, the post goes to sessionEnded (which keeps the answers) instead of straight to sign in.
  signedIn.post('/inspections/:inspectionId/cases/:caseId/standards/:standardId', { signedOut: sessionEnded }, async (request, reply) => {
    const { user } = request;
    const p = request.params;
    const body = formBody(request);
    const json = wantsJson(request);
    const { c, standards } = await loadCase(ctx, user, p.inspectionId, p.caseId);
    const standard = standards.find((s) => s.id === p.standardId);
    if (!standard) throw Object.assign(new Error(`Case ${c.ref} is not assessed against standard ${p.standardId}`), { statusCode: 404 });
    const { answers, errors } = readStandardForm(standard, body);
    for (const a of answers) {
      if (a.value === null && a.note) errors.set(a.questionId, `Choose Yes, No or Not relevant for ${a.questionId} to save its evidence note`);
      if (a.note && a.note.length > LIMITS.note) errors.set(`${NOTE}${a.questionId}`, tooLong(`Evidence note for ${a.questionId}`, LIMITS.note));
    }
    if (errors.size) {
      if (json) return refusedJson(reply, 400, 'Not saved', [...errors].map(([q, m]) => ({ field: anchorOf(q), message: m })));
      return show(request, reply, user, p, { errors, overlay: answers, status: 400 });
    }

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
            const m = /^answers\.(\d+)\.(\w+)/.exec(f.field);
            const q = m ? changed[Number(m[1])]?.questionId : undefined;
            fieldErrors.set(q ? (m![2] === 'note' ? `${NOTE}${q}` : q) : standard.keyQuestions[0]!.id, f.message);
          }
          if (json) return refusedJson(reply, 400, 'Not saved', [...fieldErrors].map(([q, m]) => ({ field: anchorOf(q), message: m })));
          return show(request, reply, user, p, { errors: fieldErrors, overlay: answers, status: 400 });
        }
        if (isConflict(err)) {
          if (json) return refusedJson(reply, 409, err.message, changed.map((a) => ({ field: fieldName(a.questionId), message: err.message })));
          return answersConflict(request, reply, p, standard, err.message, err.current, changed);
        }
        throw err;
      }
    }
    if (json) return savedJson(reply, user, c.id, standard);
    const url = caseUrl(p.inspectionId, c.id);
    if (body.autosave === '1') return reply.redirect(`${url}/standards/${standard.id}`, 303);
    if (body.next === 'case') return reply.redirect(url, 303);
    const i = standards.findIndex((s) => s.id === standard.id);
    const next = standards[i + 1];
    return reply.redirect(next ? `${url}/standards/${next.id}` : `${url}/check`, 303);
  });

  /** Both versions side by side; "keep mine" re-sends mine over the current versions, "keep saved" goes back. */
  function answersConflict(request: FastifyRequest, reply: FastifyReply, p: P, standard: StandardDef, message: string, current: unknown, mine: readonly PostedAnswer[]) {
    // The question as the assessor reads it, not only its number.
    const texts = questionTexts(standard);
    const cur = new Map<string, { answer: string | null; note?: string | null; version: number }>();
    const list = (current as { answers?: { questionId: string; answer: string | null; note?: string | null; version: number }[] } | null)?.answers ?? [];
    for (const a of list) cur.set(a.questionId, a);
    const words = (v: string | null | undefined, note?: string | null) =>
      (v ? ANSWER_LABELS[v as keyof typeof ANSWER_LABELS] ?? v : 'Not answered') + (note ? ` – ${note}` : '');
    const rows = mine.filter((a) => cur.has(a.questionId)).map((a) => {
      const s = cur.get(a.questionId)!;
      return [{ text: `${a.questionId} ${texts.get(a.questionId) ?? ''}`.trim() }, { text: words(a.value, a.note) }, { text: words(s.answer, s.note) }];
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
