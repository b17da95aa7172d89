/**
 * The frameworks page: every framework loaded (built in, from FRAMEWORKS_DIR, or uploaded), what each holds,
 * and, for the site administrator, adding one from a JSON or YAML file and removing an unused upload. In its
 * own scope for the multipart parser.
 */
import type { FastifyReply } from 'fastify';
import { LIMITS, ValidationError, type FrameworkSummary } from '../../app/index.js';
import { getFramework, registeredFramework } from '../../core/framework/index.js';
import { z } from 'zod';
import { isUpload, readMultipart, type UploadedFile } from '../multipart.js';
import type { WebRequest } from '../route.js';
import type { User } from '../services.js';
import { adminOnly, inScope, page, type RouteContext } from './common.js';

const SOURCE_WORDS: Record<FrameworkSummary['source'], string> = { 'built-in': 'Built in', folder: 'Frameworks folder', upload: 'Uploaded' };

/** The upload form as the multipart reader gives it: the file, if one was chosen. */
const uploadForm = z.object({ file: z.custom<UploadedFile>(isUpload).optional().catch(undefined) });

export async function frameworkRoutes(ctx: RouteContext): Promise<void> {
  await inScope(ctx, frameworksJourney);
}

function frameworksJourney(ctx: RouteContext): void {
  const { services, signedIn } = ctx;
  readMultipart(ctx.app, LIMITS.frameworkFileBytes);

  async function listPage(request: WebRequest, reply: FastifyReply, user: User, errors: { text: string; href: string }[] = [], status = 200): Promise<FastifyReply> {
    const all = await services.frameworks.list(user);
    const q = request.query;
    const flash = typeof q.added === 'string' ? `${q.added} was added. Inspections and audits can now use it.`
      : typeof q.unchanged === 'string' ? `${q.unchanged} is already loaded with exactly this content: nothing changed.`
      : typeof q.removed === 'string' ? `${q.removed} was removed.` : null;
    return page(ctx, request, reply, 'pages/frameworks.njk', {
      pageTitle: 'Frameworks',
      frameworksActive: true,
      flash,
      isAdmin: user.isAdmin,
      rows: all.map((f) => ({ ...f, href: `/frameworks/${encodeURIComponent(f.id)}`, sourceText: SOURCE_WORDS[f.source], shortHash: f.contentHash.slice(0, 12) })),
      fileLimit: `${LIMITS.frameworkFileBytes / 1_000_000}MB`,
      errors,
      fieldErrors: errors.length ? { file: errors.map((e) => e.text).join('. ') } : {},
    }, status);
  }

  signedIn.get('/frameworks', async (request, reply) => listPage(request, reply, request.user));

  signedIn.post('/frameworks', { body: uploadForm }, async (request, reply) => {
    const { user } = request;
    const refused = adminOnly(ctx, request, reply, user, ['Only a site administrator can add frameworks.', 'Ask the site administrator to add the framework file.']);
    if (refused) return refused;
    const file = request.body.file;
    if (!file || file.data.length === 0) return listPage(request, reply, user, [{ text: 'Select a framework file', href: '#file' }], 400);
    try {
      const { summary, added } = await services.frameworks.upload(user, { fileName: file.name, text: file.data.toString('utf8') });
      return reply.redirect(`/frameworks?${added ? 'added' : 'unchanged'}=${encodeURIComponent(summary.id)}`, 303);
    } catch (err) {
      if (err instanceof ValidationError) return listPage(request, reply, user, err.fields.map((f) => ({ text: f.message, href: '#file' })), 400);
      if ((err as { statusCode?: number }).statusCode === 409) return listPage(request, reply, user, [{ text: (err as Error).message, href: '#file' }], 409);
      throw err;
    }
  });

  signedIn.get('/frameworks/:frameworkId', async (request, reply) => {
    const { user } = request;
    const f = await services.frameworks.get(user, request.params.frameworkId);
    const fw = getFramework(f.id);
    return page(ctx, request, reply, 'pages/framework.njk', {
      pageTitle: f.title,
      backLink: '/frameworks',
      frameworksActive: true,
      framework: { ...f, sourceText: SOURCE_WORDS[f.source] },
      canRemove: user.isAdmin && f.source !== 'built-in' && f.usedBy === 0,
      domains: fw.domains.map((d) => ({ ...d, standards: fw.standards.filter((s) => s.domain === d.id) })),
      rating: registeredFramework(f.id)!.file.rating,
    });
  });

  signedIn.post('/frameworks/:frameworkId/remove', async (request, reply) => {
    const { user } = request;
    const refused = adminOnly(ctx, request, reply, user, ['Only a site administrator can remove frameworks.']);
    if (refused) return refused;
    await services.frameworks.remove(user, request.params.frameworkId);
    return reply.redirect(`/frameworks?removed=${encodeURIComponent(request.params.frameworkId)}`, 303);
  });
}
