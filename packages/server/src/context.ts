import type { Logger } from 'pino';
import type { createClient } from 'redis';
import type { TokenVerifier } from './auth/tokens.js';
import type { SecretBox } from './auth/secret-box.js';
import type { Clock } from './clock.js';
import type { Config } from './config/config.js';
import type { Metrics } from './observability/metrics.js';
import type { TenantService } from './org/tenant-service.js';
import type { UserService } from './org/user-service.js';
import type { Storage } from './storage/database.js';

/**
 * What every module of one server process shares. Built once in app.ts and handed to
 * each plugin; modules take what they need from it, never from globals.
 */
export type RedisClient = ReturnType<typeof createClient>;

export interface PlazaContext {
  config: Config;
  storage: Storage;
  /** Connected when PLAZA_REDIS_URL is set: shared by the socket.io adapter, rate limits and presence. */
  redis: RedisClient | undefined;
  clock: Clock;
  log: Logger;
  secrets: SecretBox;
  metrics: Metrics;
  tenants: TenantService;
  users: UserService;
  tokens: TokenVerifier;
}

declare module 'fastify' {
  interface FastifyInstance {
    plaza: PlazaContext;
  }
}
