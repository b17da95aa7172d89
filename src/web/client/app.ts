/**
 * Progressive enhancement. Every form works without this file; with it:
 * - forms marked data-autosave save each answer as it changes, and say in place when one was not saved
 *   (autosave.ts);
 * - forms marked data-replace="ID" post in the background and swap the element with that id for the
 *   server's new rendering of it (the ratings panel updates in place).
 */
import { initAll as govukInitAll } from 'govuk-frontend';
import { initAll as mojInitAll } from '@ministryofjustice/frontend';
import { setupAutosave } from './autosave.js';

// The template's inline script does this too, but a strict Content-Security-Policy blocks inline scripts.
document.body.classList.add('js-enabled', 'govuk-frontend-supported');
govukInitAll();
mojInitAll();

async function post(form: HTMLFormElement): Promise<Document> {
  const body = new URLSearchParams();
  new FormData(form).forEach((v, k) => { if (typeof v === 'string') body.append(k, v); });
  const res = await fetch(form.action, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-requested-with': 'fetch' },
    credentials: 'same-origin',
  });
  const html = await res.text();
  return new DOMParser().parseFromString(html, 'text/html');
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
