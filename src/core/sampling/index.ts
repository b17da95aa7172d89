/** Sampling: from the eligible population to a defensible case sample. See docs/sampling.md. */
export * from './classification.js';
export * from './normal.js';
export * from './prng.js';
export * from './size.js';
export * from './eligibility.js';
export * from './stratify.js';
export * from './compare.js';
export * from './sample.js';
export * from './output.js';
