/**
 * Quality of judgement, as pure statistics: the Wilson interval of a proportion (with the finite population
 * correction), Cohen's kappa between two markers, and how firm each rating is across its interval.
 */
export { standardNormalQuantile, zForConfidence } from './normal.js';
export { DEFAULT_CONFIDENCE, wilsonInterval, type IntervalOptions, type ProportionInterval } from './wilson.js';
export { cohensKappa, kappaFromTable, type Agreement, type KappaStatus } from './kappa.js';
export {
  WIDE_CONFIDENCE,
  bandFirmness,
  bandOfPercent,
  bandsSpanned,
  intervalPercentText,
  ratingFirmness,
  relevantPopulation,
  type BandFirmness,
  type DomainSampling,
  type FirmnessOptions,
  type FirmnessStandardInput,
  type Interval,
  type KeyQuestionFirmness,
  type RatingFirmness,
  type StandardFirmness,
} from './firmness.js';
