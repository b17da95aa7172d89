/**
 * Agreement between two markers who each put the same items into categories (e.g. the answers 'yes', 'no',
 * 'not-relevant' of two inspectors to one question over the double-marked cases): the counts, the observed
 * agreement, the agreement expected by chance from each marker's own shares, and Cohen's kappa
 * (Cohen 1960): κ = (pₒ − pₑ) / (1 − pₑ).
 *
 * Kappa is not always a number worth printing, and the result says so instead of printing one:
 * - no items: nothing was marked twice, so there is no agreement to measure;
 * - one category: both markers put every item in the same single category, so chance alone predicts full
 *   agreement (pₑ = 1) and kappa is 0/0;
 * - one marker constant: one marker put every item in a single category, so kappa is 0 whatever the other
 *   did; it says nothing about their agreement.
 * Everything is computed from whole counts (κ = (n·a − Σ rₖcₖ) / (n² − Σ rₖcₖ)), so it is exact up to one
 * division and the same whichever marker is called first.
 */

export type KappaStatus = 'defined' | 'no-items' | 'one-category' | 'one-marker-constant';

export interface Agreement<C extends string = string> {
  /** The categories in the order of the table's rows and columns. */
  readonly categories: readonly C[];
  /** table[i][j]: items the first marker put in categories[i] and the second in categories[j]. */
  readonly table: readonly (readonly number[])[];
  /** Each marker's count per category (row and column totals). */
  readonly first: readonly number[];
  readonly second: readonly number[];
  /** Items marked by both. */
  readonly n: number;
  /** Items on which they agree (the table's diagonal). */
  readonly agreed: number;
  /** Observed agreement pₒ = agreed / n; null with no items. */
  readonly observed: number | null;
  /** Agreement expected by chance pₑ = Σ (firstₖ / n)(secondₖ / n); null with no items. */
  readonly expected: number | null;
  /** Cohen's kappa; null when it is undefined (no items, one category). */
  readonly kappa: number | null;
  readonly status: KappaStatus;
  /** The result in words, e.g. "Kappa 0.40: observed agreement 70% (35 of 50), 50% expected by chance." */
  readonly explanation: string;
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** Kappa from a square table of counts: rows the first marker's categories, columns the second's. */
export function kappaFromTable<C extends string>(categories: readonly C[], table: readonly (readonly number[])[]): Agreement<C> {
  const k = categories.length;
  if (new Set(categories).size !== k) throw new RangeError('the categories must be distinct');
  if (table.length !== k || table.some((row) => row.length !== k)) throw new RangeError(`the table must be ${k} × ${k}, one row and column per category`);
  if (table.some((row) => row.some((v) => !Number.isInteger(v) || v < 0))) throw new RangeError('the table holds counts: whole numbers, 0 or more');
  const first = table.map((row) => row.reduce((a, b) => a + b, 0));
  const second = categories.map((_, j) => table.reduce((a, row) => a + row[j]!, 0));
  const n = first.reduce((a, b) => a + b, 0);
  const agreed = table.reduce((a, row, i) => a + row[i]!, 0);
  const base = { categories: [...categories], table: table.map((r) => [...r]), first, second, n, agreed };
  if (n === 0) {
    return { ...base, observed: null, expected: null, kappa: null, status: 'no-items', explanation: 'Kappa is undefined: no item was marked by both markers.' };
  }
  // Σ firstₖ·secondₖ: n² times the chance agreement.
  const chance = first.reduce((a, r, i) => a + r * second[i]!, 0);
  const observed = agreed / n;
  const expected = chance / (n * n);
  const counts = `observed agreement ${pct(observed)} (${agreed} of ${n})`;
  if (chance === n * n) {
    const only = categories[first.findIndex((r) => r > 0)]!;
    return {
      ...base, observed, expected, kappa: null, status: 'one-category',
      explanation: `Kappa is undefined: both markers answered ‘${only}’ every time, so chance alone predicts full agreement (${counts}).`,
    };
  }
  const kappa = (n * agreed - chance) / (n * n - chance);
  const constant = first.filter((r) => r > 0).length === 1 || second.filter((c) => c > 0).length === 1;
  if (constant) {
    const who = first.filter((r) => r > 0).length === 1 ? 'the first marker' : 'the second marker';
    const cat = who === 'the first marker' ? categories[first.findIndex((r) => r > 0)]! : categories[second.findIndex((c) => c > 0)]!;
    return {
      ...base, observed, expected, kappa, status: 'one-marker-constant',
      explanation: `Kappa ${kappa.toFixed(2)} is not meaningful: ${who} answered ‘${cat}’ every time, which makes kappa 0 whatever the other answered; ${counts}, ${pct(expected)} expected by chance.`,
    };
  }
  return { ...base, observed, expected, kappa, status: 'defined', explanation: `Kappa ${kappa.toFixed(2)}: ${counts}, ${pct(expected)} expected by chance.` };
}

/**
 * Kappa from the two markers' categories item by item: pairs[i] = [first marker's, second marker's]. The
 * categories are those given (every pair must use them), or else those used, in sorted order.
 */
export function cohensKappa<C extends string>(pairs: readonly (readonly [C, C])[], categories?: readonly C[]): Agreement<C> {
  const cats = categories ?? [...new Set(pairs.flat())].sort();
  const index = new Map(cats.map((c, i) => [c, i]));
  const table = cats.map(() => cats.map(() => 0));
  for (const [a, b] of pairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) throw new RangeError(`'${i === undefined ? a : b}' is not one of the categories ${cats.join(', ')}`);
    table[i]![j]! += 1;
  }
  return kappaFromTable(cats, table);
}
