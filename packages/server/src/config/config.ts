import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';

/** The server's configuration, read from `PLAZA_*` variables and `--kebab-case` flags. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  redisUrl: string | undefined;
  /** 32 bytes; encrypts tenant secrets and files at rest. */
  masterKey: Buffer;
  /** True when the key was generated into the data dir at this start. */
  masterKeyGenerated: boolean;
  adminToken: string | undefined;
  /** CIDRs and host names webhooks may target although they are private. */
  webhookPrivateAllow: string[];
  /** Which proxies' X-Forwarded-* headers to believe (PLAZA_TRUST_PROXY); false: none. */
  trustProxy: TrustProxy;
  demo: boolean;
  production: boolean;
}

/** A bad setting: its message is the one line printed before the server exits. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

type Source = Record<string, string | undefined>;

const VARIABLES = [
  'PLAZA_PORT',
  'PLAZA_HOST',
  'PLAZA_DATA_DIR',
  'PLAZA_DATABASE_URL',
  'PLAZA_REDIS_URL',
  'PLAZA_MASTER_KEY',
  'PLAZA_ADMIN_TOKEN',
  'PLAZA_WEBHOOK_PRIVATE_ALLOW',
  'PLAZA_TRUST_PROXY',
  'PLAZA_DEMO',
] as const;

function flagName(variable: string): string {
  return '--' + variable.toLowerCase().replaceAll('_', '-');
}

/** Flags (`--plaza-port 9000` or `--plaza-port=9000`) override the environment. */
function mergeFlags(env: Source, argv: readonly string[]): Source {
  const merged: Source = { ...env };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new ConfigError(arg, 'unexpected argument');
    const [flag = arg, inline] = arg.split(/=(.*)/s, 2);
    const variable = VARIABLES.find((v) => flagName(v) === flag);
    if (!variable) throw new ConfigError(flag, `unknown flag (known: ${VARIABLES.map(flagName).join(', ')})`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new ConfigError(flag, 'needs a value');
    merged[variable] = value;
  }
  return merged;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 8080;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new ConfigError('PLAZA_PORT', `must be a port number 0-65535, got "${raw}"`);
  return port;
}

function parseHost(raw: string | undefined): string {
  const host = raw === undefined || raw === '' ? '127.0.0.1' : raw;
  if (isIP(host) === 0 && !/^[a-z0-9.-]+$/i.test(host)) throw new ConfigError('PLAZA_HOST', `must be an IP address or host name, got "${host}"`);
  return host;
}

function parseDatabaseUrl(raw: string | undefined, dataDir: string): string {
  if (raw === undefined || raw === '') return `sqlite:${path.join(dataDir, 'plaza.db')}`;
  if (raw.startsWith('sqlite:') && raw.length > 'sqlite:'.length) return raw;
  if (/^postgres(ql)?:\/\/.+/.test(raw)) {
    try {
      new URL(raw);
      return raw;
    } catch {
      throw new ConfigError('PLAZA_DATABASE_URL', 'is not a valid postgres:// URL');
    }
  }
  throw new ConfigError('PLAZA_DATABASE_URL', 'must be sqlite:<path> or postgres://…');
}

function parseRedisUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^rediss?:\/\/.+/.test(raw)) throw new ConfigError('PLAZA_REDIS_URL', 'must be a redis:// or rediss:// URL');
  return raw;
}

function decodeKey(raw: string): Buffer {
  const key = Buffer.from(raw.trim(), 'base64');
  if (key.length !== 32 || key.toString('base64') !== raw.trim()) {
    throw new ConfigError('PLAZA_MASTER_KEY', 'must be the base64 encoding of exactly 32 bytes');
  }
  return key;
}

/** Reads or creates `master.key` in the data dir, for single-node installs. */
function loadOrCreateKeyFile(dataDir: string): { key: Buffer; generated: boolean } {
  const file = path.join(dataDir, 'master.key');
  if (existsSync(file)) {
    try {
      return { key: decodeKey(readFileSync(file, 'utf8')), generated: false };
    } catch {
      throw new ConfigError('PLAZA_MASTER_KEY', `the key file ${file} is damaged; restore it or set PLAZA_MASTER_KEY`);
    }
  }
  const key = randomBytes(32);
  try {
    writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // another process starting on the same data dir wrote it first: use theirs
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKeyFile(dataDir);
    throw new ConfigError('PLAZA_DATA_DIR', `cannot write ${file}: ${(error as Error).message}`);
  }
  return { key, generated: true };
}

/** An entry of PLAZA_WEBHOOK_PRIVATE_ALLOW: a network (CIDR or single address) or a host name. */
export type AllowEntry =
  | { kind: 'net'; network: string; prefix: number; family: 'ipv4' | 'ipv6' }
  | { kind: 'host'; host: string };

