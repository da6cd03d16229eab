import multipart from '@fastify/multipart';
import {
  PlazaError,
  customerStatusBody,
  fileInfo as fileInfoSchema,
  publicCreateTicketBody,
  publicReplyBody,
  publicTicketFormQuery,
  publicTicketParams,
  ratingBody,
} from '@plaza/protocol';
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bearerToken } from '../auth/request-auth.js';
import { fileInfo, storeFile, type StoredFile } from '../files/index.js';
import { errorResponses } from '../http/schemas.js';
import type { Tenant } from '../org/tenant-service.js';
import type { CustomerActor } from './access.js';
import { unguessableId } from './queries.js';
import { limiter, publicOrigin } from '../http/public-guard.js';
import { DEFAULT_PUBLIC_TICKET_LIMITS, noCaptcha, originPresent, type PublicTicketOptions } from './public-guard.js';
import { requirePublicOrigin, type TicketService } from './service.js';
import { customerMessageView, customerTicketView, publicDetailView, publicFormView, ticketCreatedView } from './views.js';

export interface PublicTicketRoutesOptions {
  tickets: TicketService;
  options: PublicTicketOptions;
}

/** Room for the multipart framing around one file. */
const MULTIPART_SLACK = 64 * 1024;

const uploadBody = z.unknown().meta({
  description: 'multipart/form-data with one file part (field name `file`); its type is sniffed from the content',
  type: 'object',
  properties: { file: { type: 'string', format: 'binary' } },
  required: ['file'],
});

/** Who a request's access token opened, per request (set in preValidation, before the body is looked at). */
const opened = new WeakMap<FastifyRequest, { tenant: Tenant; actor: CustomerActor }>();

function access(request: FastifyRequest): { tenant: Tenant; actor: CustomerActor } {
  const found = opened.get(request);
  if (!found) throw new PlazaError('internal', 'public ticket access was not checked');
  return found;
}

/**
 * The public ticket routes (CONTRACT.md): no sign-in, for the tenant's own website. Every
 * request needs an `Origin` the tenant allows and passes per-address rate limits; filing
 * also a per-email limit, a honeypot and the CAPTCHA hook. Everything after filing is
 * opened by the ticket's access token (`Authorization: Bearer …`), checked before the
 * body is read.
 *
 * The honeypot (`website`, a field the form hides from people): a filled one is answered
 * like a success — 201 with a made-up id and token — and nothing is stored, so a bot
 * learns nothing to adapt to. The made-up id then answers `not_found` like any other.
 */
