/**
 * A report uploaded to the library is read off the event loop: while a large text report is being imported
 * (seconds of work), the server answers /health first.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyPluginAsync } from 'fastify';
import { webPlugin } from '../../src/web/plugin.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from '../server/harness.js';

let f: Fixture, base: string;
let uploadRead: () => void = () => {};

/** Signals when the upload's whole body has been received (the import starts right after). */
const onUploadRead: FastifyPluginAsync = Object.assign(async (app: Parameters<FastifyPluginAsync>[0]) => {
  app.addHook('preHandler', async (request) => {
    if (request.method === 'POST' && request.url.startsWith('/library/upload')) request.raw.once('end', () => uploadRead());
  });
}, { [Symbol.for('skip-override')]: true });

beforeAll(async () => {
  f = await startFixture('pglite', {}, [onUploadRead, webPlugin]);
  base = await f.app.listen({ port: 0, host: '127.0.0.1' });
}, 120_000);

afterAll(async () => {
  await f?.close();
});

describe('library upload', () => {
  it('answers /health while a large report is imported', async () => {
    const session = await signIn(f.app, ROLE_EMAILS.admin);
    const form = await fetch(`${base}/library/upload`, { headers: { cookie: session } });
    const token = /_csrf=([^"&]+)/.exec(await form.text())?.[1];
    expect(token).toBeTruthy();
    const cookie = [session, ...form.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
    // A seed report repeated into a few megabytes of text: seconds of importing.
    const seed = readFileSync(new URL('../importer/fixtures/seeds/stoke-on-trent-2022.txt', import.meta.url), 'utf8');
    const body = new FormData();
    body.append('report', new Blob([seed.repeat(Math.ceil((3 * 1048576) / seed.length))]), 'stoke.txt');

    const order: string[] = [];
    let health: Promise<void> = Promise.resolve();
    void new Promise<void>((resolve) => (uploadRead = resolve)).then(() => {
      health = fetch(`${base}/health`).then((r) => {
        expect(r.status).toBe(200);
        order.push('health');
      });
    });
    const response = await fetch(`${base}/library/upload?_csrf=${token}`, { method: 'POST', headers: { cookie }, body, redirect: 'manual' });
    order.push('upload');
    await response.arrayBuffer();
    await health;
    expect(response.status).toBe(303);
    expect(order).toEqual(['health', 'upload']);
  }, 180_000);
});
