/** Benchmarking a service against the library of published inspections (pure). */
export { quartiles, rankOf, quarterOf, type Quartiles } from './stats.js';
export {
  benchmark,
  MIN_COMPARATORS,
  matchesFilter,
  percentOf,
  yearOf,
  type Benchmark,
  type BenchmarkFilter,
  type BenchmarkSubject,
  type KeyQuestionBenchmark,
  type StandardDifference,
} from './benchmark.js';
