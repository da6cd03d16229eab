import { PlazaError } from '@plaza/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/** Liveness, readiness and Prometheus metrics; none of them needs a token. */
export function healthRoutes(app: FastifyInstance): void {
  const ctx = app.plaza;
  const status = z.object({ status: z.string() });

  app.get('/healthz', { schema: { tags: ['operations'], response: { 200: status } } }, () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { tags: ['operations'], response: { 200: status } } }, async () => {
    try {
      await ctx.storage.ping();
    } catch (error) {
      throw new PlazaError('unavailable', 'database does not answer', { cause: error });
    }
    try {
      await ctx.redis?.ping();
    } catch (error) {
      throw new PlazaError('unavailable', 'redis does not answer', { cause: error });
    }
    return { status: 'ready' };
  });

  app.get('/metrics', { schema: { tags: ['operations'], hide: true } }, async (_request, reply) => {
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
}
