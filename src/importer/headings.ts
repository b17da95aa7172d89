/**
 * Recognising the report's structure in a line: standard headings ("2.2. Planning", "## 2.2 Planning",
 * "2.2 Planning Good"), domain headings, annex headings, and the four rating words, all fuzzily so OCR
 * damage ("Overa III rating", "Requires irnprovement") still reads.
 */
import { RATINGS, type DomainId, type Framework, type Rating } from '../core/framework/types.js';
import { compact, editDistance } from './fuzzy.js';

const RATING_FORMS = RATINGS.map((r) => ({ rating: r, compact: compact(r) }));

/** A rating word (or the whole of a short cell) read fuzzily; "Requires" alone is Requires improvement. */
export function parseRating(text: string): Rating | null {
  const c = compact(text);
  if (c.length < 4 || c.length > 24) return null;
  for (const f of RATING_FORMS) {
    if (c === f.compact) return f.rating;
  }
  if (c === 'requlres' || c === 'requlresimprovement') return 'Requires improvement';
  for (const f of RATING_FORMS) {
    const max = f.compact.length <= 4 ? 0 : Math.floor(f.compact.length / 6);
    if (max > 0 && editDistance(c, f.compact, max) <= max) return f.rating;
  }
  return null;
}

/** The rating word a text ends with ("… leadership Requires improvement"), and what precedes it. */
export function trailingRating(text: string): { rating: Rating; before: string } | null {
  const words = text.trim().split(/\s+/);
  for (const n of [2, 1]) {
    if (words.length < n) continue;
    const tail = words.slice(-n).join(' ');
    const r = parseRating(tail);
    if (r && (n === 2 || r !== 'Requires improvement' || compact(tail).length > 7)) {
      return { rating: r, before: words.slice(0, -n).join(' ') };
    }
  }
  return null;
}

export interface StandardHeading {
  readonly id: string;
  /** The printed name agrees with the framework's name for that id. */
  readonly nameMatches: boolean;
  readonly rating: Rating | null;
}

const HEADING = /^(?:standard\s+)?([1-4])\s*[.,]\s*([1-4])\.?(?![.\d])\s*(.*)$/i;

function nameAgrees(printed: string, name: string): { agrees: boolean; rest: string } {
  const p = compact(printed);
  const n = compact(name);
  if (p.length === 0) return { agrees: false, rest: '' };
  const head = p.slice(0, n.length);
  const max = Math.max(1, Math.floor(n.length / 6));
  if (editDistance(head, n, max) <= max) {
    // Find the printed words after the name, for a rating on the same line.
    const words = printed.trim().split(/\s+/);
    for (let k = 1; k <= words.length; k++) {
      const c = compact(words.slice(0, k).join(' '));
      if (c.length >= n.length - max) return { agrees: true, rest: words.slice(k).join(' ') };
    }
    return { agrees: true, rest: '' };
  }
  // A shortened heading ("4.1. Resettlement" for "Resettlement policy and provision").
  if (p.length >= 8 && n.startsWith(p)) return { agrees: true, rest: '' };
  return { agrees: false, rest: '' };
}

/**
 * A standard heading or ratings-table row. Rows whose name differs from the framework's (a report's
 * slip, like "3.4 Reviewing") still count when they end in a rating, with nameMatches false.
 */
export function parseStandardHeading(text: string, framework: Framework): StandardHeading | null {
  // OCR reads 1 as l or I in numbers: "l.l Governance and leadership".
  const t = text.trim().replace(/^([1-4lI|])(\s*[.,]\s*)([1-4lI|])(?=[.\s])/, (_m, a: string, dot: string, b: string) => `${a.replace(/[lI|]/, '1')}${dot}${b.replace(/[lI|]/, '1')}`);
  const m = HEADING.exec(t);
  if (!m) return null;
  const id = `${m[1]}.${m[2]}`;
  const standard = framework.standards.find((s) => s.id === id);
  if (!standard) return null;
  const printed = m[3]!.replace(/[.…]{3,}.*$/, '').replace(/\t+/g, ' ');
  const { agrees, rest } = nameAgrees(printed, standard.name);
  if (agrees) {
    return { id, nameMatches: true, rating: rest ? parseRating(rest) ?? trailingRating(rest)?.rating ?? null : null };
  }
  const tr = trailingRating(printed);
  if (tr && tr.before.length > 0 && tr.before.split(/\s+/).length <= 6) return { id, nameMatches: false, rating: tr.rating };
  return null;
}

/** "3.4 Joint working" glued to the end of a paragraph: only an exact name counts mid-line. */
export function findInlineHeading(text: string, framework: Framework): string | null {
  const re = /(?:^|[.!?"”’'])\s+([1-4])\.([1-4])\.?\s+([A-Z][^.?!]{2,60})$/;
  const m = re.exec(text);
  if (!m) return null;
  const id = `${m[1]}.${m[2]}`;
  const s = framework.standards.find((x) => x.id === id);
  return s && compact(m[3]!) === compact(s.name) ? id : null;
}

const DOMAIN_WORDS: Record<string, DomainId> = { one: 1, two: 2, three: 3, four: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/** "Domain two: Court disposals", "2. Court disposals", "4. Resettlement" → the domain. */
export function parseDomainHeading(text: string, framework: Framework): DomainId | null {
  const t = text.trim();
  if (t.length > 70) return null;
  const a = /^domain\s+(one|two|three|four|[1-4])\b/i.exec(t);
  if (a) return DOMAIN_WORDS[a[1]!.toLowerCase()] ?? null;
  // A domain's name alone on a line ("Court disposals" under Methodology).
  const alone = compact(t);
  const named = framework.domains.find((d) => compact(d.name) === alone);
  if (named) return named.id;
  const b = /^([1-4])\.?\s+([A-Za-z][A-Za-z -]+?)(?:\s*\t.*)?$/.exec(t);
  if (!b) return null;
  const d = Number(b[1]) as DomainId;
  const domain = framework.domains.find((x) => x.id === d);
  const name = compact(b[2]!);
  if (domain && (name === compact(domain.name) || (name.length >= 6 && compact(domain.name).startsWith(name)))) return d;
  return null;
}

/** Annexes, methodology, glossary: standard context ends there (their prose is not about one standard). */
export function isAnnexHeading(text: string): boolean {
  const t = text.trim();
  if (t.length === 0 || t.length > 60) return false;
  return /^(annexe?\s*\d*|appendix|methodology|glossary|further information|ratings explained)\b/i.test(t.replace(/^\d+\.\s*/, ''));
}
