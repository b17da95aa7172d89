/**
 * Fuzzy text matching for extracted report text. Both sides are folded the same way, so OCR confusions
 * (l/I/1, rn/m, O/0), split words and odd spacing stop mattering; what is left is compared by edit distance.
 */

/** Folds text for comparison: lower case, letters that OCR confuses merged, punctuation dropped. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/rn/g, 'm')
    .replace(/[1|!iíìı]/g, 'l')
    .replace(/0/g, 'o')
    .replace(/[‘’'`´"“”]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Folded with no spaces at all: words split across lines or run together compare equal. */
export function compact(text: string): string {
  return fold(text).replace(/ /g, '');
}

/** Levenshtein distance, with an early exit once it must exceed `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * Best approximate occurrence of `pattern` anywhere in `text` (Sellers' algorithm): the fewest edits that
 * turn some substring of text into pattern, and where that substring ends.
 */
export function searchApprox(pattern: string, text: string): { distance: number; end: number } {
  const m = pattern.length;
  if (m === 0) return { distance: 0, end: 0 };
  const p = new Uint16Array(m);
  for (let i = 0; i < m; i++) p[i] = pattern.charCodeAt(i);
  let col = new Int32Array(m + 1);
  let next = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) col[i] = i;
  let best = m;
  let bestEnd = 0;
  for (let j = 1; j <= text.length; j++) {
    next[0] = 0;
    const ct = text.charCodeAt(j - 1);
    for (let i = 1; i <= m; i++) {
      const sub = col[i - 1]! + (p[i - 1] === ct ? 0 : 1);
      const del = col[i]! + 1;
      const ins = next[i - 1]! + 1;
      next[i] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    if (next[m]! < best) {
      best = next[m]!;
      bestEnd = j;
    }
    const t = col;
    col = next;
    next = t;
  }
  return { distance: best, end: bestEnd };
}

/** Character trigrams of a compact string, for a cheap first pass before edit distance. */
export function trigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return out;
}

/** Share of the pattern's trigrams found in the text's (0–1). */
export function trigramCover(pattern: Set<string>, text: Set<string>): number {
  if (pattern.size === 0) return 0;
  let hit = 0;
  for (const t of pattern) if (text.has(t)) hit++;
  return hit / pattern.size;
}

/** True when `a` and `b` are the same words, allowing about one edit in eight characters. */
export function similar(a: string, b: string, ratio = 0.15): boolean {
  const ca = compact(a);
  const cb = compact(b);
  if (ca.length === 0 || cb.length === 0) return false;
  const max = Math.max(1, Math.floor(Math.max(ca.length, cb.length) * ratio));
  return editDistance(ca, cb, max) <= max;
}

/** Whether `text` contains something close to `phrase` (compact forms, about one edit in six). */
export function containsApprox(text: string, phrase: string, ratio = 0.17): boolean {
  const p = compact(phrase);
  const t = compact(text);
  if (t.includes(p)) return true;
  if (p.length < 4) return false;
  return searchApprox(p, t).distance <= Math.max(1, Math.floor(p.length * ratio));
}
