import { PlazaError } from '@plaza/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/*
 * What every route without sign-in (public tickets, public articles) guards itself with:
 * rate limits on the shared store and the origin of the page calling.
 */

export interface RateLimit {
  max: number;
  windowMs: number;
}

export type Limiter = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * A limiter on @fastify/rate-limit's store (Redis when configured, so every node counts
 * against one limit), keyed by what `key` picks from the request. Over the limit it
 * answers 429 `rate_limited` with `Retry-After`.
 */
export function limiter(app: FastifyInstance, name: string, limit: RateLimit, key: (request: FastifyRequest) => string): Limiter {
  const check = app.createRateLimit({ max: limit.max, timeWindow: limit.windowMs, keyGenerator: (request) => `public:${name}:${key(request)}` });
  return async (request, reply) => {
    const result = await check(request);
    if (result.isAllowed || !result.isExceeded) return;
    void reply.header('retry-after', String(Math.max(1, result.ttlInSeconds)));
    throw new PlazaError('rate_limited', `too many requests, retry in ${Math.max(1, result.ttlInSeconds)} s`);
  };
}

/**
 * The origin of the page a public request comes from. Browsers send `Origin` on every
 * cross-origin request and every POST, but not on a same-origin GET (a support site served
 * from Plaza's own origin): that one says `Sec-Fetch-Site: same-origin`, and its origin
 * is the request's own. Neither header proves anything against a client that is not a
 * browser; the check is there so that browsers on other sites are turned away.
 */
export function publicOrigin(request: FastifyRequest): string | undefined {
  if (request.headers.origin) return request.headers.origin;
  if (request.headers['sec-fetch-site'] === 'same-origin') return `${request.protocol}://${request.host}`;
  return undefined;
}
