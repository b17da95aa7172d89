/** The fieldwork dates of the forms that create an inspection and correct its details (shared date input). */
import { dateAnchor, readDates, type DateField } from './date-input.js';

export { dateBoxes } from './date-input.js';

const FIELDWORK: readonly DateField[] = [
  { name: 'fieldworkStart', label: 'First day of fieldwork' },
  { name: 'fieldworkEnd', label: 'Last day of fieldwork' },
];

/** Both dates from a posted form ('' when left empty), and a problem for each set of boxes that is not a date. */
export function fieldworkDatesFrom(body: Record<string, string>): { start: string; end: string; problems: [string, string][] } {
  const { dates, problems } = readDates(body, FIELDWORK);
  return { start: dates['fieldworkStart']!, end: dates['fieldworkEnd']!, problems };
}

export const fieldAnchor = dateAnchor(FIELDWORK.map((f) => f.name));
