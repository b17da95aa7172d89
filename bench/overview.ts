/**
 * Overview bench, on the demo data, signed in as the lead inspector: the inspection overview page's server time
 * as a ratio to a signed-in GET /api/v1/me (no database work), before and after the request scope in the same
 * run — "before" is the same page served by services without a request scope and without kept ratings, as
 * every page was served until then — and the ratings read (GET …/ratings) with 20 concurrent clients, p50 and
 * p99 against the same baseline. On PGlite, and on PostgreSQL when TEST_DATABASE_URL or DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createServices, type Services } from '../src/app/index.js';
import { loadDemo } from '../src/demo/index.js';
import { buildApp } from '../src/server/app.js';
import { testConfig } from '../src/server/config.js';
import { openStore, type Store } from '../src/store/index.js';
import { webPlugin } from '../src/web/plugin.js';
import type { BenchLine } from './index.js';
import { median, percentile } from './util.js';

const PASSWORD = 'bench password for the demo';

async function timed(url: string, cookie: string): Promise<number> {
  const t0 = performance.now();
  const r = await fetch(url, { headers: { cookie } });
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`bench GET ${url} failed: ${r.status}`);
  return performance.now() - t0;
}

async function serve(store: Store, services: Services) {
  const app = await buildApp({ store, config: testConfig() }, { services, plugins: [webPlugin] });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base };
}

async function benchOn(store: Store): Promise<BenchLine[]> {
  const services = createServices(store);
  const { inspectionId } = await loadDemo(services, { password: PASSWORD });
  // As before the request scope: every use case reads for itself, and the ratings are computed on every read.
  const unscoped = createServices(store, { ratingCacheEntries: 0 });
  const before = { ...unscoped, forRequest: () => unscoped };
  const now = await serve(store, services);
  const then = await serve(store, before);
  try {
    const signIn = await fetch(`${now.base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'lead@demo.example.org', password: PASSWORD }) });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const page = `/inspections/${inspectionId}`;
    const ratings = `/api/v1/inspections/${inspectionId}/ratings`;
    // A write the ratings depend on (the same answer again): the next page rates afresh.
    const touch = () => store.query(`UPDATE answers SET answer = answer WHERE case_id = (SELECT min(id) FROM cases WHERE inspection_id = $1)`, [inspectionId]);

    const N = 40;
    const me: number[] = [];
    const after: number[] = [];
    const afterCold: number[] = [];
    const old: number[] = [];
    for (let i = 0; i < 5; i++) {
      await timed(`${now.base}/api/v1/me`, cookie);
      await timed(`${now.base}${page}`, cookie);
      await timed(`${then.base}${page}`, cookie);
    }
    // Alternate, so that machine load hits every variant alike.
    for (let i = 0; i < N; i++) {
      me.push(await timed(`${now.base}/api/v1/me`, cookie));
      after.push(await timed(`${now.base}${page}`, cookie));
      old.push(await timed(`${then.base}${page}`, cookie));
      await touch();
      afterCold.push(await timed(`${now.base}${page}`, cookie));
    }

    const CLIENTS = 20;
    const PER_CLIENT = 15;
    const concurrent = async (base: string) => {
      const latencies: number[] = [];
      await Promise.all(Array.from({ length: CLIENTS }, async () => {
        // Each client opens its connection with an unmeasured request first (see bench/server.ts).
        await timed(`${base}${ratings}`, cookie);
        for (let i = 0; i < PER_CLIENT; i++) latencies.push(await timed(`${base}${ratings}`, cookie));
      }));
      return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), n: latencies.length };
    };
    const kept = await concurrent(now.base);
    const recomputed = await concurrent(then.base);

    const floor = median(me);
    const line = (name: string, ms: number, detail: string, target?: number): BenchLine => ({
      name: `${name} (${store.kind})`, baseline: 'signed-in GET /api/v1/me (no database work)', ratio: ms / floor, detail, ...(target === undefined ? {} : { target }),
    });
    return [
      line('inspection overview page, demo data, BEFORE: no request scope, ratings computed on every read', median(old), `median ${median(old).toFixed(1)} ms; baseline ${floor.toFixed(2)} ms`),
      line('inspection overview page, demo data, AFTER: request scope, ratings kept', median(after), `median ${median(after).toFixed(1)} ms (${(median(old) / median(after)).toFixed(1)}× faster than before)`),
      line('inspection overview page, demo data, AFTER, first page after a change (rates once)', median(afterCold), `median ${median(afterCold).toFixed(1)} ms`),
      line(`ratings read, ${CLIENTS} concurrent clients, p50, ratings kept`, kept.p50, `p50 ${kept.p50.toFixed(1)} ms over ${kept.n} reads`),
      line(`ratings read, ${CLIENTS} concurrent clients, p99, ratings kept`, kept.p99, `p99 ${kept.p99.toFixed(1)} ms`),
      line(`ratings read, ${CLIENTS} concurrent clients, p50, BEFORE: computed on every read`, recomputed.p50, `p50 ${recomputed.p50.toFixed(1)} ms`),
      line(`ratings read, ${CLIENTS} concurrent clients, p99, BEFORE: computed on every read`, recomputed.p99, `p99 ${recomputed.p99.toFixed(1)} ms`),
    ];
  } finally {
    await now.app.close();
    await then.app.close();
  }
}

export async function run(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'yjinspect-bench-'));
  const lite = await openStore({ dataDir });
  try {
    lines.push(...(await benchOn(lite)));
  } finally {
    await lite.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const databaseUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (databaseUrl) {
    const schema = `yjbench_${process.pid}_${Date.now().toString(36)}`;
    const server = await openStore({ databaseUrl, schema });
    try {
      lines.push(...(await benchOn(server)));
    } finally {
      await server.close();
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    }
  }
  return lines;
}
