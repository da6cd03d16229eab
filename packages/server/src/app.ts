import type { AddressInfo } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { PlazaError } from '@plaza/protocol';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { pino, type Logger } from 'pino';
import { createClient as createRedisClient } from 'redis';
import { authenticateDeclaredScheme } from './auth/request-auth.js';
import { SecretBox } from './auth/secret-box.js';
import { TokenVerifier } from './auth/tokens.js';
import { chatRoutes } from './chat/routes.js';
import { attachChat } from './chat/socket.js';
import { systemClock, type Clock } from './clock.js';
import { ConfigError, fastifyTrustProxy, type Config } from './config/config.js';
import type { PlazaContext, RedisClient } from './context.js';
import { redisRateLimitStore } from './http/rate-limit-store.js';
import { demoRoutes, seedDemo } from './demo/demo.js';
import { docRoutes } from './docs/routes.js';
import { attachDocs, type AttachedDocs } from './docs/socket.js';
import type { DocsOptions } from './docs/sync.js';
import { filesRoutes } from './files/routes.js';
import { installCors } from './http/cors.js';
import { installErrorHandling } from './http/errors.js';
import { healthRoutes } from './http/health.js';
import { publicAssetRoutes } from './http/assets.js';
import { JobWorker } from './jobs/worker.js';
import { publicArticleRoutes, type PublicArticleOptions } from './knowledge/public-routes.js';
import { knowledgeRoutes } from './knowledge/routes.js';
import { attachKnowledge } from './knowledge/socket.js';
import { jobHandlers, schedulePeriodicJobs } from './jobs/handlers.js';
import { Metrics } from './observability/metrics.js';
import { orgRoutes } from './org/routes.js';
import { TenantService } from './org/tenant-service.js';
import { UserService } from './org/user-service.js';
import { REFRESH_GRACE_SECONDS, Realtime } from './realtime/realtime.js';
import { migrate, openStorage } from './storage/database.js';
import { taskRoutes } from './tasks/routes.js';
import { attachTasks } from './tasks/socket.js';
import type { PublicTicketOptions } from './tickets/public-guard.js';
import { publicTicketRoutes } from './tickets/public-routes.js';
import { ticketRoutes } from './tickets/routes.js';
import { attachTickets } from './tickets/socket.js';
import { webhookRoutes } from './webhooks/routes.js';

export interface ServerOptions {
  config: Config;
  clock?: Clock;
  /** A pino logger; defaults to JSON logs at `info` on stdout. */
  logger?: Logger;
  /** Requests per minute per IP on the API (default 1200). */
  rateLimitPerMinute?: number;
  /** Prefix of the keys Plaza writes to Redis (default `plaza:`); nodes of one cluster share it. */
  redisKeyPrefix?: string;
  /** Start the job worker (default true). Tests that drive jobs by hand turn it off. */
  startJobs?: boolean;
  /** Seconds a socket may go on after its token expired, to refresh it (default 30). */
  refreshGraceSeconds?: number;
  /** Rate limits and the CAPTCHA verifier of the public ticket form (tickets/public-guard.ts). */
  publicTickets?: PublicTicketOptions;
  /** Rate limit of the public article routes (knowledge/public-routes.ts). */
  publicArticles?: PublicArticleOptions;
  /** Compaction and automatic versions of documents (docs/sync.ts). */
  docs?: Partial<DocsOptions>;
}

export interface PlazaServer {
  app: FastifyInstance;
  ctx: PlazaContext;
  realtime: Realtime;
  jobs: JobWorker;
  /** Documents: facts and sharing (`service`), content and this node's loaded copies (`sync`). */
  docs: AttachedDocs;
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  /** Stops accepting, lets in-flight requests finish, closes sockets, jobs and the database. */
  close(): Promise<void>;
}

/** One line about a failed connection; pg reports a refused dual-stack connect as an AggregateError with no message. */
function describeConnectError(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: { message?: string }[] } | null;
  const text = e?.message || e?.errors?.map((inner) => inner.message).join('; ') || e?.code || String(error);
  return text.replace(/\s+/g, ' ').trim();
}

/** How long shutdown waits for in-flight requests before cutting their connections. */
const CLOSE_GRACE_MS = 5000;

/** Headers and fields whose values never reach the logs. */
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', '*.token', '*.secret', '*.accessToken'];

export function defaultLogger(level = process.env.PLAZA_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } });
}

