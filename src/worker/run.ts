/**
 * Runs one job in a fresh worker thread, so that parsing an uploaded file never blocks the server's event
 * loop, with a time limit (the worker is terminated) and a memory limit (the worker dies, not the server).
 * A job module (`*-worker.ts`) calls `serveJob` with its function; `runJob` starts it and waits for the answer.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';

export interface JobLimits {
  readonly timeoutMs: number;
  /** Heap of the worker; beyond it the worker alone is stopped. */
  readonly maxMemoryMb: number;
}

/** The job did not finish within its limits: `reason` says which. */
export class JobLimitError extends Error {
  constructor(readonly reason: 'time' | 'memory', message: string) {
    super(message);
    this.name = 'JobLimitError';
  }
}

/** An error thrown by the job, carried across the thread as plain data. */
export interface JobFailure {
  readonly name: string;
  readonly message: string;
  readonly details?: unknown;
}

type Answer<T> = { ok: true; value: T } | { ok: false; error: JobFailure };

/**
 * A job module's entry (`new URL('./x-worker.js', import.meta.url)`). From the TypeScript sources (tests,
 * development) the worker loads tsx first; the built code runs as it is.
 */
export function jobModule(moduleUrl: string, name: string): { url: URL; source: boolean } {
  const source = moduleUrl.endsWith('.ts');
  return { url: new URL(`./${name}.${source ? 'ts' : 'js'}`, moduleUrl), source };
}

/** Jobs running at once in this process; others wait their turn (each may use up to its memory limit). */
export const MAX_RUNNING_JOBS = 2;
let running = 0;
const turns: (() => void)[] = [];

/** Jobs running and waiting in this process just now. */
export const jobCounts = (): { running: number; waiting: number } => ({ running, waiting: turns.length });

export async function runJob<T>(module: { url: URL; source: boolean }, input: unknown, limits: JobLimits, transfer: ArrayBuffer[] = []): Promise<T> {
  if (running < MAX_RUNNING_JOBS) running++;
  else await new Promise<void>((resolve) => turns.push(resolve)); // the turn is handed over
  try {
    return await startJob<T>(module, input, limits, transfer);
  } finally {
    const next = turns.shift();
    if (next) next();
    else running--;
  }
}

function startJob<T>(module: { url: URL; source: boolean }, input: unknown, limits: JobLimits, transfer: ArrayBuffer[]): Promise<T> {
  const options = { workerData: input, transferList: transfer, resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb } };
  const worker = module.source
    ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(module.url.href)}); })`, { ...options, eval: true })
    : new Worker(module.url, options);
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => settle(() => reject(new JobLimitError('time', `did not finish within ${Math.round(limits.timeoutMs / 1000)} seconds`))), limits.timeoutMs);
    worker.once('message', (answer: Answer<T>) => settle(() => (answer.ok ? resolve(answer.value) : reject(Object.assign(new Error(answer.error.message), answer.error)))));
    worker.once('error', (err: Error & { code?: string }) =>
      settle(() => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new JobLimitError('memory', `needed more than ${limits.maxMemoryMb} MB of memory`) : err)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the worker stopped (exit code ${code}) without an answer`))));
  });
}

/** In a job module: run `job` on the worker's input and post its answer (or its error as data). */
export function serveJob<I, O>(job: (input: I) => Promise<O> | O, details?: (err: unknown) => unknown): void {
  if (!parentPort) throw new Error('serveJob runs only in a worker thread');
  const port = parentPort;
  void (async () => {
    try {
      port.postMessage({ ok: true, value: await job(workerData as I) } satisfies Answer<O>);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      port.postMessage({ ok: false, error: { name: e.name, message: e.message, details: details?.(err) } } satisfies Answer<O>);
    }
  })();
}
