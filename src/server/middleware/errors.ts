/**
 * Errors to responses for the JSON API and for anything outside the web plugin: a status, a code, a
 * message a person can act on, the bad fields (400) or the current record (409). Never a stack trace.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError, isServiceError, TooManyRequestsError, ValidationError } from '../../app/index.js';

export interface ErrorBody {
  error: { status: number; code: string; message: string; fields?: { field: string; message: string }[]; current?: unknown };
}

const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The JSON body is empty: send a JSON object',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON',
  FST_CSRF_INVALID_TOKEN: 'The form has expired or was not sent from this site: reload the page and try again',
  FST_CSRF_MISSING_SECRET: 'The form has expired or was not sent from this site: reload the page and try again',
};

export function errorBody(err: unknown): ErrorBody {
  if (isServiceError(err)) {
    const body: ErrorBody = { error: { status: err.statusCode, code: err.code, message: err.message } };
    if (err instanceof ValidationError) body.error.fields = [...err.fields];
    if (err instanceof ConflictError) body.error.current = err.current;
    return body;
  }
  const e = err as Partial<FastifyError>;
  const status = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
  if (status === 500) return { error: { status, code: 'internal', message: 'Something went wrong on the server; nothing was half-saved. Try again.' } };
  const message = (e.code && FASTIFY_MESSAGES[e.code]) || (status === 400 && e instanceof SyntaxError ? 'The body is not valid JSON' : e.message) || 'Bad request';
  return { error: { status, code: e.code?.toLowerCase().replace(/_/g, '-') ?? 'bad-request', message } };
}

export function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const body = errorBody(err);
  if (body.error.status >= 500) request.log.error({ err }, 'request failed');
  if (err instanceof TooManyRequestsError) void reply.header('retry-after', String(err.retryAfterSeconds));
  return reply.code(body.error.status).type('application/json; charset=utf-8').send(body);
}

export function notFoundBody(request: FastifyRequest): ErrorBody {
  return { error: { status: 404, code: 'not-found', message: `No route ${request.method} ${request.url.split('?')[0]}` } };
}
