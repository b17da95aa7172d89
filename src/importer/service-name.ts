/**
 * The inspected service's name as reports print it: in full ("Camden Youth Justice Service", "Stockton-on-
 * Tees Youth Offending Team (YOT)"), abbreviated ("Camden YJS", "South Tees YOS"), or only as the title's
 * place ("An inspection of youth offending services in Barking and Dagenham", the place often on the next
 * line, a date or "by HM Inspectorate of Probation" after it). Title words may carry OCR noise.
 */
import { compact } from './fuzzy.js';
import type { Line } from './lines.js';

const KINDS: Record<string, string> = { YJS: 'Youth Justice Service', YOS: 'Youth Offending Service', YOT: 'Youth Offending Team' };
export const SERVICE = /\b(Youth\s+(?:Offending|Justice)\s+(?:Service|Team|Partnership)|YJS|YOS|YOT)\b/;
/** Lower-case words inside place names: "Barking and Dagenham", "Richmond upon Thames", "Blackburn with Darwen". */
const JOINERS = new Set(['on', 'upon', 'and', '&', 'of', 'in', 'the', 'le', 'under', 'with']);
/** Capitalised words that start a sentence, not a place: "In Camden YJS …", "Overall South Tees YOS …". */
const NOT_PLACE = new Set(['The', 'In', 'At', 'By', 'For', 'From', 'With', 'Within', 'Across', 'Overall', 'We', 'Our', 'This', 'That', 'An', 'A', 'Of', 'And', 'HM', 'Inspectorate', 'Probation', 'Inspection', 'Youth', 'YJS', 'YOS', 'YOT']);
const PLACE_WORD = /^[A-Z][A-Za-z'’.-]*$/;

/** A regex source for a word as extraction may damage it: OCR confusions and one stray space inside. */
export function loose(word: string): string {
  const ch = (c: string) => (/[il]/i.test(c) ? '[iIl1|!]' : /o/i.test(c) ? '[oO0]' : c === 'm' ? '(?:m|rn)' : c);
  return [...word].map(ch).join(' ?');
}

/** "An inspection of youth offending services in" (its kind captured), with OCR noise allowed. */
export const TITLE_WORDS =
  `(?:\\b(?:an?\\s+)?${loose('inspection')}\\s+${loose('of')}\\s+(?:the\\s+)?)?\\b${loose('youth')}\\s+(${loose('offending')}|${loose('justice')})\\s+` +
  `(?:${loose('services')}|${loose('service')}|${loose('teams')}|${loose('team')})(?:\\s+(?:in|for|at)\\b|\\s*[:–—-])`;
const TITLE = new RegExp(`${TITLE_WORDS}\\s*(.*)$`, 'i');

/** "BARKING AND DAGENHAM" → "Barking and Dagenham"; mixed case is left as printed. */
function titleCase(words: string[]): string[] {
  if (words.some((w) => /[a-z]/.test(w))) return words;
  return words.map((w) => (JOINERS.has(w.toLowerCase()) ? w.toLowerCase() : w.charAt(0) + w.slice(1).toLowerCase()));
}

/** The place name at the start of `text` (capitalised words and joiners), and what follows it. */
export function leadingPlace(text: string): { place: string; rest: string } | null {
  const words = text.replace(/[*_]/g, '').trim().split(/\s+/).filter((w) => w !== '');
  const out: string[] = [];
  let i = 0;
  for (; i < words.length && out.length < 7; i++) {
    const w = words[i]!.replace(/[,;:]$/, '');
    const ended = w !== words[i];
    if (PLACE_WORD.test(w) && !NOT_PLACE.has(w) && !/^(?:January|February|March|April|May|June|July|August|September|October|November|December)$/i.test(w)) out.push(w);
    else if (JOINERS.has(w.toLowerCase()) && out.length > 0 && i + 1 < words.length && /^[A-Z]/.test(words[i + 1]!)) out.push(w);
    else break;
    if (ended) {
      i++;
      break;
    }
  }
  while (out.length > 0 && JOINERS.has(out.at(-1)!.toLowerCase())) out.pop();
  if (out.length === 0) return null;
  const place = titleCase(out).join(' ');
  if (/^(?:England|Wales|England and Wales)$/i.test(place)) return null;
  return { place, rest: words.slice(i).join(' ') };
}

/** What may follow a title's place: a date, the inspectorate's name, punctuation. */
function onlyTitleRest(rest: string): boolean {
  return (
    rest
      .replace(/\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]{2,8}\.?\s+\d{4}\b/g, '')
      .replace(new RegExp(SERVICE.source, 'g'), '')
      .replace(/\b(?:published\s+)?(?:by\s+)?(?:an?\s+)?(?:HM|Her Majesty['’]s)\s+Inspectorate\s+of\s+Probation\b/gi, '')
      .replace(/\b(?:inspection|report|published|\d{4})\b/gi, '')
      .replace(/[\s,.;:()|–—-]+/g, '')
      .trim() === ''
  );
}

export interface Title {
  readonly place: string;
  readonly kind: 'Youth Offending Service' | 'Youth Justice Service';
  readonly line: number;
}

/** The title's place: "… youth offending services in X" (X on the line or the next), near the front. */
export function readTitle(lines: readonly Line[]): Title | null {
  const front = lines.slice(0, Math.max(80, Math.floor(lines.length * 0.1)));
  for (let i = 0; i < front.length; i++) {
    const text = front[i]!.text.replace(/[*_#]/g, '').replace(/\t/g, ' ').trim();
    const m = TITLE.exec(text);
    if (!m) continue;
    const kind = compact(m[1]!).startsWith('j') ? 'Youth Justice Service' : 'Youth Offending Service';
    let found = leadingPlace(m[2]!);
    let no = front[i]!.no;
    if (found && !onlyTitleRest(found.rest)) continue;
    if (!found && m[2]!.trim() === '') {
      // The place printed on a line of its own below the title (in bold, or after a blank line).
      const next = front.slice(i + 1, i + 4).find((l) => l.text.trim() !== '');
      const p = next ? leadingPlace(next.text) : null;
      if (p && onlyTitleRest(p.rest)) {
        found = p;
        no = next!.no;
      }
    }
    if (found) return { place: found.place, kind, line: no };
  }
  return null;
}

/** "The Stockton-on-Tees Youth Offending Service" → "Stockton-on-Tees Youth Offending Service"; "Camden YJS" → "Camden Youth Justice Service". */
export function serviceIn(text: string, previous?: string): string | null {
  const m = SERVICE.exec(text);
  if (!m) return null;
  const kind = KINDS[m[1]!] ?? m[1]!.replace(/\s+/g, ' ');
  const before = text.slice(0, m.index).replace(/[*_]/g, '').trim().split(/\s+/).filter((w) => w !== '');
  const words: string[] = [];
  for (let i = before.length - 1; i >= 0 && words.length < 7; i--) {
    const w = before[i]!;
    if (PLACE_WORD.test(w) && !NOT_PLACE.has(w)) words.unshift(w);
    else if (JOINERS.has(w.toLowerCase()) && words.length > 0 && i > 0 && /^[A-Z]/.test(before[i - 1]!)) words.unshift(w);
    else break;
  }
  if (words.length === 0 && before.length === 0 && previous !== undefined) {
    // "Camden" on the line above "Youth Offending Team (YOT)" on a title page.
    const p = leadingPlace(previous);
    if (p && p.rest === '') return `${p.place} ${kind}`;
  }
  if (words.length === 0) return null;
  return `${titleCase(words).join(' ')} ${kind}`;
}
