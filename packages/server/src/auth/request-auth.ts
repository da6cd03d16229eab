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

/** Callers already verified for a request, so the hook and the handler verify once. */
const verified = new WeakMap<FastifyRequest, Promise<UserCaller | ServerCaller>>();

function once<T extends UserCaller | ServerCaller>(request: FastifyRequest, verify: () => Promise<T>): Promise<T> {
  let caller = verified.get(request) as Promise<T> | undefined;
  if (!caller) {
    caller = verify();
    verified.set(request, caller);
  }
  return caller;
}

export function requireServer(ctx: PlazaContext, request: FastifyRequest): Promise<ServerCaller> {
  return once(request, async () => {
    const { claims, tenant } = await ctx.tokens.verifyServer(bearerToken(request));
    checkOrigin(tenant, request.headers.origin);
    return { kind: 'server', tenant, claims };
  });
}

export function requireUser(ctx: PlazaContext, request: FastifyRequest): Promise<UserCaller> {
  return once(request, async () => {
    const { claims, tenant } = await ctx.tokens.verifyUser(bearerToken(request));
    checkOrigin(tenant, request.headers.origin);
    const user = await ctx.users.provision(claims);
    return { kind: 'user', tenant, claims, user };
  });
}

/**
 * Authenticates every route by the security scheme its schema declares (the same
 * declaration the OpenAPI description shows), before the body is validated: a caller
 * without a valid token learns nothing about the route's input rules.
 */
export function authenticateDeclaredScheme(ctx: PlazaContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const security = request.routeOptions.schema?.security as readonly Record<string, unknown>[] | undefined;
    const scheme = security?.[0] ? Object.keys(security[0])[0] : undefined;
    if (scheme === 'operator') requireOperator(ctx, request);
    else if (scheme === 'serverToken') await requireServer(ctx, request);
    else if (scheme === 'userToken') await requireUser(ctx, request);
  };
}
