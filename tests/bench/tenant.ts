import { randomBytes } from 'node:crypto';
import { signJwt } from '../support/tokens.js';

/** The operator token the benchmarks start their Plaza servers with. */
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';

export interface BenchTenant {
  id: string;
  /** A user token for `sub`, valid for an hour. */
  userToken(sub: string): string;
  /** A server token (integration REST), valid for ten minutes. */
  serverToken(): string;
}

/**
 * Creates a fresh tenant through the operator API and signs its tokens as a host backend
 * would; `allowedOrigins` are the pages its public routes (ticket form) may be called from.
 */
export async function createTenant(url: string, allowedOrigins: readonly string[] = []): Promise<BenchTenant> {
  const id = `bench-${randomBytes(3).toString('hex')}`;
  const response = await fetch(`${url}/v1/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id, name: 'Bench', allowedOrigins }),
  });
  if (response.status !== 201) throw new Error(`creating the tenant answered ${response.status}: ${await response.text()}`);
  const { secret } = (await response.json()) as { secret: string };
  const now = () => Math.floor(Date.now() / 1000);
  return {
    id,
    userToken: (sub) => signJwt({ tid: id, sub, name: sub, iat: now(), exp: now() + 3600 }, secret),
    serverToken: () => signJwt({ tid: id, srv: true, iat: now(), exp: now() + 600 }, secret),
  };
}
