import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Webhook registration and delivery log. (Being written: see the webhooks brief.) */
export const webhookRoutes: FastifyPluginAsyncZod = async () => {};
