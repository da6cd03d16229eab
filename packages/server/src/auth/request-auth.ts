import { timingSafeEqual, createHash } from 'node:crypto';
import { PlazaError, type ServerClaims, type UserClaims } from '@plaza/protocol';
import type { FastifyRequest } from 'fastify';
import type { PlazaContext } from '../context.js';
import type { Tenant } from '../org/tenant-service.js';
import type { UsersTable } from '../org/tables.js';

export interface UserCaller {
  kind: 'user';
  tenant: Tenant;
  claims: UserClaims;
  user: UsersTable;
}

export interface ServerCaller {
  kind: 'server';
  tenant: Tenant;
  claims: ServerClaims;
}

export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match) throw new PlazaError('unauthorized', 'Authorization: Bearer <token> is required');
  return match[1];
}

/**
 * A browser request must come from an origin its tenant allows; requests without
 * `Origin` come from servers and Node clients and are allowed.
 */
export function checkOrigin(tenant: Tenant, origin: string | undefined): void {
  if (origin !== undefined && !tenant.allowedOrigins.includes(origin)) {
    throw new PlazaError('forbidden', `origin ${origin} is not allowed for this tenant`);
  }
}

function sameSecret(given: string, expected: string): boolean {
  // hashing first gives equal lengths, which timingSafeEqual requires
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function requireOperator(ctx: PlazaContext, request: FastifyRequest): void {
  const expected = ctx.config.adminToken;
  if (!expected) throw new PlazaError('unauthorized', 'the operator API is off (PLAZA_ADMIN_TOKEN is not set)');
  if (!sameSecret(bearerToken(request), expected)) throw new PlazaError('unauthorized', 'operator token invalid');
}

export async function requireServer(ctx: PlazaContext, request: FastifyRequest): Promise<ServerCaller> {
  const { claims, tenant } = await ctx.tokens.verifyServer(bearerToken(request));
  checkOrigin(tenant, request.headers.origin);
  return { kind: 'server', tenant, claims };
}

export async function requireUser(ctx: PlazaContext, request: FastifyRequest): Promise<UserCaller> {
  const { claims, tenant } = await ctx.tokens.verifyUser(bearerToken(request));
  checkOrigin(tenant, request.headers.origin);
  const user = await ctx.users.provision(claims);
  return { kind: 'user', tenant, claims, user };
}
