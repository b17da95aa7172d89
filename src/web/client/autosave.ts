/**
 * Autosave for a case's standard page (form[data-autosave]). A save counts only when the server answers 2xx
 * with JSON holding the answer as stored, with its version; anything else (signed out, refused, a page instead
 * of JSON, no connection) is a failure, said next to the question as a GOV.UK error message.
 *
 * What the user types is kept in this tab's sessionStorage (answers, notes and the versions they were typed
 * against; never the CSRF token) until a save confirms it, and put back and saved when the page opens again
 * for the same user, e.g. after signing in again.
 */

interface StoredAnswer { questionId: string; value: string | null; note: string | null; version: number | null }
interface Saved { saved: true; answers: Record<string, StoredAnswer>; warnings: Record<string, string | null> }
type Outcome =
  | { ok: true; saved: Saved }
  | { ok: false; kind: 'signed-out' | 'network' | 'unconfirmed' | 'refused' | 'invalid' | 'conflict'; message?: string; fields?: { field: string; message: string }[] };

interface Kept { user: string; fields: Record<string, string> }

const KEEP_PREFIX = 'yjinspect-unsaved:';
const ANSWER_FIELD = /^(q|note|v)_/;

/** `q_2_1_1_a` → `2_1_1_a`: the question part shared by its answer, note and version fields. */
const stem = (name: string) => name.replace(/^(q|note|v)_/, '');
const questionLabel = (name: string) => stem(name).replace(/_/g, '.');

function keyOf(form: HTMLFormElement): string {
  return KEEP_PREFIX + new URL(form.action, location.href).pathname;
}

/** The answer fields as they are now: checked radios, notes, versions. */
function answerFields(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) || !ANSWER_FIELD.test(el.name)) continue;
    if (el instanceof HTMLInputElement && el.type === 'radio') {
      if (el.checked) out[el.name] = el.value;
    } else {
      out[el.name] = el.value;
    }
  }
  return out;
}

function keepLocally(form: HTMLFormElement): void {
  try {
    const kept: Kept = { user: form.dataset.user ?? '', fields: answerFields(form) };
    sessionStorage.setItem(keyOf(form), JSON.stringify(kept));
  } catch {
    // Storage full or disabled: the server still keeps a full post made after the session ended.
  }
}

function readKept(form: HTMLFormElement): Kept | null {
  try {
    const raw = sessionStorage.getItem(keyOf(form));
    const kept = raw ? (JSON.parse(raw) as Kept) : null;
    return kept && kept.user === form.dataset.user && kept.fields && typeof kept.fields === 'object' ? kept : null;
  } catch {
    return null;
  }
}

function forget(form: HTMLFormElement): void {
  try {
    sessionStorage.removeItem(keyOf(form));
  } catch {
    // Nothing kept.
  }
}

async function send(form: HTMLFormElement): Promise<Outcome> {
  const body = new URLSearchParams();
  new FormData(form).forEach((v, k) => { if (typeof v === 'string') body.append(k, v); });
  body.set('autosave', '1');
  let res: Response;
  try {
    res = await fetch(form.action, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-requested-with': 'fetch' },
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, kind: 'network' };
  }
  const json = /application\/json/i.test(res.headers.get('content-type') ?? '') ? ((await res.json().catch(() => null)) as unknown) : null;
  const err = (json as { error?: { message?: string; fields?: { field: string; message: string }[] } } | null)?.error;
  if (res.status === 401 || (res.redirected && new URL(res.url).pathname === '/sign-in')) return { ok: false, kind: 'signed-out' };
  if (res.status === 409) return { ok: false, kind: 'conflict' };
  if (res.status === 400 && err?.fields) return { ok: false, kind: 'invalid', fields: err.fields };
  if (!res.ok) return { ok: false, kind: err?.message ? 'refused' : 'unconfirmed', ...(err?.message ? { message: err.message } : {}) };
  const saved = json as Saved | null;
  if (!saved || saved.saved !== true || !saved.answers || typeof saved.answers !== 'object') return { ok: false, kind: 'unconfirmed' };
  return { ok: true, saved };
}

/** The fields whose value on the page the saved answers do not confirm (a stored value and version). */
function unconfirmed(form: HTMLFormElement, saved: Saved, names: Iterable<string>): string[] {
  const now = answerFields(form);
  return [...names].filter((name) => {
    const q = `q_${stem(name)}`;
    const a = saved.answers[q];
    if (!a) return true;
    const value = now[q] ?? null;
    if (value === null) return a.value !== null && name.startsWith('q_');
    if (a.value !== value || typeof a.version !== 'number') return true;
    const note = now[`note_${stem(name)}`];
    return note !== undefined && (a.note ?? '') !== note.trim();
  });
}

