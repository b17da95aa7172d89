/**
 * Input that no handler can store is refused before any handler runs: a NUL character in the body, the query
 * or a path parameter (PostgreSQL text cannot hold one) is a 400 naming the field, for the API and the forms.
 */
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../app/index.js';
import { nulFields, NUL_MESSAGE } from '../../app/index.js';

export function refuseUnstorableInput(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const fields = [...nulFields(request.params), ...nulFields(request.query), ...nulFields(request.body)];
    if (fields.length > 0) throw new ValidationError(fields.map((field) => ({ field, message: NUL_MESSAGE })));
  });
}
