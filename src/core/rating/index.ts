/** The rating engine's public surface. See docs/rating-rules.md for the rules in words. */
export { limitsInForce, rate, rateInspection, type FrameworkResolver } from './engine.js';
export { RatingInputError, formatProblem, type InputProblem } from './errors.js';
export { HMIP_RULES, bandOf, overallFromScore, percentOf, ratingScale, shareIsBelow, thresholds, withinFivePoints, type RatingScale } from './bands.js';
export { limitInForceMessage, limitingRuleMessage, listWords, numberWords, overallRangesText, ratingOrBetter, thresholdsText, withinPointsWords } from './rules-text.js';
export { computeStandard, type ComputedStandard, type Figure } from './standard-rating.js';
export {
  ANSWERS,
  CASE_REF_PATTERN,
  CaseInputSchema,
  DISCRETION_REASONS,
  RateInputSchema,
  RateOutputSchema,
  rateJsonSchemas,
  isValidCase,
  type Answer,
  type CaseInput,
  type DiscretionDecision,
  type DiscretionReason,
  type KeyQuestionResult,
  type PromptResult,
  type RateInput,
  type RateOutput,
  type StandardResult,
} from './schema.js';
