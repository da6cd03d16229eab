import { PlazaError, articleIdParams, publicArticleQuery, publicArticlesQuery } from '@plaza/protocol';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Tenant } from '../org/tenant-service.js';
import { errorResponses } from '../http/schemas.js';
import { limiter, publicOrigin, type RateLimit } from '../http/public-guard.js';
import type { KnowledgeService } from './service.js';
import { articleHitsView, articleView } from './views.js';

/** Abuse limits of the public article routes. */
export interface PublicArticleOptions {
  /** Requests per client address (default 600 per 10 minutes: a form suggests articles as its subject is typed). The address follows PLAZA_TRUST_PROXY. */
  perIp?: RateLimit;
}

export const DEFAULT_PUBLIC_ARTICLE_LIMITS = {
  perIp: { max: 600, windowMs: 10 * 60_000 },
} as const satisfies Record<string, RateLimit>;

export interface PublicArticleRoutesOptions {
  knowledge: KnowledgeService;
  options: PublicArticleOptions;
}

/** Public article routes are called by browsers on the tenant's site; a request without an origin is refused before anything else. */
async function originPresent(request: FastifyRequest): Promise<void> {
  if (!publicOrigin(request)) throw new PlazaError('forbidden', 'public article routes need an Origin header');
}

/**
 * Published articles for the tenant's own website (the public ticket form suggests them
 * as a subject is typed), guarded like the public ticket routes: an `Origin` the tenant
 * allows (a same-origin GET by its `Sec-Fetch-Site`), and a per-address rate limit in
 * the shared rate-limit store. An unknown tenant answers like a foreign origin.
 */
export const publicArticleRoutes: FastifyPluginAsyncZod<PublicArticleRoutesOptions> = async (app, { knowledge, options }) => {
  const ctx = app.plaza;
  const perIp = limiter(app, 'articles-ip', options.perIp ?? DEFAULT_PUBLIC_ARTICLE_LIMITS.perIp, (r) => r.ip);
  const gate = { onRequest: [originPresent, perIp] };
  const tags = ['knowledge (public)'];

  app.get(
    '/v1/public/articles',
    {
      ...gate,
      schema: {
        tags,
        summary: 'Search published articles',
        description: 'Best matches for `q` first (Chinese and English); without `q`, the newest. The Origin must be one the tenant allows.',
        querystring: publicArticlesQuery,
        response: { 200: articleHitsView, ...errorResponses },
      },
    },
    async (request) => knowledge.publicSearch(await publicTenant(request.query.tenant, request), request.query),
  );

  app.get(
    '/v1/public/articles/:id',
    {
      ...gate,
      schema: {
        tags,
        summary: 'Read a published article',
        description: 'Drafts, deleted articles and other tenants’ ids all answer not_found.',
        params: articleIdParams,
        querystring: publicArticleQuery,
        response: { 200: articleView, ...errorResponses },
      },
    },
    async (request) => knowledge.publicGet(await publicTenant(request.query.tenant, request), request.params.id),
  );

  /** The tenant a public request names, if the request's origin is one it allows; an unknown tenant looks the same. */
  async function publicTenant(tenantId: string, request: FastifyRequest): Promise<Tenant> {
    const origin = publicOrigin(request);
    const tenant = await ctx.tenants.find(tenantId);
    if (!tenant || origin === undefined || !tenant.allowedOrigins.includes(origin)) {
      throw new PlazaError('forbidden', `origin ${origin ?? ''} is not allowed for this tenant`);
    }
    return tenant;
  }
};