/** Connects to Redis; fails start-up with a message naming the variable when it does not answer. */
async function connectRedis(url: string, log: Logger): Promise<RedisClient> {
  const client: RedisClient = createRedisClient({ url, socket: { connectTimeout: 5000 } });
  client.on('error', (error: Error) => log.warn({ err: error }, 'redis error'));
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PLAZA_REDIS_URL: redis does not answer: ${(error as Error).message}`, { cause: error });
  }
  return client;
}

/**
 * Builds one Plaza server process: storage (migrated), services, REST routes and
 * socket.io on one port. Throws when the database cannot be opened or migrated.
 *
 * @example
 * const server = await createServer({ config: loadConfig() });
 * console.log(await server.listen());
 */
export async function createServer(options: ServerOptions): Promise<PlazaServer> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? defaultLogger();
  const metrics = new Metrics();
  const storage = openStorage(config.databaseUrl, { onQuery: (ms) => metrics.dbDuration.observe(ms / 1000) });
  try {
    // a wrong URL, a missing database or a stopped server is bad configuration to the
    // operator: say so naming the variable, not as a failed migration
    await storage.ping().catch((error: unknown) => {
      throw new ConfigError('PLAZA_DATABASE_URL', `the database does not answer: ${describeConnectError(error)}`);
    });
    await migrate(storage);
  } catch (error) {
    await storage.close();
    throw error;
  }

  let redis: RedisClient | undefined;
  try {
    redis = config.redisUrl ? await connectRedis(config.redisUrl, log) : undefined;
  } catch (error) {
    await storage.close();
    throw error;
  }

  const secrets = new SecretBox(config.masterKey);
  const tenants = new TenantService(storage.db, secrets, clock);
  const users = new UserService(storage.db, clock);
  const ctx: PlazaContext = { config, storage, redis, clock, log, secrets, metrics, tenants, users, tokens: new TokenVerifier(tenants, clock) };

  // typed as Fastify's base logger so plugins see the default FastifyInstance type
  const loggerInstance: FastifyBaseLogger = log;
  const app = Fastify({
    loggerInstance,
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
    forceCloseConnections: 'idle',
    // X-Forwarded-* only from the proxies PLAZA_TRUST_PROXY names (none by default):
    // anyone could set them and escape per-IP rate limits
    trustProxy: fastifyTrustProxy(config.trustProxy),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // every body the API takes is JSON; a text/plain body would otherwise reach the
  // schema as a string and fail as a misleading 400 instead of a 415
  app.removeContentTypeParser('text/plain');
  app.decorate('plaza', ctx);
  installErrorHandling(app);
  installCors(app, tenants);
  app.addHook('preValidation', authenticateDeclaredScheme(ctx));
  app.addHook('onResponse', async (request, reply) => {
    metrics.requestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Plaza API', version: '0.1.0', description: 'Self-hosted Plaza backend: operator, integration and public routes.' },
      components: {
        securitySchemes: {
          operator: { type: 'http', scheme: 'bearer', description: 'PLAZA_ADMIN_TOKEN' },
          serverToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'a server token (srv: true)' },
          userToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'a user token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? 1200,
    timeWindow: 60_000,
    allowList: (request) => !request.url.startsWith('/v1/'),
    ...(redis ? { store: redisRateLimitStore(redis, `${options.redisKeyPrefix ?? 'plaza:'}rl:`) } : {}),
    errorResponseBuilder: (_request, context) => {
      const error = new PlazaError('rate_limited', `rate limit exceeded, retry in ${Math.ceil(context.ttl / 1000)} s`);
      return Object.assign(error, { statusCode: 429 });
    },
  });

  const realtime = new Realtime(app.server, ctx, { refreshGraceSeconds: options.refreshGraceSeconds ?? REFRESH_GRACE_SECONDS });
  app.decorate('realtime', realtime);
  if (redis) realtime.attachRedis(redis);
  const chat = attachChat(ctx, realtime);
  const tasks = attachTasks(ctx, realtime, chat);
  const tickets = attachTickets(ctx, realtime);
  const knowledge = attachKnowledge(ctx, realtime);
  const docs = attachDocs(ctx, realtime, options.docs);
  const jobs = new JobWorker(ctx, { ...jobHandlers(ctx), ...tasks.jobHandlers, ...tickets.jobHandlers });

  healthRoutes(app);
  app.get('/v1/openapi.json', { schema: { hide: true } }, () => app.swagger());
  await app.register(orgRoutes);
  await app.register(filesRoutes);
  await app.register(webhookRoutes);
  await app.register(chatRoutes, { chat });
  await app.register(taskRoutes, { tasks: tasks.tasks });
  await app.register(ticketRoutes, { tickets: tickets.tickets });
  await app.register(publicTicketRoutes, { tickets: tickets.tickets, options: options.publicTickets ?? {} });
  await app.register(knowledgeRoutes, { knowledge });
  await app.register(publicArticleRoutes, { knowledge, options: options.publicArticles ?? {} });
  await app.register(docRoutes, { docs });
  publicAssetRoutes(app);
  if (config.demo) await app.register(demoRoutes);

  app.addHook('preClose', async () => {
    await jobs.stop();
    await realtime.close();
    docs.close();
  });

  let closing: Promise<void> | undefined;
  return {
    app,
    ctx,
    realtime,
    jobs,
    docs,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const { port } = app.server.address() as AddressInfo;
      const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
      if (config.demo) await seedDemo(ctx, url);
      if (options.startJobs !== false) {
        await schedulePeriodicJobs(ctx);
        jobs.start();
      }
      return url;
    },
    close() {
      closing ??= (async () => {
        // in-flight requests get a grace period; a connection still open after it is cut,
        // so a stuck client can never hold the shutdown past its 10 s limit
        const force = setTimeout(() => {
          log.warn('connections still open after the shutdown grace period: closing them');
          app.server.closeAllConnections();
        }, CLOSE_GRACE_MS);
        force.unref();
        await app.close();
        clearTimeout(force);
        if (redis?.isOpen) await redis.quit().catch(() => undefined);
        await storage.close();
      })();
      return closing;
    },
  };
}
