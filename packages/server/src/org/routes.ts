import {
  createTenantBody,
  patchTenantBody,
  secretRotated,
  tenantCreated,
  tenantIdParams,
  tenantView as tenantViewSchema,
  upsertUsersBody,
  upsertUsersResult,
  userIdParams,
  userProfile as userProfileSchema,
} from '@plaza/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireOperator, requireServer } from '../auth/request-auth.js';
import { errorResponses } from '../http/schemas.js';
import { tenantView } from './tenant-service.js';

/** The operator API (tenants) and the org sync (users), both server-to-server. */
export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.plaza;
  const operator = { security: [{ operator: [] }], tags: ['operator'] };
  const server = { security: [{ serverToken: [] }], tags: ['users'] };

  app.post(
    '/v1/tenants',
    { schema: { ...operator, summary: 'Create a tenant', body: createTenantBody, response: { 201: tenantCreated, ...errorResponses } } },
    async (request, reply) => {
      requireOperator(ctx, request);
      return reply.status(201).send(await ctx.tenants.create(request.body));
    },
  );

  app.get(
    '/v1/tenants/:id',
    { schema: { ...operator, summary: 'Read a tenant', params: tenantIdParams, response: { 200: tenantViewSchema, ...errorResponses } } },
    async (request) => {
      requireOperator(ctx, request);
      return tenantView(await ctx.tenants.get(request.params.id));
    },
  );

  app.patch(
    '/v1/tenants/:id',
    {
      schema: {
        ...operator,
        summary: 'Change allowed origins, public keys, name or settings',
        params: tenantIdParams,
        body: patchTenantBody,
        response: { 200: tenantViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireOperator(ctx, request);
      return tenantView(await ctx.tenants.patch(request.params.id, request.body));
    },
  );

  app.post(
    '/v1/tenants/:id/secret',
    { schema: { ...operator, summary: 'Rotate the tenant secret', params: tenantIdParams, response: { 200: secretRotated, ...errorResponses } } },
    async (request) => {
      requireOperator(ctx, request);
      return ctx.tenants.rotateSecret(request.params.id);
    },
  );

  app.post(
    '/v1/users',
    { schema: { ...server, summary: 'Create or update users (org sync)', body: upsertUsersBody, response: { 200: upsertUsersResult, ...errorResponses } } },
    async (request) => {
      const caller = await requireServer(ctx, request);
      return ctx.users.upsertMany(caller.tenant.id, request.body.users);
    },
  );

  app.post(
    '/v1/users/:id/deactivate',
    {
      schema: { ...server, summary: 'Cut a user off: sockets close, tokens are refused', params: userIdParams, response: { 200: userProfileSchema, ...errorResponses } },
    },
    async (request) => {
      const caller = await requireServer(ctx, request);
      const profile = await ctx.users.setActive(caller.tenant.id, request.params.id, false, 'server');
      await app.realtime.disconnectUser(caller.tenant.id, request.params.id, 'user is deactivated');
      return profile;
    },
  );

  app.post(
    '/v1/users/:id/reactivate',
    { schema: { ...server, summary: 'Let a deactivated user in again', params: userIdParams, response: { 200: userProfileSchema, ...errorResponses } } },
    async (request) => {
      const caller = await requireServer(ctx, request);
      return ctx.users.setActive(caller.tenant.id, request.params.id, true, 'server');
    },
  );
};
