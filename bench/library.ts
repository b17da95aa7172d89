/**
 * Benchmarking one service against a library of 150 published reports (the statistics for every key
 * question and standard), as a ratio to sorting the same figures per key question — the least any
 * quartile computation must do — both measured in this run.
 */
import { benchmark, type BenchmarkSubject } from '../src/core/benchmark/index.js';
import { allKeyQuestions, getFramework } from '../src/core/framework/index.js';
import type { BenchLine } from './index.js';
import { medianMs } from './util.js';

function library(n: number): BenchmarkSubject[] {
  const ids = allKeyQuestions(getFramework('2018')).map((k) => k.id);
  let x = 12345;
  const next = (): number => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    label: `Service ${i}`,
    framework: i % 3 === 0 ? '2021' : '2018',
    published: `${2018 + (i % 6)}-0${1 + (i % 9)}`,
    keyQuestions: Object.fromEntries(ids.map((id) => [id, Math.round(next() * 100)])),
  }));
}

export async function run(): Promise<BenchLine[]> {
  const lib = library(150);
  const subject = lib[1]!;
  const ids = Object.keys(subject.keyQuestions);
  const base = medianMs(() => ids.map((id) => lib.map((r) => r.keyQuestions[id] as number).sort((a, b) => a - b)), 31, 5);
  const took = medianMs(() => benchmark(subject, lib, { framework: null, yearFrom: null, yearTo: null }), 31, 5);
  return [{ name: `benchmark a service against ${lib.length} reports (${ids.length} key questions)`, baseline: 'sorting the same figures per key question', ratio: took / base }];
}
