/**
 * Progressive enhancement. Every form works without this file; with it:
 * - forms marked data-autosave save each answer as it changes (the server answers with the same page it
 *   would show after a normal post, and we take the fresh versions and warnings from it);
 * - forms marked data-replace="ID" post in the background and swap the element with that id for the
 *   server's new rendering of it (the ratings panel updates in place).
 */
import { initAll as govukInitAll } from 'govuk-frontend';
import { initAll as mojInitAll } from '@ministryofjustice/frontend';

// The template's inline script does this too, but a strict Content-Security-Policy blocks inline scripts.
document.body.classList.add('js-enabled', 'govuk-frontend-supported');
govukInitAll();
mojInitAll();

async function post(form: HTMLFormElement, extra: Record<string, string> = {}): Promise<Document> {
  const body = new URLSearchParams();
  new FormData(form).forEach((v, k) => { if (typeof v === 'string') body.append(k, v); });
  for (const [k, v] of Object.entries(extra)) body.set(k, v);
  const res = await fetch(form.action, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-requested-with': 'fetch' },
    credentials: 'same-origin',
  });
  const html = await res.text();
  return new DOMParser().parseFromString(html, 'text/html');
}

function swapLive(from: Document): void {
  for (const fresh of Array.from(from.querySelectorAll<HTMLElement>('[data-live]'))) {
    const current = document.getElementById(fresh.id);
    if (current) current.replaceWith(document.importNode(fresh, true));
  }
}

function setupAutosave(form: HTMLFormElement): void {
  const status = form.querySelector<HTMLElement>('[data-autosave-status]');
  let queue: Promise<void> = Promise.resolve();
  const save = (): void => {
    queue = queue.then(async () => {
      if (status) status.textContent = 'Saving…';
      try {
        const doc = await post(form, { autosave: '1' });
        const conflict = doc.querySelector('[data-conflict]');
        const errors = doc.querySelector('.govuk-error-summary');
        if (conflict || errors) {
          // Show the server's page as it is: it explains the problem and keeps both versions.
          document.body.replaceWith(document.importNode(doc.body, true));
          govukInitAll();
          return;
        }
        swapLive(doc);
        if (status) status.textContent = `Saved at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
      } catch {
        if (status) status.textContent = 'Not saved: check your connection, then use the Save button.';
      }
    });
  };
  // A full submit must not overtake a background save: it would carry versions the save has just moved on.
  form.addEventListener('submit', (e) => {
    if (form.dataset.flushed) return;
    e.preventDefault();
    const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
    void queue.then(() => {
      if (submitter?.name) {
        const hidden = document.createElement('input');
        hidden.type = 'hidden';
        hidden.name = submitter.name;
        hidden.value = submitter.value;
        form.appendChild(hidden);
      }
      form.dataset.flushed = '1';
      form.submit();
    });
  });
  form.addEventListener('change', (e) => {
    const t = e.target as HTMLElement;
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) save();
  });
}

function setupReplace(form: HTMLFormElement): void {
  const targetId = form.dataset.replace;
  if (!targetId) return;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      const doc = await post(form);
      const fresh = doc.getElementById(targetId);
      const current = document.getElementById(targetId);
      if (fresh && current) {
        current.replaceWith(document.importNode(fresh, true));
        document.title = doc.title;
        govukInitAll();
        for (const f of Array.from(document.querySelectorAll<HTMLFormElement>('form[data-replace]'))) {
          if (!f.dataset.enhanced) enhance(f);
        }
        const focus = document.getElementById(targetId)?.querySelector<HTMLElement>('[data-focus-after-update], .govuk-error-summary');
        if (focus) { focus.setAttribute('tabindex', '-1'); focus.focus(); }
      } else {
        document.body.replaceWith(document.importNode(doc.body, true));
      }
    })();
  });
}

function enhance(form: HTMLFormElement): void {
  form.dataset.enhanced = '1';
  if (form.hasAttribute('data-autosave')) setupAutosave(form);
  if (form.hasAttribute('data-replace')) setupReplace(form);
}

for (const form of Array.from(document.querySelectorAll<HTMLFormElement>('form[data-autosave], form[data-replace]'))) enhance(form);
