import { PlazaError, hostId } from '@plaza/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { seedChatDemo } from '../chat/demo-content.js';
import { seedTasksDemo } from '../tasks/demo-content.js';
import { seedKnowledgeDemo } from '../knowledge/demo-content.js';
import { seedTicketFormDemo, seedTicketsDemo } from '../tickets/demo-content.js';
import type { PlazaContext } from '../context.js';
import { exampleRoutes } from '../http/assets.js';
import { DEMO_DEPARTMENTS, DEMO_SECRET, DEMO_TENANT, DEMO_USERS } from './roster.js';

const DEMO_TOKEN_SECONDS = 3600;

/**
 * Creates the demo tenant and its users on first start, and allows the origin the
 * server listens on. Safe to run on every start.
 */
export async function seedDemo(ctx: PlazaContext, baseUrl: string): Promise<void> {
  const { port } = new URL(baseUrl);
  const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const existing = await ctx.tenants.find(DEMO_TENANT);
  if (!existing) await ctx.tenants.create({ id: DEMO_TENANT, name: 'Acme Demo', allowedOrigins: origins }, DEMO_SECRET);
  else await ctx.tenants.patch(DEMO_TENANT, { allowedOrigins: [...new Set([...existing.allowedOrigins, ...origins])] });
  await ctx.users.upsertMany(DEMO_TENANT, DEMO_USERS);
  await seedChatDemo(ctx, DEMO_TENANT);
  await seedTasksDemo(ctx, DEMO_TENANT);
  await seedKnowledgeDemo(ctx, DEMO_TENANT);
  await seedTicketsDemo(ctx, DEMO_TENANT);
  await seedTicketFormDemo(ctx, DEMO_TENANT);
}

export async function demoToken(ctx: PlazaContext, userId: string): Promise<string> {
  const user = DEMO_USERS.find((u) => u.id === userId);
  if (!user) throw new PlazaError('not_found', `no demo user ${userId}`);
  const now = Math.floor(ctx.clock.now() / 1000);
  return new SignJWT({
    tid: DEMO_TENANT,
    name: user.name,
    kind: user.kind,
    roles: user.roles,
    dept: user.dept,
    ...(user.org ? { org: user.org } : {}),
    ...(user.email ? { email: user.email } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuedAt(now)
    .setExpirationTime(now + DEMO_TOKEN_SECONDS)
    .sign(new TextEncoder().encode(DEMO_SECRET));
}

/** Demo-only routes: tokens for demo users (the host portal's job in real life) and the examples. */
export const demoRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.plaza;
  app.get(
    '/demo/token',
    { schema: { hide: true, querystring: z.object({ user: hostId }), response: { 200: z.object({ token: z.string() }) } } },
    async (request) => ({ token: await demoToken(ctx, request.query.user) }),
  );
  app.get('/demo/users', { schema: { hide: true } }, () =>
    DEMO_USERS.map((u) => ({ id: u.id, name: u.name, kind: u.kind, dept: u.dept.map((d) => DEMO_DEPARTMENTS[d] ?? d) })),
  );
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/examples/oa-portal-html/'));
  exampleRoutes(app);
};
