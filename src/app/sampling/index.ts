/** Sampling plans in the store: propose, override, confirm (one transaction) and replace, with history. */
export * from './plans.js';
export { toCaseInput } from './to-cases.js';
