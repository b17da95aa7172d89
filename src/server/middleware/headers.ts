/**
 * Headers every response carries. Case data must not stay in a browser's or a proxy's cache, so anything that
 * does not set its own caching (the static assets do) is `no-store`, and the API always is. Over HTTPS (directly,
 * or through a trusted proxy's X-Forwarded-Proto) browsers are told to keep to HTTPS for a year.
 */
import type { FastifyInstance } from 'fastify';

export const HSTS = 'max-age=31536000; includeSubDomains';

export function setUpResponseHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/') || !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS);
  });
}