/** Parses one allow-list entry; undefined when it is none of a CIDR, an address or a host name. */
export function parseAllowEntry(entry: string): AllowEntry | undefined {
  const [network = '', prefixText] = entry.split('/', 2);
  const family = isIP(network);
  if (family !== 0) {
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (prefixText !== undefined && (!/^\d{1,3}$/.test(prefixText) || prefix > max)) return undefined;
    return { kind: 'net', network, prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
  }
  if (prefixText === undefined && /^[a-z0-9-]+(\.[a-z0-9-]+)*\.?$/i.test(entry)) {
    return { kind: 'host', host: entry.toLowerCase().replace(/\.$/, '') };
  }
  return undefined;
}

function parseAllowList(raw: string | undefined): string[] {
  const entries = parseList(raw);
  const bad = entries.find((entry) => parseAllowEntry(entry) === undefined);
  if (bad !== undefined) throw new ConfigError('PLAZA_WEBHOOK_PRIVATE_ALLOW', `"${bad}" is not a CIDR, an IP address or a host name`);
  return entries;
}

/**
 * PLAZA_TRUST_PROXY: `true` believes every hop of X-Forwarded-For; a number n the n
 * proxies nearest to the server; otherwise the proxies at these addresses. Never on by
 * default: anyone could then set the header and escape per-IP rate limits.
 */
export type TrustProxy = boolean | number | string[];

/** Named ranges proxy-addr (Fastify's trustProxy) understands besides addresses and CIDRs. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  if (value === '' || value === '0' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    if (Number(value) > 100) throw new ConfigError('PLAZA_TRUST_PROXY', `${value} hops is not a plausible count of proxies`);
    return Number(value);
  }
  const entries = parseList(value);
  const bad = entries.find((entry) => !PROXY_RANGES.has(entry) && parseAllowEntry(entry)?.kind !== 'net');
  if (bad !== undefined) {
    throw new ConfigError('PLAZA_TRUST_PROXY', `"${bad}" is not true, a hop count, an IP address, a CIDR or one of loopback, linklocal, uniquelocal`);
  }
  return entries;
}

/**
 * Fastify's `trustProxy` for the setting. A hop count becomes a function of the hop, as
 * Express treats one: Fastify 5 refuses bare numbers, since a count cannot tell a proxy
 * from a client that reaches the server directly (the README says so too).
 *
 * @example
 * Fastify({ trustProxy: fastifyTrustProxy(config.trustProxy) });
 */
export function fastifyTrustProxy(setting: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  return (_address, hop) => hop < setting;
}

function parseList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseBool(variable: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new ConfigError(variable, `must be 0 or 1, got "${raw}"`);
}

/**
 * Reads the configuration. Throws `ConfigError` naming the first bad variable.
 *
 * @example
 * const config = loadConfig(process.env, process.argv.slice(2));
 */
export function loadConfig(env: Source = process.env, argv: readonly string[] = []): Config {
  const source = mergeFlags(env, argv);
  const production = source.NODE_ENV === 'production';
  const demo = parseBool('PLAZA_DEMO', source.PLAZA_DEMO);
  if (demo && production) throw new ConfigError('PLAZA_DEMO', 'demo mode refuses to run with NODE_ENV=production');

  const port = parsePort(source.PLAZA_PORT);
  const host = parseHost(source.PLAZA_HOST);
  const dataDir = path.resolve(source.PLAZA_DATA_DIR || './data');
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new ConfigError('PLAZA_DATA_DIR', `cannot create ${dataDir}: ${(error as Error).message}`);
  }
  const databaseUrl = parseDatabaseUrl(source.PLAZA_DATABASE_URL, dataDir);
  const redisUrl = parseRedisUrl(source.PLAZA_REDIS_URL);

  let masterKey: Buffer;
  let masterKeyGenerated = false;
  if (source.PLAZA_MASTER_KEY) {
    masterKey = decodeKey(source.PLAZA_MASTER_KEY);
  } else if (redisUrl) {
    throw new ConfigError('PLAZA_MASTER_KEY', 'is required when PLAZA_REDIS_URL is set (every node needs the same key)');
  } else {
    ({ key: masterKey, generated: masterKeyGenerated } = loadOrCreateKeyFile(dataDir));
  }

  const adminToken = source.PLAZA_ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('PLAZA_ADMIN_TOKEN', 'must be at least 16 characters');
  }

  return {
    port,
    host,
    dataDir,
    databaseUrl,
    redisUrl,
    masterKey,
    masterKeyGenerated,
    adminToken,
    webhookPrivateAllow: parseAllowList(source.PLAZA_WEBHOOK_PRIVATE_ALLOW),
    trustProxy: parseTrustProxy(source.PLAZA_TRUST_PROXY),
    demo,
    production,
  };
}
