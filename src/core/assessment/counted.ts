/**
 * Which cases the ratings and the report count: only finished work. A case counts once it is submitted or
 * quality assured; every other state (not started, in progress, returned, withdrawn, and any state added
 * later) does not, so answers in progress never move a figure.
 */
export const COUNTED_CASE_STATES: readonly string[] = Object.freeze(['submitted', 'quality-assured']);

export function isCountedState(state: string): boolean {
  return COUNTED_CASE_STATES.includes(state);
}

export interface CaseInCount {
  readonly ref: string;
  readonly domain: number;
  readonly state: string;
}

export interface CaseCounts {
  /** Cases whose answers the figures use, by state (e.g. `{ submitted: 3, "quality-assured": 1 }`). */
  readonly counted: { readonly total: number; readonly byState: Readonly<Record<string, number>> };
  /** Cases left out of every figure, by state (e.g. `{ "in-progress": 2 }`). */
  readonly notCounted: { readonly total: number; readonly byState: Readonly<Record<string, number>> };
  /** The cases left out, by reference, domain and state. */
  readonly refsNotCounted: readonly CaseInCount[];
}

export function countCases(cases: readonly CaseInCount[]): CaseCounts {
  const counted: Record<string, number> = {};
  const notCounted: Record<string, number> = {};
  const refsNotCounted: CaseInCount[] = [];
  for (const c of cases) {
    const into = isCountedState(c.state) ? counted : notCounted;
    into[c.state] = (into[c.state] ?? 0) + 1;
    if (!isCountedState(c.state)) refsNotCounted.push({ ref: c.ref, domain: c.domain, state: c.state });
  }
  const total = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
  return { counted: { total: total(counted), byState: counted }, notCounted: { total: total(notCounted), byState: notCounted }, refsNotCounted };
}
