/**
 * The inspected service's name as reports print it: in full ("Camden Youth Justice Service", "Stockton-on-
 * Tees Youth Offending Team (YOT)"), abbreviated ("Camden YJS", "South Tees YOS"), or only as the title's
 * place ("An inspection of youth offending services in Barking and Dagenham", the place often on the next
 * line, a date or "by HM Inspectorate of Probation" after it). Title words may carry OCR noise.
 */
import { compact, fold } from './fuzzy.js';
import type { Line } from './lines.js';

const KINDS: Record<string, string> = { yjs: 'Youth Justice Service', yos: 'Youth Offending Service', yot: 'Youth Offending Team' };
/** Lower-case words inside place names: "Barking and Dagenham", "Richmond upon Thames", "Blackburn with Darwen". */
const JOINER_WORDS = ['on', 'upon', 'and', 'of', 'in', 'the', 'le', 'under', 'with'];
const JOINERS = new Map(JOINER_WORDS.map((w) => [fold(w), w]));
const isJoiner = (w: string) => JOINERS.has(fold(w)) || w === '&';
/** A joiner as it is spelt ("0F" → "of"), a place word with OCR's 0 for O mended ("T0WER" → "TOWER"). */
const mended = (w: string) => (w === '&' ? w : JOINERS.get(fold(w)) ?? w.replace(/0(?=[A-Za-z])|(?<=[A-Za-z])0/g, (_z, at: number) => (/[a-z]/.test(w[at + 1] ?? w[at - 1] ?? '') ? 'o' : 'O')));
/** Capitalised words that start a sentence, not a place: "In Camden YJS …", "Overall South Tees YOS …". */
const NOT_PLACE = new Set(['The', 'In', 'At', 'By', 'For', 'From', 'With', 'Within', 'Across', 'Overall', 'We', 'Our', 'This', 'That', 'An', 'A', 'Of', 'And', 'HM', 'Inspectorate', 'Probation', 'Inspection', 'Youth', 'YJS', 'YOS', 'YOT']);
const PLACE_WORD = /^[A-Z][A-Za-z'’.-]*$/;

/** A regex source for a word as extraction may damage it: OCR confusions and one stray space inside. */
export function loose(word: string): string {
  const ch = (c: string) => (/[il]/i.test(c) ? '[iIl1|!]' : /o/i.test(c) ? '[oO0]' : c === 'm' ? '(?:m|rn)' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return [...word].map(ch).join(' ?');
}

/** A phrase as extraction may damage it (see loose), words separated by any white space. */
export function loosePhrase(phrase: string): string {
  return phrase.split(' ').map(loose).join('\\s+');
}

/** A service's name ("Youth Offending Team", "Youth Justice Serv ice") or abbreviation ("YJS", "Y0S"). */
export const SERVICE = new RegExp(
  `\\b(Y ?${loose('outh')}\\s+(?:${loose('Offending')}|${loose('Justice')})\\s+(?:${loose('Service')}|${loose('Team')}|${loose('Partnership')})|YJS|Y[O0]S|Y[O0]T)\\b`,
);
/** The inspectorate's name, as a title or date line prints it. */
export const INSPECTORATE = new RegExp(`(?:${loosePhrase('published')}\\s+)?(?:by\\s+)?(?:an?\\s+)?(?:HM|Her\\s+Majesty['’]s)\\s+${loosePhrase('Inspectorate of Probation')}`, 'gi');

/** "Youth Offendlng Team" → "Youth Offending Team"; "Y0S" → "Youth Offending Service". */
function kindOf(printed: string): string {
  const c = compact(printed);
  const abbreviation = KINDS[c.replace(/l/g, 'j')];
  if (abbreviation) return abbreviation;
  return `Youth ${c.includes('justlce') ? 'Justice' : 'Offending'} ${c.endsWith('team') ? 'Team' : c.endsWith('partnershlp') ? 'Partnership' : 'Service'}`;
}

/** "An inspection of youth offending services in" (its kind captured), with OCR noise allowed. */
export const TITLE_WORDS =
  `(?:\\b(?:an?\\s+)?${loose('inspection')}\\s+${loose('of')}\\s+(?:the\\s+)?)?\\b${loose('youth')}\\s+(${loose('offending')}|${loose('justice')})\\s+` +
  `(?:${loose('services')}|${loose('service')}|${loose('teams')}|${loose('team')})(?:\\s+(?:${loose('in')}|for|at)\\b|\\s*[:–—-])`;
const TITLE = new RegExp(`${TITLE_WORDS}\\s*(.*)$`, 'i');

/** "BARKING AND DAGENHAM" → "Barking and Dagenham"; mixed case is left as printed. */
function titleCase(words: string[]): string[] {
  if (words.some((w) => !isJoiner(w) && /[a-z]/.test(w.replace(/(?<=[A-Z])l(?=[A-Z]|$)/g, 'I')))) return words;
  return words.map((w) => (isJoiner(w) ? w.toLowerCase() : w.charAt(0) + w.slice(1).toLowerCase()));
}

export const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** A month name in full (as OCR may print it: "Ju1y", "Nove mber") or abbreviated ("Sept."). */
export const MONTH = `(?:${MONTH_NAMES.map(loose).join('|')}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?`;
/** Where a title's place ends: punctuation, a date, "by HM Inspectorate of Probation", a service name. */
const PLACE_END = new RegExp(
  `\\s*(?:[,;|(–—]|\\s-\\s|\\b(?:by|published)\\b|\\bHM\\s+Inspectorate\\b|\\b\\d{1,2}(?:st|nd|rd|th)?\\s|\\b\\d{4}\\b|\\b${MONTH}\\s+\\d|${SERVICE.source})`,
  'i',
);

/**
 * The place name at the start of a title's remainder, and what follows it. A lower-case piece after a
 * capitalised word is a word split by extraction ("Dage nham") and is joined back.
 */
export function leadingPlace(text: string): { place: string; rest: string } | null {
  const clean = text.replace(/[*_]/g, '').replace(/\s+/g, ' ').trim();
  const end = PLACE_END.exec(clean);
  const head = (end ? clean.slice(0, end.index) : clean).trim();
  const rest = end ? clean.slice(end.index) : '';
  const words = head.split(' ').filter((w) => w !== '');
  if (words.length === 0 || words.length > 8) return null;
  // The first word capitalised ("lsle of Wight" is OCR's "Isle of Wight"), and no sentence in it.
  if (!/^(?:[A-Z]|[l1|][a-z])/.test(words[0]!) || NOT_PLACE.has(words[0]!)) return null;
  const out: string[] = [];
  for (const w of words) {
    if (isJoiner(w) && out.length > 0) out.push(mended(w));
    else if (/^[A-Z]/.test(w) || out.length === 0) out.push(w);
    else if (/^[a-z]/.test(w) && /^[A-Z][a-z]/.test(out.at(-1)!) && !isJoiner(out.at(-1)!)) out[out.length - 1] += w;
    else return null;
  }
  if (isJoiner(out.at(-1)!)) return null;
  const place = titleCase(out.map(mended)).join(' ');
  if (/^(?:England|Wales|England and Wales)$/i.test(place)) return null;
  return { place, rest };
}

/** What may follow a title's place: a date, the inspectorate's name, punctuation. */
function onlyTitleRest(rest: string): boolean {
  return (
    rest
      .replace(new RegExp(`\\b(?:\\d{1,2}(?:st|nd|rd|th)?\\s+)?${MONTH},?\\s+\\d{4}\\b`, 'gi'), '')
      .replace(new RegExp(SERVICE.source, 'g'), '')
      .replace(INSPECTORATE, '')
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
  const kind = kindOf(m[1]!);
  const before = text.slice(0, m.index).replace(/[*_]/g, '').trim().split(/\s+/).filter((w) => w !== '');
  const words: string[] = [];
  for (let i = before.length - 1; i >= 0 && words.length < 7; i--) {
    const w = before[i]!;
    // A title-page line may start with OCR's l for I ("lsle of Wight YJS").
    if ((PLACE_WORD.test(w) || (i === 0 && /^[l1|][a-z]+$/.test(w))) && !NOT_PLACE.has(w)) words.unshift(w);
    else if (isJoiner(w) && words.length > 0 && i > 0 && /^(?:[A-Z]|[l1|][a-z])/.test(before[i - 1]!)) words.unshift(w);
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