export const publicTicketRoutes: FastifyPluginAsyncZod<PublicTicketRoutesOptions> = async (app, { tickets, options }) => {
  const ctx = app.plaza;
  await app.register(multipart, { throwFileSizeLimit: true });
  const captcha = options.captcha ?? noCaptcha;
  const perIp = limiter(app, 'new-ip', options.perIp ?? DEFAULT_PUBLIC_TICKET_LIMITS.perIp, (r) => r.ip);
  const perEmail = limiter(app, 'new-email', options.perEmail ?? DEFAULT_PUBLIC_TICKET_LIMITS.perEmail, (r) => {
    const body = r.body as { tenant: string; email: string };
    return `${body.tenant}:${body.email.trim().toLowerCase()}`;
  });
  const readsPerIp = limiter(app, 'ip', options.readsPerIp ?? DEFAULT_PUBLIC_TICKET_LIMITS.readsPerIp, (r) => r.ip);
  const replyFiles = limiter(app, 'files', options.replyFilesPerTicket ?? DEFAULT_PUBLIC_TICKET_LIMITS.replyFilesPerTicket, (r) => (r.params as { id: string }).id);
  const tags = ['tickets (public)'];
  const gate = { onRequest: [originPresent, readsPerIp] };
  const token = {
    ...gate,
    preValidation: async (request: FastifyRequest<{ Params: { id: string } }>) => {
      opened.set(request, await tickets.openPublic(request.params.id, bearerToken(request), publicOrigin(request)!));
    },
  };

  app.get(
    '/v1/public/ticket-form',
    {
      ...gate,
      schema: {
        tags,
        summary: 'What the public ticket form asks for',
        description: "The tenant's categories, custom fields per category and upload limits. The Origin must be one the tenant allows.",
        querystring: publicTicketFormQuery,
        response: { 200: publicFormView, ...errorResponses },
      },
    },
    async (request) => {
      const tenant = await publicTenant(request.query.tenant, publicOrigin(request));
      return tickets.publicForm(tenant);
    },
  );

  app.post(
    '/v1/public/tickets',
    {
      onRequest: [originPresent, perIp],
      schema: {
        tags,
        summary: 'File a ticket from the public form',
        description:
          'No token. The Origin must be one the tenant allows; limited per client address and per email. `website` is a honeypot: filled, the answer looks like a success and nothing is stored. `captchaToken` goes to the server’s CAPTCHA verifier, if one is configured. The access token is shown once.',
        body: publicCreateTicketBody,
        response: { 201: ticketCreatedView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { website, captchaToken, ...draft } = request.body;
      const origin = publicOrigin(request)!;
      const tenant = await publicTenant(draft.tenant, origin);
      await perEmail(request, reply);
      if (website !== undefined && website.trim() !== '') {
        request.log.info({ tenant: tenant.id }, 'public ticket honeypot filled: answered as filed, nothing stored');
        return reply.status(201).send({ id: unguessableId(ctx.clock.now()), accessToken: `${tenant.id}.${randomBytes(32).toString('base64url')}` });
      }
      if (!(await captcha.verify({ tenantId: tenant.id, token: captchaToken, ip: request.ip, origin }))) {
        throw new PlazaError('forbidden', 'the CAPTCHA was not solved');
      }
      return reply.status(201).send(await tickets.createPublic(tenant, draft));
    },
  );

  app.get(
    '/v1/public/tickets/:id',
    {
      ...token,
      schema: {
        tags,
        summary: 'Follow a ticket with its access token',
        description: 'The ticket and its public conversation (never internal notes), with short-lived download links for its files. A wrong token and an unknown id both answer not_found.',
        params: publicTicketParams,
        response: { 200: publicDetailView, ...errorResponses },
      },
    },
    async (request) => tickets.publicDetail(access(request).actor, request.params.id),
  );

  app.post(
    '/v1/public/tickets/:id/messages',
    {
      ...token,
      schema: {
        tags,
        summary: 'Reply as the customer',
        description: 'Reopens a ticket waiting for the customer, or a resolved one within the reopen period; a closed ticket refuses (conflict). `attachments` are ids from `POST …/files`.',
        params: publicTicketParams,
        body: publicReplyBody,
        response: { 201: customerMessageView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { text, attachments, clientId } = request.body;
      return reply.status(201).send(await tickets.customerReply(access(request).actor, request.params.id, { text, attachments, clientId }));
    },
  );

  app.post(
    '/v1/public/tickets/:id/status',
    {
      ...token,
      schema: {
        tags,
        summary: 'Reopen or close the ticket as the customer',
        description: 'Reopening is allowed while resolved and within the reopen period.',
        params: publicTicketParams,
        body: customerStatusBody,
        response: { 200: customerTicketView, ...errorResponses },
      },
    },
    async (request) => tickets.customerStatus(access(request).actor, request.params.id, request.body.status),
  );

  app.post(
    '/v1/public/tickets/:id/rating',
    {
      ...token,
      schema: { tags, summary: 'Rate the resolution (1–5)', params: publicTicketParams, body: ratingBody, response: { 200: customerTicketView, ...errorResponses } },
    },
    async (request) => tickets.rate(access(request).actor, request.params.id, request.body.score, request.body.comment),
  );

  app.post(
    '/v1/public/tickets/:id/attachments',
    {
      ...token,
      schema: {
        tags,
        summary: 'Attach a file to the ticket',
        description: 'Uploads one file (sniffed type and size checked against the tenant’s upload settings) and attaches it to the ticket itself. File names are kept as given, for display only.',
        consumes: ['multipart/form-data'],
        params: publicTicketParams,
        body: uploadBody,
        response: { 201: z.object({ ticket: customerTicketView, file: fileInfoSchema }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenant, actor } = access(request);
      await tickets.requireRoomForFile(actor, request.params.id);
      const file = await upload(request, reply, tenant, actor);
      const ticket = await tickets.attachToTicket(actor, request.params.id, file);
      return reply.status(201).send({ ticket, file: fileInfo(ctx, file, actor.user) });
    },
  );

  app.post(
    '/v1/public/tickets/:id/files',
    {
      ...token,
      schema: {
        tags,
        summary: 'Upload a file for a reply',
        description: 'Stores one file for `attachments` of a reply; a file no reply uses is deleted after 24 h.',
        consumes: ['multipart/form-data'],
        params: publicTicketParams,
        body: uploadBody,
        response: { 201: fileInfoSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenant, actor } = access(request);
      await replyFiles(request, reply);
      const file = await upload(request, reply, tenant, actor);
      return reply.status(201).send(fileInfo(ctx, file, actor.user));
    },
  );

  /** The tenant a public request names, if the request's origin is one it allows; an unknown tenant looks the same. */
  async function publicTenant(tenantId: string, origin: string | undefined): Promise<Tenant> {
    const tenant = await ctx.tenants.find(tenantId);
    if (!tenant) throw new PlazaError('forbidden', `origin ${origin ?? ''} is not allowed for this tenant`);
    requirePublicOrigin(tenant, origin);
    return tenant;
  }

  /** Streams one uploaded file to storage as the ticket's contact; a refusal closes the connection rather than reading the rest. */
  async function upload(request: FastifyRequest, reply: FastifyReply, tenant: Tenant, actor: CustomerActor): Promise<StoredFile> {
    try {
      const { maxBytes } = tenant.settings.upload;
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_SLACK) throw new PlazaError('payload_too_large', `files may be at most ${maxBytes} bytes`);
      const part = await request.file({ limits: { files: 1, fileSize: maxBytes + 1, fields: 10, fieldSize: 1024, parts: 20 } });
      if (!part) throw new PlazaError('bad_request', 'file: a file part is required');
      return await storeFile(ctx, { tenant, user: actor.user, name: part.filename, content: part.file });
    } catch (error) {
      void reply.header('connection', 'close');
      throw error;
    }
  }
};
