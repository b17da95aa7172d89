/**
 * Table figures as extracted: "8 6", "69%", "45%*", "8 6 75%", numbers on lines of their own, and
 * OCR digits ("l00%", "1O"). A run of figures is read into rows: a pair of counts (relevant, yes) with an
 * optional percentage, or a percentage alone.
 */

export interface FigureRow {
  readonly relevant: number | null;
  readonly yes: number | null;
  readonly percent: number | null;
  /** Printed with a discretion mark ("45%*"). */
  readonly marked: boolean;
}

const TOKEN = /^[0-9OolI|]{1,3}(%\*{0,2}|\*{1,2})?$|^\*$/;

function digits(t: string): number | null {
  const d = t.replace(/[%*]/g, '').replace(/[Oo]/g, '0').replace(/[lI|]/g, '1');
  if (!/^\d{1,3}$/.test(d)) return null;
  // An OCR token must carry at least one real digit or a % sign, or it is a word ("I", "lo").
  if (!/\d/.test(t) && !t.includes('%')) return null;
  return Number(d);
}

/** "n/a", "N/A", "–": no percentage, printed where a key question has no relevant cases. */
const NO_PERCENT = /^(?:n\/a|[–—-])$/i;
export const isNoPercent = (t: string) => NO_PERCENT.test(t);

/**
 * The figure tokens of a string that holds nothing but figures, or null. Counts printed "6 of 8 (75%)" or
 * "6/8 75%" ('Yes' first) become the usual "8 6 75%". Such a pair is read only with its percentage after it,
 * or as "0/0": alone, "5 / 32" is a page footer.
 */
export function figureTokens(text: string): string[] | null {
  const normal = text
    .trim()
    .replace(/\((\d{1,3}%|n\/a)\)/gi, '$1')
    .replace(/\b(\d{1,3})\s*(?:\/|\bof\b)\s*(\d{1,3})\b(?=\s+(?:[0-9OolI|]{1,3}%|n\/a|[–—-])(?:\s|$))|\b(0)\s*(?:\/|\bof\b)\s*(0)\b/gi, (_m, yes?: string, relevant?: string, y0?: string, r0?: string) =>
      `${relevant ?? r0} ${yes ?? y0}`,
    );
  const tokens = normal.split(/[\s\t]+/).filter((t) => t !== '');
  if (tokens.length === 0) return null;
  for (const [i, t] of tokens.entries()) {
    // "n/a" may stand alone; a dash only in a row's percentage place (alone it is punctuation).
    if (/^n\/a$/i.test(t) || (NO_PERCENT.test(t) && i > 0)) continue;
    if (!TOKEN.test(t)) return null;
    if (t !== '*' && digits(t) === null) return null;
  }
  return tokens;
}

export interface ReadRows {
  readonly rows: FigureRow[];
  /** Tokens that made no row (a lone count: a page number or a footnote reference). */
  readonly stray: number;
}

export function readRows(tokens: readonly string[]): ReadRows {
  const rows: FigureRow[] = [];
  let stray = 0;
  const items = tokens.filter((t) => t !== '*');
  for (let i = 0; i < items.length; i++) {
    const t = items[i]!;
    if (t.includes('%')) {
      rows.push({ relevant: null, yes: null, percent: digits(t), marked: t.includes('*') });
      continue;
    }
    if (NO_PERCENT.test(t)) {
      // "n/a" alone in a percentage column: no relevant cases. A stray dash is nothing.
      if (/^n\/a$/i.test(t)) rows.push({ relevant: 0, yes: 0, percent: null, marked: false });
      else stray++;
      continue;
    }
    const next = items[i + 1];
    if (next !== undefined && !next.includes('%') && !NO_PERCENT.test(next)) {
      const after = items[i + 2];
      const withPercent = after !== undefined && after.includes('%');
      const placeholder = after !== undefined && NO_PERCENT.test(after);
      rows.push({
        relevant: digits(t),
        yes: digits(next),
        percent: withPercent ? digits(after) : null,
        marked: t.includes('*') || next.includes('*') || (withPercent && after.includes('*')),
      });
      if (placeholder) i++;
      i += withPercent ? 2 : 1;
      continue;
    }
    stray++;
  }
  return { rows, stray };
}

/**
 * Counts printed run together by a PDF converter ("86" for 8 relevant, 6 'Yes'), optionally followed by the
 * percentage ("86 75%"). Returns the one split the table allows (relevant at most the table's cases, 'Yes' at
 * most relevant, and the percentage agreeing when printed), or null when there is none or more than one.
 */
export function runTogetherCounts(tokens: readonly string[], tableN: number | null): FigureRow | null {
  const items = tokens.filter((t) => t !== '*');
  const [glued, pct] = items;
  if (tableN === null || glued === undefined || items.length > 2 || !/^\d{2,3}$/.test(glued)) return null;
  const percent = pct === undefined ? null : pct.includes('%') ? digits(pct) : undefined;
  if (percent === undefined) return null;
  const fits: FigureRow[] = [];
  for (let cut = 1; cut < glued.length; cut++) {
    const [a, b] = [glued.slice(0, cut), glued.slice(cut)];
    // A count is never printed with a leading zero.
    if ((a.length > 1 && a.startsWith('0')) || (b.length > 1 && b.startsWith('0'))) continue;
    const relevant = Number(a);
    const yes = Number(b);
    if (relevant < 1 || relevant > tableN || yes > relevant) continue;
    if (percent !== null && Math.round((yes * 100) / relevant) !== percent) continue;
    fits.push({ relevant, yes, percent, marked: items.some((t) => t.includes('*')) || tokens.includes('*') });
  }
  return fits.length === 1 ? fits[0]! : null;
}

/**
 * Splits "question text? 8 6" or "question text\t69%" into the words and the trailing figures. A number
 * glued to the question mark ("safe?11") is a footnote reference and is dropped.
 */
export function splitTrailingFigures(text: string): { words: string; figures: string[] | null } {
  const q = text.lastIndexOf('?');
  let words = text;
  let rest = '';
  if (q >= 0) {
    words = text.slice(0, q + 1);
    rest = text.slice(q + 1);
    const glued = /^(\d{1,2})(?=\s|$)/.exec(rest);
    if (glued) rest = rest.slice(glued[0].length);
  } else {
    // The figures start at a tab: the first one after which only figures follow.
    for (let at = text.indexOf('\t'); at > 0; at = text.indexOf('\t', at + 1)) {
      const head = text.slice(0, at);
      if (/[A-Za-z)]/.test(head) && figureTokens(text.slice(at + 1))) return { words: head.replace(/\s+$/, ''), figures: figureTokens(text.slice(at + 1)) };
    }
    return { words: text, figures: null };
  }
  const figures = rest.trim() === '' ? null : figureTokens(rest);
  return { words, figures };
}
