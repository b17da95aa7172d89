/**
 * A framework's rating rules in words, for the engine's messages, the report's rules section and the
 * importer's findings: "within five points of 50, 65 or 80", "0–6, 7–18, 19–30, 31–36".
 */
import { RATINGS, type Rating, type RatingRules } from '../framework/types.js';
import { thresholds } from './bands.js';

type Limit = RatingRules['limits'][number];

const SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** Whole numbers up to ten in words (GOV.UK style), others as figures. */
export function numberWords(n: number): string {
  return Number.isInteger(n) && n >= 0 && n <= 10 ? SMALL[n]! : String(n);
}

/** "a, b or c" (or "a, b and c"). */
export function listWords(items: readonly string[], last: 'or' | 'and'): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

/** The band thresholds, "50, 65 or 80". */
export function thresholdsText(rules: RatingRules): string {
  return listWords(thresholds(rules).map(String), 'or');
}

/** The overall ranges, "0–6, 7–18, 19–30, 31–36". */
export function overallRangesText(rules: RatingRules): string {
  return rules.overall.map((b) => (b.from === b.to ? `${b.from}` : `${b.from}\u2013${b.to}`)).join(', ');
}

/** "within five points", "within one point". */
export function withinPointsWords(points: number): string {
  return `within ${numberWords(points)} ${points === 1 ? 'point' : 'points'}`;
}

/** "Good or Outstanding": a rating or better. */
export function ratingOrBetter(rating: Rating): string {
  return listWords(RATINGS.slice(RATINGS.indexOf(rating)), 'or');
}

function shareWords(share: number): string {
  return share === 0.5 ? 'half' : `${Number((share * 100).toFixed(6))}%`;
}

function lowerFirst(name: string): string {
  // "Governance and leadership" → "governance and leadership"; "YOT partnerships" stays.
  return /^[A-Z][a-z]/.test(name) ? name[0]!.toLowerCase() + name.slice(1) : name;
}

/** The warning a limiting rule gives when it holds. */
/** A limiting rule in force, said before the judgement is recorded. */
export function limitInForceMessage(limit: Limit, standardName: string, count: number, total: number): string {
  return (
    `Only ${count} of ${total} domain ${listWords(limit.when.domains.map(String), 'and')} ratings are ${ratingOrBetter(limit.when.ratedAtLeast)} ` +
    `(fewer than ${shareWords(limit.when.shareBelow)}): under the limiting rule, ${lowerFirst(standardName)} can be rated no higher than ${limit.atMost}.`
  );
}

export function limitingRuleMessage(limit: Limit, standardName: string, rating: Rating, count: number, total: number): string {
  return (
    `${limit.standard} ${standardName} is rated ${rating}, but only ${count} of ${total} domain ${listWords(limit.when.domains.map(String), 'and')} ` +
    `standard ratings are ${ratingOrBetter(limit.when.ratedAtLeast)} (fewer than ${shareWords(limit.when.shareBelow)}): under the limiting rule ` +
    `${lowerFirst(standardName)} can be rated no higher than ${limit.atMost}. Check the judgement.`
  );
}
