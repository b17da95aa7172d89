/**
 * Stratified selection: choose n of N units so that, for every classification (variable), each category's
 * sample count is within one case of its proportional share n·N_k/N wherever that is achievable.
 *
 * Method (documented in docs/sampling.md):
 * 1. Group units into joint strata (one per combination of categories). Only stratum counts matter for balance.
 * 2. Allocate n over the strata greedily, each step adding to the stratum whose categories are furthest below
 *    their shares (ties in a seeded random order).
 * 3. Repair: move one case from one stratum to another while that lowers, in order, (a) the total excess over
 *    one case, (b) the number of categories outside floor/ceil of their share, (c) the sum of squared
 *    differences. Seeded restarts from other allocations if (a) is not zero.
 * 4. Within each stratum, a seeded shuffle decides which units are taken; the rest are reserves, ordered by
 *    continuing step 2 towards n+1, n+2, … cases, so the first reserves keep the balance best.
 */
import { shuffled, type Rng } from './prng.js';

export interface StratifyOptions<T> {
  /** One category per variable for a unit, the same variables in the same order for every unit. */
  readonly classify: (unit: T) => readonly string[];
  readonly rng: Rng;
  /** How many reserves to list, in order (default 0). */
  readonly reserve?: number;
}

export interface Selection<T> {
  readonly sample: T[];
  readonly reserve: T[];
}

/** Balance score: lower is better, compared in order. */
export type Score = readonly [excess: number, outsideRounding: number, squares: number];

const EPS = 1e-9;

export function compareScores(a: Score, b: Score): number {
  for (let i = 0; i < 3; i++) {
    const d = a[i]! - b[i]!;
    if (Math.abs(d) > EPS) return d;
  }
  return 0;
}

/** Score of one category's difference d = count − share. */
function part(d: number): Score {
  const ad = Math.abs(d);
  return [Math.max(0, ad - 1), ad >= 1 - EPS ? 1 : 0, d * d];
}

/** Score of whole count vectors against shares (exported for replacement and tests). */
export function balanceScore(counts: readonly number[], shares: readonly number[]): Score {
  const s: [number, number, number] = [0, 0, 0];
  for (let g = 0; g < counts.length; g++) {
    const p = part(counts[g]! - shares[g]!);
    s[0] += p[0]; s[1] += p[1]; s[2] += p[2];
  }
  return s;
}

interface Strata<T> {
  /** Global category index per stratum, per variable. */
  readonly cats: number[][];
  readonly members: T[][];
  /** Units per global category in the population. */
  readonly popCounts: number[];
}

/** Builds joint strata and global category indices g, one per (variable, category) present. */
export function buildStrata<T>(units: readonly T[], classify: (u: T) => readonly string[]): Strata<T> {
  // Pass 1: a local index per variable's category; numeric stratum keys avoid a string per unit.
  const perVariable: Map<string, number>[] = [];
  const locals: number[][] = [];
  for (const u of units) {
    const values = classify(u);
    if (perVariable.length === 0) for (let i = 0; i < values.length; i++) perVariable.push(new Map());
    else if (values.length !== perVariable.length) throw new Error('every unit must have one category per variable');
    const row = new Array<number>(values.length);
    for (let i = 0; i < values.length; i++) {
      const m = perVariable[i]!;
      let k = m.get(values[i]!);
      if (k === undefined) m.set(values[i]!, (k = m.size));
      row[i] = k;
    }
    locals.push(row);
  }
  const offsets: number[] = [];
  let G = 0;
  for (const m of perVariable) {
    offsets.push(G);
    G += m.size;
  }
  const popCounts = new Array<number>(G).fill(0);
  const strataIndex = new Map<number, number>();
  const cats: number[][] = [];
  const members: T[][] = [];
  units.forEach((u, j) => {
    const row = locals[j]!;
    let key = 0;
    for (let i = 0; i < row.length; i++) {
      key = key * perVariable[i]!.size + row[i]!;
      popCounts[offsets[i]! + row[i]!]!++;
    }
    let s = strataIndex.get(key);
    if (s === undefined) {
      strataIndex.set(key, (s = cats.length));
      cats.push(row.map((k, i) => offsets[i]! + k));
      members.push([]);
    }
    members[s]!.push(u);
  });
  return { cats, members, popCounts };
}

