/** Order statistics for benchmarking: pure, deterministic, on plain numbers. */

export interface Quartiles {
  readonly min: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly max: number;
}

/**
 * Quartiles by linear interpolation between order statistics (the method of Excel's QUARTILE.INC and
 * R's type 7), so the figures can be checked by hand in a spreadsheet. Null for an empty list.
 */
export function quartiles(values: readonly number[]): Quartiles | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.ceil(h);
    return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
  };
  return { min: sorted[0]!, q1: at(0.25), median: at(0.5), q3: at(0.75), max: sorted[sorted.length - 1]! };
}

/**
 * Competition rank of `value` among `others` plus itself, highest first: 1 + how many others are strictly
 * higher. Equal figures share a rank, so a service is never ranked below a service with the same figure.
 */
export function rankOf(value: number, others: readonly number[]): { rank: number; of: number } {
  return { rank: 1 + others.filter((v) => v > value).length, of: others.length + 1 };
}

/** Which quarter of the library the value falls in: 1 = top quarter (at or above q3) … 4 = bottom (below q1). */
export function quarterOf(value: number, q: Quartiles): 1 | 2 | 3 | 4 {
  if (value >= q.q3) return 1;
  if (value >= q.median) return 2;
  if (value >= q.q1) return 3;
  return 4;
}
