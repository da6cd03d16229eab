import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { UserClaims } from '@plaza/protocol';
import { SignJWT } from 'jose';
import { pino, type Logger } from 'pino';
import { createServer, type PlazaServer, type ServerOptions } from '../app.js';
import type { Clock } from '../clock.js';
import type { DocsOptions } from '../docs/sync.js';
import { loadConfig, type Config } from '../config/config.js';
import { createPostgresDatabase, type TestDialect } from './databases.js';

export { availableDialects, createPostgresDatabase } from './databases.js';
export type { TestDialect } from './databases.js';
export { EVENT_DEADLINE_MS, SocketPool, handshakeOutcome, nextEvent, openSocket, sessionReady, withDeadline } from './sockets.js';
export type { ClientEventPayloads, ConnectError, TestSocket } from './sockets.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestServerOptions {
  dialect?: TestDialect;
  clock?: Clock;
  /** Allowed origins of the test tenant. */
  allowedOrigins?: string[];
  env?: Record<string, string>;
  rateLimitPerMinute?: number;
  startJobs?: boolean;
  /** Seconds a socket may go on after its token expired (default 30). */
  refreshGraceSeconds?: number;
  /** A logger to capture output with; defaults to pino at `PLAZA_TEST_LOG` (silent). */
  logger?: Logger;
  /** Compaction and automatic versions of documents. */
  docs?: Partial<DocsOptions>;
}

export interface UserTokenInput extends Partial<Omit<UserClaims, 'iat' | 'exp'>> {
  lifetimeSeconds?: number;
  iat?: number;
}

export interface TestServer {
  url: string;
  tenantId: string;
  secret: string;
  server: PlazaServer;
  config: Config;
  /** A signed user token for the test tenant (default user `u1`, 1 h). */
  signUserToken(claims?: UserTokenInput): Promise<string>;
  signServerToken(options?: { lifetimeSeconds?: number; tid?: string }): Promise<string>;
  /** Stops and starts again on the same port and database. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function signHs256(payload: Record<string, unknown>, secret: string): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

/**
 * A real Plaza server on a free port with a fresh database (SQLite in a temp dir, or a
 * new PostgreSQL database) and one tenant, `t-<random>`, ready for tokens.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-test-'));
  const pgDb = options.dialect === 'postgres' ? await createPostgresDatabase() : undefined;
  let config = loadConfig({
    PLAZA_PORT: '0',
    PLAZA_DATA_DIR: dataDir,
    PLAZA_ADMIN_TOKEN: ADMIN_TOKEN,
    PLAZA_MASTER_KEY: randomBytes(32).toString('base64'),
    ...(pgDb ? { PLAZA_DATABASE_URL: pgDb.url } : {}),
    ...options.env,
  });
  const serverOptions = (): ServerOptions => ({
    config,
    logger: options.logger ?? pino({ level: process.env.PLAZA_TEST_LOG ?? 'silent' }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
    ...(options.startJobs !== undefined ? { startJobs: options.startJobs } : {}),
    ...(options.refreshGraceSeconds !== undefined ? { refreshGraceSeconds: options.refreshGraceSeconds } : {}),
    ...(options.docs ? { docs: options.docs } : {}),
  });
  let server = await createServer(serverOptions());
  let url = await server.listen();
  config = { ...config, port: Number(new URL(url).port) };

  const tenantId = `t-${randomBytes(4).toString('hex')}`;
  const created = await server.ctx.tenants.create({ id: tenantId, name: 'Test tenant', allowedOrigins: options.allowedOrigins ?? [] });
  const nowSeconds = () => Math.floor((options.clock ?? { now: Date.now }).now() / 1000);

  const handle: TestServer = {
    get url() {
      return url;
    },
    tenantId,
    secret: created.secret,
    get server() {
      return server;
    },
    get config() {
      return config;
    },
    async signUserToken(input = {}) {
      const { lifetimeSeconds = 3600, iat = nowSeconds(), ...claims } = input;
      return signHs256({ tid: tenantId, sub: 'u1', name: 'User One', ...claims, iat, exp: iat + lifetimeSeconds }, created.secret);
    },
    async signServerToken({ lifetimeSeconds = 600, tid = tenantId } = {}) {
      const iat = nowSeconds();
      return signHs256({ tid, srv: true, iat, exp: iat + lifetimeSeconds }, created.secret);
    },
    async restart() {
      await server.close();
      server = await createServer(serverOptions());
      url = await server.listen();
    },
    async close() {
      await server.close();
      await pgDb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
