/**
 * Server bench: one answer written through HTTP (session, validation, role check, store, history, all or
 * nothing) as a ratio to a bare INSERT of the same row on the same database in the same run; a signed-in
 * GET /api/v1/me against the same INSERT, the floor HTTP alone sets; and the p99/p50 latency ratio with 20
 * concurrent clients.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFramework } from '../src/core/framework/index.js';
import { buildApp } from '../src/server/app.js';
import { testConfig } from '../src/server/config.js';
import { createServices } from '../src/app/index.js';
import { openStore } from '../src/store/index.js';
import type { BenchLine } from './index.js';
import { median, percentile } from './util.js';

const PASSWORD = 'bench password for the lead';

export async function run(): Promise<BenchLine[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yjinspect-bench-'));
  const store = await openStore({ dataDir });
  try {
    const services = createServices(store);
    const lead = await services.accounts.create(null, { email: 'lead@bench.example.org', displayName: 'Lead', password: PASSWORD });
    const svc = await services.inspections.createService(null, { name: 'Bench service' });
    const { id: inspectionId } = await services.inspections.create(null, { serviceId: svc.id, title: 'Bench', frameworkVersion: '2018' });
    await services.accounts.grantRole(null, inspectionId, { accountId: lead.id, role: 'lead-inspector' });
    const user = (await services.accounts.loadUser(lead.id))!;
    // Answers are written in fieldwork only (the workflow gates).
    await services.inspections.setPhase(user, inspectionId, { phase: 'fieldwork', version: 1 });
    const questions = getFramework('2018').standards.filter((s) => s.domain === 2 && s.kind === 'case-assessed').flatMap((s) => s.keyQuestions.flatMap((k) => [k.id, ...k.prompts.map((p) => p.id)]));
    const newCase = async (ref: string) =>
      (await services.cases.create(user, inspectionId, { ref, domain: 2, disposalType: 'referral-order', gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'medium', safetyAndWellbeing: 'medium' })).id;
    // Every write is a new (case, question) row, for HTTP and baseline alike.
    const slots = async (prefix: string, n: number) => {
      const out: { caseId: string; questionId: string }[] = [];
      for (let c = 0; out.length < n; c++) {
        const caseId = await newCase(`${prefix}${c}`);
        for (const questionId of questions) if (out.length < n) out.push({ caseId, questionId });
      }
      return out;
    };

    const app = await buildApp({ store, config: testConfig() }, { services });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const signIn = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'lead@bench.example.org', password: PASSWORD }) });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const put = async (s: { caseId: string; questionId: string }) => {
      const t0 = performance.now();
      const r = await fetch(`${base}/api/v1/cases/${s.caseId}/answers/${s.questionId}`, { method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ answer: 'yes', note: 'Evidence in the case record', version: 0 }) });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`bench write failed: ${r.status}`);
      return performance.now() - t0;
    };
    const me = async () => {
      const t0 = performance.now();
      const r = await fetch(`${base}/api/v1/me`, { headers: { cookie } });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`bench read failed: ${r.status}`);
      return performance.now() - t0;
    };
    const insert = async (s: { caseId: string; questionId: string }) => {
      const t0 = performance.now();
      await store.query(`INSERT INTO answers (case_id, question_id, answer, note, updated_by) VALUES ($1, $2, $3, $4, $5)`, [s.caseId, s.questionId, 'yes', 'Evidence in the case record', lead.id]);
      return performance.now() - t0;
    };

    const N = 150;
    const [httpSlots, bareSlots] = [await slots('H', N + 20), await slots('B', N + 20)];
    // Warm up both paths, then alternate so that machine load hits both alike.
    for (let i = 0; i < 20; i++) {
      await put(httpSlots[N + i]!);
      await insert(bareSlots[N + i]!);
      await me();
    }
    const http: number[] = [];
    const bare: number[] = [];
    const read: number[] = [];
    for (let i = 0; i < N; i++) {
      http.push(await put(httpSlots[i]!));
      bare.push(await insert(bareSlots[i]!));
      read.push(await me());
    }

    const CLIENTS = 20;
    const PER_CLIENT = 15;
    const WARM_UP = 3;
    const concurrentSlots = await slots('K', CLIENTS * (WARM_UP + PER_CLIENT));
    const latencies: number[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_c, c) => {
        const mine = concurrentSlots.slice(c * (WARM_UP + PER_CLIENT), (c + 1) * (WARM_UP + PER_CLIENT));
        // Each client opens its connection with a few unmeasured writes first, as the sequential part warms
        // up: the bench's own HTTP client is slow to open 20 connections at once, and the same p99/p50 ratio
        // against a bare node:http server is about 10× when that start-up is counted.
        for (const s of mine.slice(0, WARM_UP)) await put(s);
        for (const s of mine.slice(WARM_UP)) latencies.push(await put(s));
      }),
    );
    await app.close();
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    return [
      {
        name: `answer write through HTTP (validate, store, history; ${store.kind})`,
        baseline: 'bare INSERT of the same row',
        ratio: median(http) / median(bare),
        target: 1.5,
        detail: `median ${median(http).toFixed(2)} ms vs ${median(bare).toFixed(2)} ms`,
      },
      {
        name: 'signed-in GET /api/v1/me through HTTP (no database work: what HTTP alone costs)',
        baseline: 'bare INSERT of an answer row',
        ratio: median(read) / median(bare),
        detail: `median ${median(read).toFixed(2)} ms`,
      },
      {
        name: `p99 answer write latency, ${CLIENTS} concurrent clients (connections open)`,
        baseline: 'p50 of the same run',
        ratio: p99 / p50,
        target: 3,
        detail: `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ${latencies.length} writes`,
      },
    ];
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
