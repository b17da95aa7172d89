/**
 * Errors the services throw: values with an HTTP status and a message a person can act on. The JSON API and
 * the web pages both turn them into responses; nothing else should reach a user.
 */
export interface FieldError {
  /** Dotted path of the bad field, e.g. `answers.0.answer`. */
  readonly field: string;
  readonly message: string;
}

export abstract class ServiceError extends Error {
  abstract readonly statusCode: number;
  abstract readonly code: string;
}

export class ValidationError extends ServiceError {
  readonly statusCode = 400;
  readonly code = 'validation';
  constructor(readonly fields: readonly FieldError[], message = 'Some of what was sent is not valid') {
    super(`${message}: ${fields.map((f) => `${f.field || '(body)'}: ${f.message}`).join('; ')}`);
  }
}

export class UnauthenticatedError extends ServiceError {
  readonly statusCode = 401;
  readonly code = 'unauthenticated';
  constructor(message = 'Sign in to continue') {
    super(message);
  }
}

export class ForbiddenError extends ServiceError {
  readonly statusCode = 403;
  readonly code = 'forbidden';
}

export class NotFoundError extends ServiceError {
  readonly statusCode = 404;
  readonly code = 'not-found';
}

/** A write based on a stale version: carries the record as it is now, so nothing is lost. */
export class ConflictError extends ServiceError {
  readonly statusCode = 409;
  readonly code = 'conflict';
  constructor(message: string, readonly current: unknown) {
    super(message);
  }
}

export class TooManyRequestsError extends ServiceError {
  readonly statusCode = 429;
  readonly code = 'too-many-requests';
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

export function isServiceError(err: unknown): err is ServiceError {
  return err instanceof ServiceError;
}
