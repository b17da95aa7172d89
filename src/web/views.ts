/** The Nunjucks environment: our views first, then the GOV.UK Frontend and MoJ Frontend macros. */
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { GOVUK_DIR, MOJ_DIR, PACKAGE_ROOT, VIEWS_DIR } from './paths.js';
import { ratingTone } from '../core/vocabulary.js';
import { LIMITS } from '../app/index.js';

export const SERVICE_NAME = 'Youth justice inspection';
export const ORGANISATION_NAME = 'HM Inspectorate of Probation';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "25 November 2026 at 09:30" — the GOV.UK style for dates and times. */
export function formatDateTime(value: unknown): string {
  const d = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(d.getTime())) return '';
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} at ${hh}:${mm}`;
}

/** Text for a table cell given as HTML (a link): the five characters HTML treats specially, escaped. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function formatDate(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const d = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(d.getTime())) return String(value);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** The GOV.UK tag colour for a rating, so every screen shows a rating the same way. */
export function ratingTagClass(rating: unknown): string {
  return `govuk-tag--${ratingTone(rating)}`;
}

/** The journeys that keep their templates next to their routes. */
const JOURNEY_VIEWS = ['sampling', 'library'].map((j) => join(PACKAGE_ROOT, 'src', 'web', j, 'views'));

/** The one view environment of every page, the sampling and library journeys' included. */
export function createViewEnvironment(): nunjucks.Environment {
  // Templates are read once per process (noCache false); restart to pick up edits.
  const loader = new nunjucks.FileSystemLoader([VIEWS_DIR, ...JOURNEY_VIEWS, GOVUK_DIR, MOJ_DIR], { noCache: false });
  const env = new nunjucks.Environment(loader, { autoescape: true, trimBlocks: true, lstripBlocks: true });
  // The forms' character counts and hints state the limits the services enforce.
  env.addGlobal('limits', LIMITS);
  env.addGlobal('serviceName', SERVICE_NAME);
  env.addGlobal('organisationName', ORGANISATION_NAME);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('date', formatDate);
  env.addFilter('count', (n: number) => n.toLocaleString('en-GB'));
  env.addFilter('ratingTagClass', ratingTagClass);
  env.addFilter('json', (v: unknown) => JSON.stringify(v ?? null));
  return env;
}
