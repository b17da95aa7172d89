/**
 * The report's facts outside the standards: who was inspected, when it was published, the overall rating
 * and score, the case sample and the recommendations. Each reader returns what it found with the source
 * line, or nothing; the caller turns disagreements and absences into warnings.
 */
import type { Rating } from '../core/framework/types.js';
import { compact, containsApprox } from './fuzzy.js';
import { parseRating } from './headings.js';
import type { Flow, Line } from './lines.js';
import { INSPECTORATE, MONTH, MONTH_NAMES, SERVICE, TITLE_WORDS, loose, loosePhrase, readTitle, serviceIn } from './service-name.js';

export interface Found<T> {
  readonly value: T;
  readonly line: number | null;
}

/**
 * The service's full name. The ratings table names it ("… Youth Offending Service Score 32/36"); failing
 * that, the name printed most often. A title's place ("… youth offending services in Camden") picks the
 * name with that place, or gives the name itself when the report prints no other ("Camden Youth Offending
 * Service").
 */
export function readProvider(lines: readonly Line[]): Found<string> | null {
  const counts = new Map<string, { n: number; line: number; rank: number }>();
  let previous = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const p = serviceIn(line.text, previous);
    if (line.text.trim() !== '') previous = line.text;
    if (!p) continue;
    const near = lines.slice(i, i + 4).some((l) => /score\s*\d+\s*\/\s*\d+/i.test(l.text) || /^overall rating/i.test(l.text));
    const alone = compact(line.text) === compact(p);
    const rank = (/score\s*\d+\s*\/\s*\d+/i.test(line.text) ? 4 : 0) + (near ? 2 : 0) + (alone ? 1 : 0);
    const c = counts.get(p);
    if (c) {
      c.n++;
      c.rank = Math.max(c.rank, rank);
    } else counts.set(p, { n: 1, line: line.no, rank });
  }
  const title = readTitle(lines);
  const placeOf = (name: string) => compact(name.replace(SERVICE, '').trim());
  let best: Found<string> | null = null;
  let bestKey = -1;
  for (const [name, c] of counts) {
    const key = (title && placeOf(name) === compact(title.place) ? 100_000 : 0) + c.rank * 1000 + c.n;
    if (key > bestKey) {
      best = { value: name, line: c.line };
      bestKey = key;
    }
  }
  if (title && bestKey < 100_000) return { value: `${title.place} ${title.kind}`, line: title.line };
  return best;
}

const MONTHS = MONTH_NAMES;
const YEAR = '(2[0Oo][0-9Oo][0-9Oo])';
const DATE = new RegExp(`\\b(?:\\d{1,2}(?:st|nd|rd|th)?\\s+)?(${MONTH}),?\\s+(?:\\d{1,2}(?:st|nd|rd|th)?,?\\s+)?${YEAR}\\b`, 'i');

const PUBLICATION_WORDS = new RegExp(
  `${loosePhrase('date of publication')}|${loosePhrase('publication date')}|${loose('published')}(?:\\s+(?:by|on))?|\\bby\\b|\\b${loose('date')}\\b|[,:–—|-]`,
  'gi',
);

/** The month number of a matched month word, read through OCR noise. */
function monthNumber(word: string): number {
  const c = compact(word);
  const i = MONTHS.findIndex((m) => c === compact(m) || (c.length >= 3 && compact(m).startsWith(c)));
  return i + 1;
}

/**
 * The publication month: a date standing alone near the front ("June 2019", "HM Inspectorate of
 * Probation, September 2022"), after "Published", or on the title's line after the service or its place
 * ("Camden YJS  March 2019", "… services in Barking and Dagenham, 12 February 2020"). Dates inside
 * sentences (fieldwork, references) are not publication dates. Failing that, the copyright year.
 */
