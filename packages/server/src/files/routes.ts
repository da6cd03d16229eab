import multipart from '@fastify/multipart';
import { fileIdParams, fileInfo as fileInfoSchema, PlazaError } from '@plaza/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../auth/request-auth.js';
import { errorBody, errorResponses } from '../http/schemas.js';
import { parseRange } from './range.js';
import { authorizeDownload, fileInfo, openContent, readableFile, storeFile, type StoredFile } from './service.js';
import { TEXT_PLAIN } from './sniff.js';

/** Room for the multipart framing and the few small fields allowed beside the file. */
const MULTIPART_SLACK = 64 * 1024;

/** Types a browser may show in place; everything else downloads. Never SVG or HTML. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'application/pdf', TEXT_PLAIN]);

const uploadBody = z.unknown().meta({
  description: 'multipart/form-data with one file part (field name `file` by convention); its type is sniffed from the content',
  type: 'object',
  properties: { file: { type: 'string', format: 'binary' } },
  required: ['file'],
});

const downloadQuery = z.object({
  tenant: z.string().max(63),
  user: z.string().max(128),
  exp: z.string().max(16),
  sig: z.string().max(128),
});

const fileBytes = z.unknown().meta({ description: 'the file content', type: 'string', format: 'binary' });

/**
 * A client that sends more than it may (over the limit, a refused type) must not make
 * the server read the rest: close the connection after the answer instead of draining.
 */
function refuseOversizedDeclaration(request: FastifyRequest, maxBytes: number): void {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_SLACK) {
    throw new PlazaError('payload_too_large', `files may be at most ${maxBytes} bytes`);
  }
}

function contentDisposition(file: StoredFile): string {
  const kind = INLINE_TYPES.has(file.type) ? 'inline' : 'attachment';
  const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(file.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function contentHeaders(reply: FastifyReply, file: StoredFile): void {
  void reply
    .header('content-type', file.type === TEXT_PLAIN ? 'text/plain; charset=utf-8' : file.type)
    .header('content-disposition', contentDisposition(file))
    .header('x-content-type-options', 'nosniff')
    // whatever the bytes are, they never run script with the Plaza origin's rights
    .header('content-security-policy', 'sandbox')
    .header('cache-control', 'private, no-store')
    .header('referrer-policy', 'no-referrer')
    .header('accept-ranges', 'bytes');
  if (reply.getHeader('access-control-allow-origin')) {
    void reply.header('access-control-expose-headers', 'retry-after, content-disposition, content-range, content-length, accept-ranges');
  }
}

/**
 * Uploads (streamed, size- and type-checked, encrypted at rest), file metadata, and
 * downloads through short-lived signed URLs that work without a token (`<img src>`).
 */
export const filesRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.plaza;
  const user = { security: [{ userToken: [] }], tags: ['files'] };
  await app.register(multipart, { throwFileSizeLimit: true });

  app.post(
    '/v1/files',
    {
      schema: {
        ...user,
        summary: 'Upload a file',
        description: "Streams one file. Its type is sniffed from the content and checked against the tenant's allow-list; its size against the tenant's limit.",
        consumes: ['multipart/form-data'],
        body: uploadBody,
        response: { 201: fileInfoSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      try {
        const caller = await requireUser(ctx, request);
        const { maxBytes } = caller.tenant.settings.upload;
        refuseOversizedDeclaration(request, maxBytes);
        const part = await request.file({ limits: { files: 1, fileSize: maxBytes + 1, fields: 10, fieldSize: 1024, parts: 20 } });
        if (!part) throw new PlazaError('bad_request', 'file: a file part is required');
        const file = await storeFile(ctx, { tenant: caller.tenant, user: caller.user, name: part.filename, content: part.file });
        return reply.status(201).send(fileInfo(ctx, file, caller.user));
      } catch (error) {
        void reply.header('connection', 'close');
        throw error;
      }
    },
  );

  app.get(
    '/v1/files/:id',
    {
      schema: {
        ...user,
        summary: 'Read a file’s metadata with a fresh download URL',
        description: 'Answers not_found both for files that do not exist and for files the caller may not read.',
        params: fileIdParams,
        response: { 200: fileInfoSchema, ...errorResponses },
      },
    },
    async (request) => {
      const caller = await requireUser(ctx, request);
      const file = await readableFile(ctx, caller.tenant.id, request.params.id, caller.user);
      return fileInfo(ctx, file, caller.user);
    },
  );

  app.get(
    '/v1/files/:id/content',
    {
      schema: {
        tags: ['files'],
        summary: 'Download a file through its signed URL',
        description:
          'No token: the signed query (from FileInfo.url, a path under the server’s URL) grants one user access for 5 minutes, and the server checks again that this user may read the file. Supports a single `Range: bytes=a-b`.',
        params: fileIdParams,
        querystring: downloadQuery,
        response: { 200: fileBytes, 206: fileBytes, 416: errorBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const file = await authorizeDownload(ctx, request.params.id, request.query);
      const wanted = parseRange(request.headers.range, file.size);
      if (wanted.kind === 'unsatisfiable') {
        return reply
          .status(416)
          .header('content-range', `bytes */${file.size}`)
          .header('content-type', 'application/json; charset=utf-8')
          .send({ error: { code: 'bad_request', message: `the range is outside the file's ${file.size} bytes` } });
      }
      contentHeaders(reply, file);
      if (wanted.kind === 'partial') {
        const { start, end } = wanted.range;
        const body = await openContent(ctx, file, wanted.range);
        return reply
          .status(206)
          .header('content-range', `bytes ${start}-${end}/${file.size}`)
          .header('content-length', end - start + 1)
          .send(body);
      }
      const body = await openContent(ctx, file);
      return reply.status(200).header('content-length', file.size).send(body);
    },
  );
};
