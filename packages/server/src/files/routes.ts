import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Uploads and signed downloads. (Being written: see the files module brief.) */
export const filesRoutes: FastifyPluginAsyncZod = async () => {};
