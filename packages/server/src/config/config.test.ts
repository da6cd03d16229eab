import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, fastifyTrustProxy, loadConfig } from './config.js';

const validKey = () => randomBytes(32).toString('base64');

/** The ConfigError `loadConfig` throws, or a failure when it throws nothing. */
function configError(env: Record<string, string>, argv: string[] = []): ConfigError {
  try {
    loadConfig(env, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('loadConfig accepted a bad configuration');
}

describe('loadConfig', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-config-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('defaults to port 8080 on 127.0.0.1 with SQLite in the data dir', () => {
    const config = loadConfig({ PLAZA_DATA_DIR: dataDir });
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toBe(dataDir);
    expect(config.databaseUrl).toBe(`sqlite:${path.join(dataDir, 'plaza.db')}`);
    expect(config.redisUrl).toBeUndefined();
    expect(config.adminToken).toBeUndefined();
    expect(config.demo).toBe(false);
    expect(config.webhookPrivateAllow).toEqual([]);
    expect(config.trustProxy).toBe(false);
  });

  it('defaults the data dir to ./data under the working directory', () => {
    const cwd = process.cwd();
    process.chdir(dataDir);
    try {
      const config = loadConfig({ PLAZA_MASTER_KEY: validKey() });
      expect(config.dataDir).toBe(path.join(dataDir, 'data'));
      expect(config.databaseUrl).toBe(`sqlite:${path.join(dataDir, 'data', 'plaza.db')}`);
    } finally {
      process.chdir(cwd);
    }
  });

  it('generates a master key into the data dir on first start and reuses it after', () => {
    const first = loadConfig({ PLAZA_DATA_DIR: dataDir });
    expect(first.masterKeyGenerated).toBe(true);
    expect(first.masterKey).toHaveLength(32);
    expect(readFileSync(path.join(dataDir, 'master.key'), 'utf8')).toBe(first.masterKey.toString('base64'));

    const second = loadConfig({ PLAZA_DATA_DIR: dataDir });
    expect(second.masterKeyGenerated).toBe(false);
    expect(second.masterKey.equals(first.masterKey)).toBe(true);
  });

  it('uses PLAZA_MASTER_KEY when set and writes no key file', () => {
    const key = validKey();
    const config = loadConfig({ PLAZA_DATA_DIR: dataDir, PLAZA_MASTER_KEY: key });
    expect(config.masterKey.toString('base64')).toBe(key);
    expect(config.masterKeyGenerated).toBe(false);
    expect(existsSync(path.join(dataDir, 'master.key'))).toBe(false);
  });

  it('refuses a damaged key file, naming PLAZA_MASTER_KEY', () => {
    writeFileSync(path.join(dataDir, 'master.key'), 'not a key');
    expect(configError({ PLAZA_DATA_DIR: dataDir }).variable).toBe('PLAZA_MASTER_KEY');
  });

  it('reads every variable', () => {
    const key = validKey();
    const config = loadConfig({
      PLAZA_PORT: '9001',
      PLAZA_HOST: '0.0.0.0',
      PLAZA_DATA_DIR: dataDir,
      PLAZA_DATABASE_URL: 'postgres://plaza@db.internal:5432/plaza',
      PLAZA_REDIS_URL: 'redis://cache.internal:6379',
      PLAZA_MASTER_KEY: key,
      PLAZA_ADMIN_TOKEN: 'a-long-enough-admin-token',
      PLAZA_WEBHOOK_PRIVATE_ALLOW: '10.0.0.0/8, oa.internal',
      PLAZA_DEMO: '1',
    });
    expect(config).toMatchObject({
      port: 9001,
      host: '0.0.0.0',
      databaseUrl: 'postgres://plaza@db.internal:5432/plaza',
      redisUrl: 'redis://cache.internal:6379',
      adminToken: 'a-long-enough-admin-token',
      webhookPrivateAllow: ['10.0.0.0/8', 'oa.internal'],
      demo: true,
      production: false,
    });
  });

  const bad: Array<[string, Record<string, string>, string[], string]> = [
    ['a port that is not a number', { PLAZA_PORT: 'abc' }, [], 'PLAZA_PORT'],
    ['a port above 65535', { PLAZA_PORT: '70000' }, [], 'PLAZA_PORT'],
    ['a negative port', { PLAZA_PORT: '-1' }, [], 'PLAZA_PORT'],
    ['a host with spaces', { PLAZA_HOST: 'not a host' }, [], 'PLAZA_HOST'],
    ['a MySQL database URL', { PLAZA_DATABASE_URL: 'mysql://x' }, [], 'PLAZA_DATABASE_URL'],
    ['an http Redis URL', { PLAZA_REDIS_URL: 'http://x', PLAZA_MASTER_KEY: validKey() }, [], 'PLAZA_REDIS_URL'],
    ['a master key of 16 bytes', { PLAZA_MASTER_KEY: randomBytes(16).toString('base64') }, [], 'PLAZA_MASTER_KEY'],
    ['a master key that is not base64', { PLAZA_MASTER_KEY: 'x'.repeat(44) }, [], 'PLAZA_MASTER_KEY'],
    ['Redis without an explicit master key', { PLAZA_REDIS_URL: 'redis://127.0.0.1:6379' }, [], 'PLAZA_MASTER_KEY'],
    ['demo mode with NODE_ENV=production', { PLAZA_DEMO: '1', NODE_ENV: 'production' }, [], 'PLAZA_DEMO'],
    ['a PLAZA_DEMO that is not 0 or 1', { PLAZA_DEMO: 'yes' }, [], 'PLAZA_DEMO'],
    ['an admin token shorter than 16 characters', { PLAZA_ADMIN_TOKEN: 'short' }, [], 'PLAZA_ADMIN_TOKEN'],
    ['a webhook allow entry that is no CIDR, address or host', { PLAZA_WEBHOOK_PRIVATE_ALLOW: '10.0.0.0/8, http://x/' }, [], 'PLAZA_WEBHOOK_PRIVATE_ALLOW'],
    ['a webhook allow CIDR with a prefix too long', { PLAZA_WEBHOOK_PRIVATE_ALLOW: '10.0.0.0/33' }, [], 'PLAZA_WEBHOOK_PRIVATE_ALLOW'],
    ['a trusted proxy that is a host name', { PLAZA_TRUST_PROXY: 'proxy.internal' }, [], 'PLAZA_TRUST_PROXY'],
    ['a trusted proxy CIDR with a prefix too long', { PLAZA_TRUST_PROXY: '10.0.0.0/8, 10.0.0.0/33' }, [], 'PLAZA_TRUST_PROXY'],
    ['a negative hop count', { PLAZA_TRUST_PROXY: '-1' }, [], 'PLAZA_TRUST_PROXY'],
    ['an implausible hop count', { PLAZA_TRUST_PROXY: '1000' }, [], 'PLAZA_TRUST_PROXY'],
    ['an unknown flag', {}, ['--plaza-prot', '9000'], '--plaza-prot'],
    ['a flag without a value', {}, ['--plaza-port'], '--plaza-port'],
    ['a bad value given by flag', {}, ['--plaza-port=abc'], 'PLAZA_PORT'],
  ];

  it.each(bad)('refuses %s, naming %s', (_name, env, argv, variable) => {
    const error = configError({ PLAZA_DATA_DIR: dataDir, ...env }, argv);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).not.toContain('\n');
  });

  it('accepts CIDRs, addresses and host names in the webhook allow list', () => {
    const config = loadConfig({ PLAZA_DATA_DIR: dataDir, PLAZA_WEBHOOK_PRIVATE_ALLOW: '10.1.0.0/16, 192.168.1.5, oa.intranet, ::1' });
    expect(config.webhookPrivateAllow).toEqual(['10.1.0.0/16', '192.168.1.5', 'oa.intranet', '::1']);
  });

  it('reads PLAZA_TRUST_PROXY as true, a hop count, or addresses, CIDRs and named ranges', () => {
    const trust = (value: string) => loadConfig({ PLAZA_DATA_DIR: dataDir, PLAZA_TRUST_PROXY: value }).trustProxy;
    expect(trust('true')).toBe(true);
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.0/8, 192.168.1.5, ::1, loopback')).toEqual(['10.0.0.0/8', '192.168.1.5', '::1', 'loopback']);
    expect(loadConfig({ PLAZA_DATA_DIR: dataDir }, ['--plaza-trust-proxy', 'uniquelocal']).trustProxy).toEqual(['uniquelocal']);
  });

  it('turns a hop count into a trust function of the hop for Fastify, and passes the rest as they are', () => {
    const twoHops = fastifyTrustProxy(2);
    expect(typeof twoHops).toBe('function');
    const trusts = twoHops as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => trusts('10.0.0.1', hop))).toEqual([true, true, false]);
    expect(fastifyTrustProxy(false)).toBe(false);
    expect(fastifyTrustProxy(['10.0.0.0/8'])).toEqual(['10.0.0.0/8']);
  });

  it('lets a flag override the environment, as --name value', () => {
    expect(loadConfig({ PLAZA_DATA_DIR: dataDir, PLAZA_PORT: '8081' }, ['--plaza-port', '9000']).port).toBe(9000);
  });

  it('lets a flag override the environment, as --name=value', () => {
    expect(loadConfig({ PLAZA_DATA_DIR: dataDir, PLAZA_PORT: '8081' }, ['--plaza-port=9000']).port).toBe(9000);
  });

  it('keeps everything after the first = of an inline flag value', () => {
    const url = 'postgres://u:p=w@127.0.0.1:5432/db?sslmode=disable';
    expect(loadConfig({ PLAZA_DATA_DIR: dataDir }, [`--plaza-database-url=${url}`]).databaseUrl).toBe(url);
  });
});
