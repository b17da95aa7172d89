/**
 * The one table of limits a person can meet on a form: the services' validation and the forms' hints and
 * character counts both read it, so what a form states is what the service enforces. (A population file's
 * limits are the population reader's own: POPULATION_LIMITS in src/population/upload.ts.)
 */
export const LIMITS = {
  serviceName: 200,
  title: 200,
  caseRef: 40,
  displayName: 100,
  note: 4000,
  reason: 2000,
  evidenceWhat: 300,
  evidenceSummary: 8000,
  rationale: 8000,
  decisionReason: 4000,
  addressee: 200,
  recommendation: 4000,
  finding: 2000,
  paragraph: 5000,
  resettlementNote: 10_000,
  /** A framework file, JSON or YAML (the 2021 framework is about 60K). */
  frameworkFileBytes: 1_000_000,
} as const;
