/**
 * The fieldwork dates as day, month and year boxes (the GOV.UK date input), for the forms that create an
 * inspection and correct its details; rendered by views/partials/fieldwork-dates.njk.
 */

export const FIELDWORK_FIELDS = ['fieldworkStart', 'fieldworkEnd'] as const;

/** Day, month and year boxes as YYYY-MM-DD; '' when all are empty; null when they do not make a date. */
function dateFrom(body: Record<string, string>, name: string): string | null {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => (body[`${name}-${p}`] ?? '').trim());
  if (!d && !m && !y) return '';
  if (!/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !/^\d{4}$/.test(y!)) return null;
  return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
}

/** Both dates from a posted form ('' when left empty), and a problem for each set of boxes that is not a date. */
export function fieldworkDatesFrom(body: Record<string, string>): { start: string; end: string; problems: [string, string][] } {
  const start = dateFrom(body, 'fieldworkStart');
  const end = dateFrom(body, 'fieldworkEnd');
  const problems: [string, string][] = [];
  if (start === null) problems.push(['fieldworkStart', 'Enter the first day of fieldwork as a day, month and year, for example 27 3 2026']);
  if (end === null) problems.push(['fieldworkEnd', 'Enter the last day of fieldwork as a day, month and year, for example 31 3 2026']);
  return { start: start ?? '', end: end ?? '', problems };
}

/** An ISO date as the boxes show it. */
export function dateBoxes(name: string, iso: string | null): Record<string, string> {
  const [y, m, d] = (iso ?? '').split('-');
  return iso ? { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! } : {};
}

/** Where an error summary link goes: a date's day box, any other field by its id. */
export const fieldAnchor = (field: string): string => ((FIELDWORK_FIELDS as readonly string[]).includes(field) ? `${field}-day` : field);
