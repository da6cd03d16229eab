import {
  CONFIDENTIALITY_LEVELS,
  DOC_ROLES,
  docExportQuery,
  docIdParams,
  restCreateDocBody,
  restListDocsQuery,
  type DocGrant,
  type DocInfo,
} from '@plaza/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as Y from 'yjs';
import { z } from 'zod';
import { requireServer } from '../auth/request-auth.js';
import { errorResponses } from '../http/schemas.js';
import type { Db } from '../storage/database.js';
import { importMarkdown } from './markdown-import.js';
import type { AttachedDocs } from './socket.js';
import type { DocsTable } from './tables.js';
import { saveVersion } from './versions.js';

const isoTime = z.string().describe('ISO 8601 UTC');

/** The wire shape of protocol's `DocInfo`, for responses and the OpenAPI description. */
const docView = z.object({
  id: z.string(),
  spaceId: z.string(),
  folderId: z.string().nullable(),
  title: z.string(),
  domain: z.string().nullable().describe('one of the tenant’s docDomains'),
  tags: z.array(z.string()),
  confidentiality: z.enum(CONFIDENTIALITY_LEVELS),
  tenantView: z.boolean().describe('every employee may view it'),
  createdBy: z.string(),
  createdAt: isoTime,
  updatedBy: z.string(),
  updatedAt: isoTime,
  clientId: z.string().optional(),
  role: z.enum(DOC_ROLES),
}) satisfies z.ZodType<DocInfo>;

export interface DocRoutesOptions {
  docs: AttachedDocs;
}

/**
 * The integration REST API for documents (server token): an OA files meeting minutes as
 * Markdown (`POST /v1/docs`, into the tenant's "Imported" folder), lists, reads and
 * exports documents. It acts as the tenant's integration bot with owner authority.
 */
export const docRoutes: FastifyPluginAsyncZod<DocRoutesOptions> = async (app, { docs }) => {
  const ctx = app.plaza;
  const server = { security: [{ serverToken: [] }], tags: ['docs'] };
  const { service, sync } = docs;

  app.post(
    '/v1/docs',
    {
      schema: {
        ...server,
        summary: 'Create a document',
        description:
          'Lands in the tenant’s "Imported" folder. `markdown` becomes rich text (headings, lists, task lists, tables, code blocks, quotes, links, images; raw HTML stays text) and version 1. `editors` and `viewers` are host user ids given those roles.',
        body: restCreateDocBody,
        response: { 201: z.object({ id: z.string(), title: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const caller = await requireServer(ctx, request);
      const actor = await service.integrationActor(caller.tenant.id);
      const { title, markdown, editors = [], viewers = [] } = request.body;
      const place = await service.importedFolder(actor);
      // editors listed last, so someone named in both lists edits
      const grants: DocGrant[] = [...viewers.map((id) => ({ principal: 'user' as const, id, role: 'viewer' as const })), ...editors.map((id) => ({ principal: 'user' as const, id, role: 'editor' as const }))];
      const content =
        markdown === undefined
          ? undefined
          : {
              update: markdownUpdate(markdown),
              // version 1 holds the import, so history starts from what the OA sent
              afterInsert: async (trx: Db, row: DocsTable) => {
                await saveVersion(trx, service.hostIds, { tenantId: actor.tenantId, docId: row.id, name: title, kind: 'import', creatorKey: actor.user.id, at: ctx.clock.now() }, ctx.log);
              },
            };
      const doc = await service.create(actor, { ...place, title, domain: null, tags: [], confidentiality: 'internal', tenantView: false, grants }, content);
      return reply.status(201).send({ id: doc.id, title: doc.title });
    },
  );

  app.get(
    '/v1/docs',
    {
      schema: {
        ...server,
        summary: 'List documents',
        description: 'Every criterion is optional. Newest first; pass `nextCursor` as `cursor` for the next page.',
        querystring: restListDocsQuery,
        response: { 200: z.object({ docs: z.array(docView), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      const caller = await requireServer(ctx, request);
      const actor = await service.integrationActor(caller.tenant.id);
      const q = request.query;
      return service.list(actor, { spaceId: q.space, folderId: q.folder, domain: q.domain, tag: q.tag, cursor: q.cursor, limit: q.limit });
    },
  );

  app.get(
    '/v1/docs/:id',
    { schema: { ...server, summary: 'Read a document’s facts', params: docIdParams, response: { 200: docView, ...errorResponses } } },
    async (request) => {
      const caller = await requireServer(ctx, request);
      return service.get(await service.integrationActor(caller.tenant.id), request.params.id);
    },
  );

  app.get(
    '/v1/docs/:id/export',
    {
      schema: {
        ...server,
        summary: 'Export a document',
        description: 'The current content as Markdown (`text/markdown`).',
        produces: ['text/markdown'],
        params: docIdParams,
        querystring: docExportQuery,
        response: { 200: z.string().describe('Markdown'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const caller = await requireServer(ctx, request);
      const markdown = await sync.exportMarkdown(await service.integrationActor(caller.tenant.id), request.params.id);
      return reply.header('content-type', 'text/markdown; charset=utf-8').send(markdown);
    },
  );
};

/** Markdown as the first update of a new document's log. */
function markdownUpdate(markdown: string): Uint8Array {
  const doc = new Y.Doc();
  importMarkdown(doc, markdown);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