export function readPublished(lines: readonly Line[], names: readonly string[] = []): Found<string> | null {
  const front = lines.slice(0, Math.max(60, Math.floor(lines.length * 0.3)));
  const titleWords = new RegExp(TITLE_WORDS, 'i');
  for (const line of front) {
    const t = line.text.replace(/[*_#]/g, '').replace(/\t/g, ' ').trim();
    const m = DATE.exec(t);
    if (!m) continue;
    if (/fieldwork|between|started|began|\(/i.test(t) || t.length > 160) continue;
    let rest = t.replace(m[0], ' ').replace(titleWords, ' ').replace(new RegExp(SERVICE.source, 'g'), ' ');
    // The names as printed, allowing OCR noise ("Dage nham", "Blackburn wlth Darwen").
    for (const name of names) if (name) rest = rest.replace(new RegExp(loose(name), 'gi'), ' ');
    rest = rest
      .replace(INSPECTORATE, ' ')
      .replace(PUBLICATION_WORDS, ' ')
      .trim();
    if (rest.length === 0) {
      const month = monthNumber(m[1]!);
      if (month === 0) continue;
      return { value: `${m[2]!.replace(/[Oo]/g, '0')}-${String(month).padStart(2, '0')}`, line: line.no };
    }
  }
  for (const line of lines) {
    const m = /(?:©|\(c\)|crown copyright)\D{0,20}(20\d\d)/i.exec(line.text);
    if (m) return { value: m[1]!, line: line.no };
  }
  return null;
}

export interface OverallFound {
  readonly ratings: Found<Rating>[];
  readonly score: Found<{ score: number; max: number }> | null;
}

export function readOverall(lines: readonly Line[], flow: Flow): OverallFound {
  const ratings: Found<Rating>[] = [];
  let score: Found<{ score: number; max: number }> | null = null;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.text;
    const s = /\bscore\W{0,3}(\d{1,2})\s*\/\s*(\d{2})\b/i.exec(t);
    if (s && !score) score = { value: { score: Number(s[1]), max: Number(s[2]) }, line: lines[i]!.no };
    // "Overall rating Outstanding", "Overa III rating\tGood", or the word on the next line.
    if (!/^\W*[o0]\s?v/i.test(t)) continue;
    const words = t.trim().split(/\s+/);
    for (let k = 2; k <= Math.min(4, words.length); k++) {
      const head = words.slice(0, k).join(' ');
      if (compact(head).length > 16 || !containsApprox(head, 'overall rating', 0.15) || compact(head).length < 11) continue;
      let rest = words.slice(k).join(' ');
      let no = lines[i]!.no;
      if (rest === '') {
        const next = lines.slice(i + 1, i + 4).find((l) => l.text.trim() !== '');
        rest = next?.text ?? '';
        no = next?.no ?? no;
      }
      const r = parseRating(rest);
      if (r) ratings.push({ value: r, line: no });
      break;
    }
  }
  const re = /\boverall\b[^.]{0,120}?\brated\b(?: as)?:?\s*[*'‘’"“]*\s*(Inadequate|Requires improvement|Good|Outstanding)\b/gi;
  for (const m of flow.text.matchAll(re)) {
    const r = parseRating(m[1]!);
    if (r) ratings.push({ value: r, line: flow.lineAt(m.index) });
  }
  const re2 = /\boverall rating of\s*[*'‘’"“]*\s*(Inadequate|Requires improvement|Good|Outstanding)\b/gi;
  for (const m of flow.text.matchAll(re2)) {
    const r = parseRating(m[1]!);
    if (r) ratings.push({ value: r, line: flow.lineAt(m.index) });
  }
  return { ratings, score };
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
  thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const NUMBER = '(\\d{1,3}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)';

export function readNumber(word: string): number | null {
  const w = word.toLowerCase();
  if (/^\d+$/.test(w)) return Number(w);
  const parts = w.split(/[- ]/);
  let n = 0;
  for (const p of parts) {
    const v = NUMBER_WORDS[p];
    if (v === undefined) return null;
    n += v;
  }
  return n;
}

export type SampleKind = 'court' | 'outOfCourt' | 'resettlement';

export interface SampleStatement {
  readonly kind: SampleKind | null;
  readonly count: number;
  readonly offset: number;
}

/**
 * Sentences that state how many cases were inspected: "We examined 24 post-court cases", "we inspected
 * three cases … that had received a custodial sentence", "we look at a sample of fifteen cases". The kind
 * comes from the sentence's own words, or (kind null) from the domain being read.
 */
export function sampleStatements(flow: Flow): SampleStatement[] {
  const out: SampleStatement[] = [];
  const verb = '(?:examined|inspected|looked at|look at|took a (?:detailed )?look at|assessed|reviewed)';
  const re = new RegExp(`\\b${verb}\\s+(?:a (?:total )?(?:sample )?of\\s+)?${NUMBER}\\s+([^.;]{0,40}?)\\b(cases?|disposals|sentences|orders|licences)\\b([^.;]{0,120})`, 'gi');
  const re2 = new RegExp(`\\bin the\\s+${NUMBER}\\s+(cases?)\\s+inspected\\b()()`, 'gi');
  const plus = new RegExp(`^\\s*(?:and|plus)\\s+${NUMBER}\\s+[\\w-]+\\s+(?:cases?|disposals?|sentences?|orders?|licences?)\\b`, 'i');
  for (const r of [re, re2]) {
    for (const m of flow.text.matchAll(r)) {
      let count = readNumber(m[1]!);
      if (count === null || count === 0) continue;
      // "seven community sentences and one custodial sentence": one sample of eight.
      const more = plus.exec(m[4] ?? '');
      if (more) count += readNumber(more[1]!) ?? 0;
      const kind = kindOf(`${m[2] ?? ''} ${m[3] ?? ''}`) ?? (more ? null : kindOf(m[4] ?? ''));
      out.push({ kind, count, offset: m.index });
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** The kind of case a phrase names; the noun phrase is read before the rest of the sentence. */
function kindOf(words: string): SampleKind | null {
  const w = words.toLowerCase();
  if (/out[- ]of[- ]court|caution|triage|community resolution/.test(w)) return 'outOfCourt';
  if (/custod|resettlement|released|release/.test(w)) return 'resettlement';
  if (/court|community sentence|sentence|licence|referral order/.test(w)) return 'court';
  return null;
}

export interface Recommendation {
  readonly addressee: string | null;
  readonly text: string;
  readonly line: number;
}

export interface RecommendationsFound {
  readonly items: Recommendation[];
  /** "we have made seven recommendations": the count the report claims, when it says. */
  readonly claimed: Found<number> | null;
  readonly line: number | null;
}

const ITEM = /^(\d{1,2})[.)]\s+(.*)$/;

/**
 * The recommendations section: "The X should:" lines name the addressee, numbered items follow and may
 * wrap over several lines. The section ends at the next heading.
 */
export function readRecommendations(lines: readonly Line[]): RecommendationsFound {
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.text.trim();
    if (compact(t) !== 'recommendations' && !/^\d*\.?\s*recommendations$/i.test(t)) continue;
    const ahead = lines.slice(i + 1, i + 25);
    const items = ahead.filter((l) => ITEM.test(l.text.trim()) || l.listItem).length;
    if (items > 0 && (items >= 2 || ahead.some((l) => /\bshould:?\s*$/i.test(l.text.trim())))) {
      start = i;
      break;
    }
  }
  if (start < 0) return { items: [], claimed: null, line: null };
  const items: Recommendation[] = [];
  let claimed: Found<number> | null = null;
  let addressee: string | null = null;
  let current: { addressee: string | null; parts: string[]; line: number } | null = null;
  let expected = 1;
  const flush = () => {
    if (current) items.push({ addressee: current.addressee, text: current.parts.join(' ').replace(/\s+/g, ' ').trim(), line: current.line });
    current = null;
  };
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.text.trim();
    if (t === '') continue;
    const c = new RegExp(`\\bmade\\s+${NUMBER}\\s+recommendations?\\b`, 'i').exec(t);
    if (c && !claimed) {
      const n = readNumber(c[1]!);
      if (n !== null) claimed = { value: n, line: line.no };
      continue;
    }
    const should = /^(.{3,120}?)\s+should:?\s*$/i.exec(t);
    if (should) {
      flush();
      addressee = should[1]!.replace(/^the\s+/i, '').trim();
      continue;
    }
    const item = ITEM.exec(t);
    if (item && Number(item[1]) === expected) {
      flush();
      current = { addressee, parts: [item[2]!], line: line.no };
      expected++;
      continue;
    }
    // Bulleted recommendations (no numbers printed) in a list that has had no numbered item.
    if (line.listItem && !item && expected === 1 && t.length > 15) {
      flush();
      current = { addressee, parts: [t], line: line.no };
      continue;
    }
    // A heading ends the section: a short line that starts with a capital and does not continue a sentence.
    const words = t.split(/\s+/);
    if (words.length <= 5 && /^[A-Z0-9]/.test(t) && !/[,;]$/.test(t) && !/^[a-z]/.test(t)) break;
    if (current) (current as { parts: string[] }).parts.push(t);
    else if (items.length > 0) break;
  }
  flush();
  return { items, claimed, line: lines[start]!.no };
}
