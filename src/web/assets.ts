/**
 * Static assets, served by the app itself (no CDN): GOV.UK Frontend and MoJ Frontend fonts, images, CSS,
 * our own stylesheet, and the progressive-enhancement script bundled by esbuild once per process.
 */
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { join } from 'node:path';
import { CLIENT_ENTRY, GOVUK_DIR, MOJ_DIR, OWN_ASSETS_DIR } from './paths.js';

let bundle: Promise<string> | undefined;

/** The client script, bundled on first use and kept in memory. */
export function clientBundle(): Promise<string> {
  bundle ??= (async () => {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [CLIENT_ENTRY],
      bundle: true,
      format: 'esm',
      target: 'es2020',
      minify: true,
      write: false,
      legalComments: 'none',
      logLevel: 'silent',
    });
    return result.outputFiles[0]?.text ?? '';
  })();
  return bundle;
}

const VENDOR_FILES: Record<string, string> = {
  'govuk-frontend.min.css': join(GOVUK_DIR, 'govuk'),
  'moj-frontend.min.css': join(MOJ_DIR, 'moj'),
};

export async function registerAssets(app: FastifyInstance): Promise<void> {
  // The vendors' CSS refers to /assets/fonts/… and /assets/images/…: serve both packages' assets there.
  await app.register(fastifyStatic, {
    root: [join(GOVUK_DIR, 'govuk', 'assets'), join(MOJ_DIR, 'moj', 'assets')],
    prefix: '/assets/',
    decorateReply: false,
    wildcard: false,
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: OWN_ASSETS_DIR,
    prefix: '/assets/app/',
    decorateReply: false,
    wildcard: false,
    maxAge: '1h',
  });
  app.get<{ Params: { file: string } }>('/assets/vendor/:file', async (request, reply) => {
    const { file } = request.params;
    const dir = VENDOR_FILES[file];
    if (!dir) return reply.code(404).type('text/plain').send('Not found');
    const { readFile } = await import('node:fs/promises');
    return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(await readFile(join(dir, file)));
  });
  app.get('/assets/app/app.js', async (_request, reply) => {
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(await clientBundle());
  });
}