function messageFor(name: string, outcome: Exclude<Outcome, { ok: true }>, signIn: string): { text: string; link?: { href: string; text: string; after: string } } {
  const what = name.startsWith('note_') ? `Your evidence note for ${questionLabel(name)}` : `Your answer to ${questionLabel(name)}`;
  switch (outcome.kind) {
    case 'signed-out':
      return { text: `${what} was not saved: you have been signed out. What you typed is kept in this browser: `, link: { href: signIn, text: 'sign in again', after: ' to save it.' } };
    case 'network':
      return { text: `${what} was not saved: the connection failed. What you typed is kept in this browser; check your connection, then choose Save and continue.` };
    case 'conflict':
      return { text: `${what} was not saved: someone else changed this case since you opened the page. Choose Save and continue to see both versions.` };
    case 'invalid':
      return { text: outcome.fields?.find((f) => f.field === `q_${stem(name)}`)?.message ?? `${what} was not saved. Choose Save and continue to see why.` };
    case 'refused':
      return { text: `${what} was not saved: ${outcome.message ?? 'the server refused it'}.` };
    default:
      return { text: `${what} was not saved: the server did not confirm it. Choose Save and continue to try again.` };
  }
}

function groupOf(form: HTMLFormElement, name: string): HTMLElement | null {
  const el = form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
  return el?.closest<HTMLElement>('.govuk-form-group') ?? null;
}

function showError(form: HTMLFormElement, name: string, message: ReturnType<typeof messageFor>): void {
  const group = groupOf(form, name);
  if (!group) return;
  group.classList.add('govuk-form-group--error');
  const id = `${name}-autosave-error`;
  let p = document.getElementById(id);
  if (!p) {
    p = document.createElement('p');
    p.id = id;
    p.className = 'govuk-error-message';
    p.dataset.autosaveError = name;
    const before = group.querySelector('.govuk-radios, textarea');
    before?.parentElement?.insertBefore(p, before);
    const described = group.querySelector('fieldset') ?? group.querySelector('textarea');
    if (described) described.setAttribute('aria-describedby', `${described.getAttribute('aria-describedby') ?? ''} ${id}`.trim());
  }
  p.replaceChildren();
  const hidden = document.createElement('span');
  hidden.className = 'govuk-visually-hidden';
  hidden.textContent = 'Error: ';
  p.append(hidden, message.text);
  if (message.link) {
    const a = document.createElement('a');
    a.className = 'govuk-link';
    a.href = message.link.href;
    a.textContent = message.link.text;
    p.append(a, message.link.after);
  }
}

function clearError(form: HTMLFormElement, name: string): void {
  const p = document.getElementById(`${name}-autosave-error`);
  if (!p) return;
  const group = groupOf(form, name);
  p.remove();
  if (group && !group.querySelector('.govuk-error-message')) group.classList.remove('govuk-form-group--error');
}

function warningText(text: string): HTMLElement {
  const div = document.createElement('div');
  div.className = 'govuk-warning-text';
  const icon = document.createElement('span');
  icon.className = 'govuk-warning-text__icon';
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = '!';
  const strong = document.createElement('strong');
  strong.className = 'govuk-warning-text__text';
  const hidden = document.createElement('span');
  hidden.className = 'govuk-visually-hidden';
  hidden.textContent = 'Warning';
  strong.append(hidden, text);
  div.append(icon, strong);
  return div;
}

/** Take the stored versions (so the next save is not a conflict with ourselves) and the fresh warnings. */
function applySaved(form: HTMLFormElement, saved: Saved): void {
  for (const [name, a] of Object.entries(saved.answers)) {
    const v = form.querySelector<HTMLInputElement>(`input[name="${CSS.escape(`v_${stem(name)}`)}"]`);
    if (v && typeof a.version === 'number') v.value = String(a.version);
  }
  for (const [name, text] of Object.entries(saved.warnings ?? {})) {
    const box = document.getElementById(`divergence-${name}`);
    if (box) box.replaceChildren(...(text ? [warningText(text)] : []));
  }
}

function restoredBanner(form: HTMLFormElement): HTMLElement {
  const existing = document.querySelector<HTMLElement>('[data-restored-banner]');
  if (existing) return existing;
  const banner = document.createElement('div');
  banner.className = 'govuk-notification-banner';
  banner.setAttribute('role', 'region');
  banner.setAttribute('aria-labelledby', 'restored-title');
  banner.dataset.restoredBanner = '';
  banner.innerHTML = '<div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="restored-title">Important</h2></div>'
    + '<div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">What you typed before you were signed out has been put back.</p>'
    + '<p class="govuk-body" data-restored-status>Saving it now…</p></div>';
  form.parentElement?.insertBefore(banner, form);
  return banner;
}