export function selectStratified<T>(units: readonly T[], n: number, options: StratifyOptions<T>): Selection<T> {
  const N = units.length;
  if (!Number.isInteger(n) || n < 0 || n > N) throw new RangeError(`cannot select ${n} of ${N} cases`);
  const { rng } = options;
  const reserveWanted = Math.max(0, Math.min(options.reserve ?? 0, N - n));
  const strata = buildStrata(units, options.classify);
  const S = strata.cats.length;
  const shares = strata.popCounts.map((k) => (n * k) / Math.max(1, N));
  const caps = strata.members.map((m) => m.length);

  let best: number[] = [];
  let bestScore: Score = [Infinity, Infinity, Infinity];
  for (let attempt = 0; attempt < 12; attempt++) {
    const order = shuffled([...Array(S).keys()], rng);
    const x = greedyFill(new Array<number>(S).fill(0), n, caps, strata.cats, shares, order, strata.popCounts.length);
    repair(x, caps, strata.cats, shares, order);
    const score = balanceScore(categoryCounts(x, strata.cats, strata.popCounts.length), shares);
    if (compareScores(score, bestScore) < 0) {
      best = x;
      bestScore = score;
    }
    // Stop once every category is within one case and, after a few tries, even if some miss floor/ceil.
    if (bestScore[0] < EPS && (bestScore[1] < EPS || attempt >= 2)) break;
  }
  // The heuristic can miss a balanced sample that exists; where the choices are few, look at every one. This
  // draws nothing from the generator, so a seed still gives the same sample wherever the heuristic succeeded.
  if (bestScore[0] >= EPS) {
    const exact = exhaustiveCounts(n, caps, strata.cats, shares, strata.popCounts.length);
    if (exact && compareScores(exact.score, bestScore) < 0) ({ x: best, score: bestScore } = exact);
  }

  // Which units of each stratum: a seeded shuffle; the rest queue up as reserves.
  const queues = strata.members.map((m) => shuffled(m, rng));
  const sample: T[] = [];
  strata.cats.forEach((_, s) => sample.push(...queues[s]!.slice(0, best[s]!)));

  const reserve: T[] = [];
  const x = [...best];
  const order = shuffled([...Array(S).keys()], rng);
  for (let k = 1; k <= reserveWanted; k++) {
    const sharesK = strata.popCounts.map((c) => ((n + k) * c) / N);
    const s = bestAddition(x, caps, strata.cats, sharesK, order, strata.popCounts.length);
    reserve.push(queues[s]![x[s]!]!);
    x[s]!++;
  }
  return { sample, reserve };
}

/** Largest number of stratum count vectors searched exhaustively (small populations only). */
const EXHAUSTIVE_LIMIT = 200_000;

/** The best counts per stratum over every way of taking n cases, or null when there are too many ways to try. */
function exhaustiveCounts(n: number, caps: readonly number[], cats: readonly number[][], shares: readonly number[], G: number): { x: number[]; score: Score } | null {
  let ways = 1;
  for (const c of caps) {
    ways *= Math.min(c, n) + 1;
    if (ways > EXHAUSTIVE_LIMIT) return null;
  }
  const S = caps.length;
  const x = new Array<number>(S).fill(0);
  // How many cases the strata from s on can still hold, to prune counts that cannot reach n.
  const room = new Array<number>(S + 1).fill(0);
  for (let s = S - 1; s >= 0; s--) room[s] = room[s + 1]! + Math.min(caps[s]!, n);
  let best: { x: number[]; score: Score } | null = null;
  const visit = (s: number, left: number): void => {
    if (s === S) {
      if (left !== 0) return;
      const score = balanceScore(categoryCounts(x, cats, G), shares);
      if (!best || compareScores(score, best.score) < 0) best = { x: [...x], score };
      return;
    }
    if (room[s]! < left) return;
    for (let k = Math.min(caps[s]!, left); k >= 0; k--) {
      x[s] = k;
      visit(s + 1, left - k);
    }
    x[s] = 0;
  };
  visit(0, n);
  return best;
}

