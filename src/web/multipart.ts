/**
 * Multipart form posts (a population or framework file) parsed whole, before the server's hooks run, by the Fetch
 * API's own multipart reader: the CSRF token then arrives in the body like any other form's, never in the URL.
 * Registered inside a journey's own scope (sampling, frameworks), so only its routes accept multipart.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface UploadedFile {
  readonly name: string;
  readonly data: Buffer;
}

/** A file part of a multipart form, as readMultipart gives it. */
export const isUpload = (v: unknown): v is UploadedFile =>
  typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string' && Buffer.isBuffer((v as { data?: unknown }).data);

export function readMultipart(app: FastifyInstance, maxFileBytes: number): void {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: maxFileBytes + 64 * 1024 }, async (request: FastifyRequest, raw: Buffer) => {
    let form: FormData;
    try {
      form = await new Response(new Blob([new Uint8Array(raw)]), { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
    } catch {
      throw Object.assign(new Error('The form could not be read: send it again from the page'), { statusCode: 400 });
    }
    const body: Record<string, string | UploadedFile> = {};
    const entries: [string, FormDataEntryValue][] = [];
    form.forEach((value, name) => entries.push([name, value]));
    for (const [name, value] of entries) {
      if (name in body) continue;
      body[name] = typeof value === 'string' ? value : { name: value.name, data: Buffer.from(await value.arrayBuffer()) };
    }
    return body;
  });
}