/** Put back what this user typed here before (not yet saved); true when anything was put back. */
function restore(form: HTMLFormElement, kept: Kept): boolean {
  const now = answerFields(form);
  let changed = false;
  const stems = new Set(Object.keys(kept.fields).filter((n) => !n.startsWith('v_')).map(stem));
  for (const s of stems) {
    const value = kept.fields[`q_${s}`];
    const note = kept.fields[`note_${s}`];
    const differs = (value !== undefined && now[`q_${s}`] !== value) || (note !== undefined && (now[`note_${s}`] ?? '') !== note);
    if (!differs) continue;
    changed = true;
    if (value !== undefined) {
      const radio = form.querySelector<HTMLInputElement>(`input[type=radio][name="${CSS.escape(`q_${s}`)}"][value="${CSS.escape(value)}"]`);
      if (radio) radio.checked = true;
    }
    const textarea = form.querySelector<HTMLTextAreaElement>(`textarea[name="${CSS.escape(`note_${s}`)}"]`);
    if (textarea && note !== undefined) textarea.value = note;
    // The version it was typed against: if someone else saved since, the save says so instead of overwriting.
    const version = form.querySelector<HTMLInputElement>(`input[name="${CSS.escape(`v_${s}`)}"]`);
    const keptVersion = kept.fields[`v_${s}`];
    if (version && keptVersion !== undefined) version.value = keptVersion;
  }
  return changed;
}

export function setupAutosave(form: HTMLFormElement): void {
  const status = form.querySelector<HTMLElement>('[data-autosave-status]');
  const pending = new Set<string>();
  const signIn = `/sign-in?${new URLSearchParams({ returnTo: location.pathname, ended: 'kept' }).toString()}`;
  let queue: Promise<void> = Promise.resolve();

  const save = (): void => {
    queue = queue.then(async () => {
      if (status) status.textContent = 'Saving…';
      const asked = [...pending];
      const outcome = await send(form);
      if (outcome.ok) {
        applySaved(form, outcome.saved);
        const notSaved = new Set(unconfirmed(form, outcome.saved, asked));
        for (const name of asked) {
          if (notSaved.has(name)) continue;
          pending.delete(name);
          clearError(form, name);
        }
        if (notSaved.size === 0) {
          if (pending.size === 0) forget(form);
          const done = document.querySelector('[data-restored-banner] [data-restored-status]');
          if (done) done.textContent = 'It has now been saved.';
          if (status) status.textContent = `Saved at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
          return;
        }
        for (const name of notSaved) showError(form, name, messageFor(name, { ok: false, kind: 'unconfirmed' }, signIn));
        if (status) status.textContent = 'Not saved: see the message by each question.';
        return;
      }
      // The server has said why (a bad value, or someone else's change): the normal post shows it in full.
      if (outcome.kind === 'invalid' || outcome.kind === 'conflict') forget(form);
      for (const name of asked) showError(form, name, messageFor(name, outcome, signIn));
      if (status) {
        status.textContent = outcome.kind === 'signed-out'
          ? 'Not saved: you have been signed out. What you typed is kept in this browser; sign in again to save it.'
          : 'Not saved: see the message by each question.';
      }
    });
  };

  const changed = (e: Event): void => {
    const t = e.target;
    if (!(t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement) || !ANSWER_FIELD.test(t.name)) return;
    pending.add(t.name);
    keepLocally(form);
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', (e) => {
    changed(e);
    const t = e.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) save();
  });

  // A full submit must not overtake a background save: it would carry versions the save has just moved on.
  form.addEventListener('submit', (e) => {
    if (form.dataset.flushed) return;
    e.preventDefault();
    const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
    void queue.then(() => {
      const hidden = (name: string, value: string) => {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.appendChild(input);
      };
      if (submitter?.name) hidden(submitter.name, submitter.value);
      // Still unsaved: keep it here too, and tell the server so (its pages then say it was kept).
      if (pending.size > 0) {
        keepLocally(form);
        hidden('_kept', 'local');
      }
      form.dataset.flushed = '1';
      form.submit();
    });
  });

  // Back on the page (after signing in again): put back what this user typed and did not save, and save it.
  // What the server put back (a full post kept for this browser) is saved only when this tab kept it for the
  // same user too: on a shared computer someone else may be signing in, and it must not be saved as theirs.
  if (location.search.includes('kept=')) history.replaceState(null, '', location.pathname);
  const kept = readKept(form);
  const putBack = kept ? restore(form, kept) : false;
  if (kept && (putBack || form.hasAttribute('data-restored'))) {
    restoredBanner(form);
    for (const name of Object.keys(answerFields(form))) if (!name.startsWith('v_')) pending.add(name);
    save();
  } else {
    forget(form);
  }
}
