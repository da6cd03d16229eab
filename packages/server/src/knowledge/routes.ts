import { articleIdParams, restCreateArticleBody, restListArticlesQuery, restPatchArticleBody } from '@plaza/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireServer } from '../auth/request-auth.js';
import { errorResponses } from '../http/schemas.js';
import type { KnowledgeService } from './service.js';
import { articlePageView, articleView } from './views.js';

export interface KnowledgeRoutesOptions {
  knowledge: KnowledgeService;
}

/**
 * The integration REST API for knowledge articles (server token), so a CMS can publish
 * into Plaza and keep its copy in step: create, list by last change (drafts included),
 * read, change (publishing and unpublishing are status changes) and delete.
 */
export const knowledgeRoutes: FastifyPluginAsyncZod<KnowledgeRoutesOptions> = async (app, { knowledge }) => {
  const ctx = app.plaza;
  const server = { security: [{ serverToken: [] }], tags: ['knowledge'] };
  const actor = async (request: Parameters<typeof requireServer>[1]) => knowledge.integrationActor((await requireServer(ctx, request)).tenant.id);

  app.post(
    '/v1/articles',
    {
      schema: {
        ...server,
        summary: 'Create an article',
        description: 'A draft unless `status` is `published`. `author` names a member (host user id) the tenant already has; without it the article is by the integration.',
        body: restCreateArticleBody,
        response: { 201: articleView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { author, ...input } = request.body;
      return reply.status(201).send(await knowledge.create(await actor(request), input, author));
    },
  );

  app.get(
    '/v1/articles',
    {
      schema: {
        ...server,
        summary: 'List articles',
        description: 'Drafts and published, ascending by last change; pass `nextCursor` as `cursor` for the next page.',
        querystring: restListArticlesQuery,
        response: { 200: articlePageView, ...errorResponses },
      },
    },
    async (request) => knowledge.sync(await actor(request), request.query),
  );

  app.get(
    '/v1/articles/:id',
    { schema: { ...server, summary: 'Read an article', params: articleIdParams, response: { 200: articleView, ...errorResponses } } },
    async (request) => knowledge.get(await actor(request), request.params.id),
  );

  app.patch(
    '/v1/articles/:id',
    {
      schema: {
        ...server,
        summary: 'Update an article',
        description: '`status: published` publishes, `status: draft` unpublishes; `category: null` removes the category.',
        params: articleIdParams,
        body: restPatchArticleBody,
        response: { 200: articleView, ...errorResponses },
      },
    },
    async (request) => knowledge.update(await actor(request), request.params.id, request.body),
  );

  app.delete(
    '/v1/articles/:id',
    { schema: { ...server, summary: 'Delete an article', params: articleIdParams, response: { 200: z.object({ articleId: z.string() }), ...errorResponses } } },
    async (request) => knowledge.remove(await actor(request), request.params.id),
  );
};