function categoryCounts(x: readonly number[], cats: readonly number[][], G: number): number[] {
  const c = new Array<number>(G).fill(0);
  x.forEach((xs, s) => {
    if (xs > 0) for (const g of cats[s]!) c[g]! += xs;
  });
  return c;
}

function bestAddition(x: number[], caps: number[], cats: number[][], shares: number[], order: number[], G: number): number {
  const c = categoryCounts(x, cats, G);
  let best = -1;
  let bestScore: Score = [Infinity, Infinity, Infinity];
  for (const s of order) {
    if (x[s]! >= caps[s]!) continue;
    const d: [number, number, number] = [0, 0, 0];
    for (const g of cats[s]!) {
      const before = part(c[g]! - shares[g]!), after = part(c[g]! + 1 - shares[g]!);
      d[0] += after[0] - before[0]; d[1] += after[1] - before[1]; d[2] += after[2] - before[2];
    }
    if (compareScores(d, bestScore) < 0) {
      best = s;
      bestScore = d;
    }
  }
  return best;
}

function greedyFill(x: number[], n: number, caps: number[], cats: number[][], shares: number[], order: number[], G: number): number[] {
  for (let k = 0; k < n; k++) x[bestAddition(x, caps, cats, shares, order, G)]!++;
  return x;
}

/** Steepest descent over single moves (one case from stratum b to stratum a). */
function repair(x: number[], caps: number[], cats: number[][], shares: number[], order: number[]): void {
  const G = shares.length;
  const c = categoryCounts(x, cats, G);
  const S = x.length;
  const addDelta: Score[] = new Array<Score>(G);
  const removeDelta: Score[] = new Array<Score>(G);
  for (let guard = 0; guard < 10 * (S + G) + 1000; guard++) {
    for (let g = 0; g < G; g++) {
      const now = part(c[g]! - shares[g]!), up = part(c[g]! + 1 - shares[g]!), down = part(c[g]! - 1 - shares[g]!);
      addDelta[g] = [up[0] - now[0], up[1] - now[1], up[2] - now[2]];
      removeDelta[g] = [down[0] - now[0], down[1] - now[1], down[2] - now[2]];
    }
    let bestA = -1, bestB = -1;
    let bestScore: Score = [0, 0, 0];
    for (const a of order) {
      if (x[a]! >= caps[a]!) continue;
      const ca = cats[a]!;
      for (const b of order) {
        if (b === a || x[b]! === 0) continue;
        const cb = cats[b]!;
        let d0 = 0, d1 = 0, d2 = 0;
        for (let v = 0; v < ca.length; v++) {
          const ga = ca[v]!, gb = cb[v]!;
          if (ga === gb) continue;
          const ad = addDelta[ga]!, rd = removeDelta[gb]!;
          d0 += ad[0] + rd[0]; d1 += ad[1] + rd[1]; d2 += ad[2] + rd[2];
        }
        const d: Score = [d0, d1, d2];
        if (compareScores(d, bestScore) < 0) {
          bestA = a; bestB = b; bestScore = d;
        }
      }
    }
    if (bestA === -1) return;
    x[bestA]!++; x[bestB]!--;
    for (const g of cats[bestA]!) c[g]!++;
    for (const g of cats[bestB]!) c[g]!--;
  }
}
