import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RedisClient } from '../context.js';

/** Counts a window in Redis: the first hit starts the window's expiry. */
const INCREMENT = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then ttl = tonumber(ARGV[1]) end
return {current, ttl}
`;

/**
 * A @fastify/rate-limit store on node-redis, so every node counts against the same
 * limits (the plugin's own Redis store needs ioredis). Keys expire with their window.
 */
export function redisRateLimitStore(client: RedisClient, prefix = 'plaza:rl:'): FastifyRateLimitStoreCtor {
  class RedisRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly keyPrefix: string = prefix,
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      client
        .eval(INCREMENT, { keys: [this.keyPrefix + key], arguments: [String(timeWindow)] })
        .then((result) => {
          const [current, ttl] = result as [number, number];
          callback(null, { current, ttl });
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error('redis rate limit failed')));
    }

    child(routeOptions: object): FastifyRateLimitStore {
      // at run time the plugin passes the route's method and URL as `routeInfo`
      const route = (routeOptions as { routeInfo?: { method: string; url: string } }).routeInfo;
      return new RedisRateLimitStore(undefined, route ? `${this.keyPrefix}${route.method}${route.url}:` : this.keyPrefix);
    }
  }
  return RedisRateLimitStore;
}
