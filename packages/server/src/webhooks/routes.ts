import { createWebhookBody, webhookDelivery, webhookIdParams, webhookView } from '@plaza/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireServer } from '../auth/request-auth.js';
import { errorResponses } from '../http/schemas.js';
import { WebhookService } from './service.js';
import { WebhookTargetPolicy } from './targets.js';

const webhookList = z.object({ webhooks: z.array(webhookView) });
const deliveryLog = z.object({ deliveries: z.array(webhookDelivery) });

/** Webhook registration (server token) and the delivery log. */
export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.plaza;
  const service = new WebhookService(ctx, new WebhookTargetPolicy(ctx.config.webhookPrivateAllow));
  const server = { security: [{ serverToken: [] }], tags: ['webhooks'] };

  app.post(
    '/v1/webhooks',
    {
      schema: {
        ...server,
        summary: 'Register a webhook; private and loopback targets are refused unless PLAZA_WEBHOOK_PRIVATE_ALLOW names them',
        body: createWebhookBody,
        response: { 201: webhookView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const caller = await requireServer(ctx, request);
      return reply.status(201).send(await service.create(caller.tenant.id, request.body));
    },
  );

  app.get('/v1/webhooks', { schema: { ...server, summary: "List the tenant's webhooks", response: { 200: webhookList, ...errorResponses } } }, async (request) => {
    const caller = await requireServer(ctx, request);
    return { webhooks: await service.list(caller.tenant.id) };
  });

  app.delete(
    '/v1/webhooks/:id',
    { schema: { ...server, summary: 'Remove a webhook and its delivery log', params: webhookIdParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      const caller = await requireServer(ctx, request);
      await service.remove(caller.tenant.id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      schema: { ...server, summary: 'The latest delivery attempts, newest first', params: webhookIdParams, response: { 200: deliveryLog, ...errorResponses } },
    },
    async (request) => {
      const caller = await requireServer(ctx, request);
      return { deliveries: await service.deliveries(caller.tenant.id, request.params.id) };
    },
  );
};
