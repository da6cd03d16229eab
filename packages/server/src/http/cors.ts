import { PlazaError } from '@plaza/protocol';
import type { FastifyInstance } from 'fastify';
import type { TenantService } from '../org/tenant-service.js';

const ALLOWED_HEADERS = 'authorization, content-type, idempotency-key';
const ALLOWED_METHODS = 'GET, POST, PATCH, PUT, DELETE';

/**
 * CORS as the contract states it: everything under `/sdk/` is public code; for the API,
 * a preflight (which carries no token) passes when any tenant allows the origin, and the
 * real request is then checked against the caller's own tenant by the auth step.
 */
export function installCors(app: FastifyInstance, tenants: TenantService): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (request.url.startsWith('/sdk/')) {
      void reply.header('access-control-allow-origin', '*');
      if (request.method === 'OPTIONS') return reply.status(204).header('access-control-allow-methods', 'GET').send();
      return;
    }
    if (!origin) return;
    void reply.header('vary', 'origin');
    const allowed = await tenants.anyAllows(origin);
    if (allowed) void reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', 'retry-after');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      if (!allowed) throw new PlazaError('forbidden', `origin ${origin} is not allowed`);
      return reply
        .status(204)
        .header('access-control-allow-methods', ALLOWED_METHODS)
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', '600')
        .send();
    }
  });
}
