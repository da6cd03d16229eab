import {
  CHANNEL_KINDS,
  MEMBER_ROLES,
  URGENCIES,
  channelIdParams,
  restCreateChannelBody,
  restHistoryQuery,
  restSendBody,
  type Channel,
  type Message,
} from '@plaza/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireServer } from '../auth/request-auth.js';
import { errorResponses } from '../http/schemas.js';
import type { ChatService } from './service.js';

const isoTime = z.string().describe('ISO 8601 UTC');

/** The wire shapes of protocol's `Message` and `Channel`, for responses and the OpenAPI description. */
const messageView = z.object({
  id: z.string(),
  channelId: z.string(),
  seq: z.number().int(),
  rev: z.number().int(),
  authorId: z.string(),
  text: z.string(),
  clientId: z.string().optional(),
  urgency: z.enum(URGENCIES),
  mentions: z.array(z.string()),
  mentionsAll: z.boolean(),
  attachments: z.array(z.object({ id: z.string(), name: z.string(), size: z.number().int(), type: z.string() })),
  reactions: z.array(z.object({ emoji: z.string(), users: z.array(z.string()) })),
  threadRootId: z.string().nullable(),
  replyCount: z.number().int(),
  pinned: z.boolean(),
  createdAt: isoTime,
  editedAt: isoTime.nullable(),
  recalledAt: isoTime.nullable(),
  deletedAt: isoTime.nullable(),
}) satisfies z.ZodType<Message>;

const channelView = z.object({
  id: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  name: z.string(),
  topic: z.string(),
  createdBy: z.string(),
  createdAt: isoTime,
  archived: z.boolean(),
  lastSeq: z.number().int(),
  rev: z.number().int(),
  memberCount: z.number().int(),
  role: z.enum(MEMBER_ROLES),
  lastReadSeq: z.number().int(),
  unreadCount: z.number().int(),
  mentionCount: z.number().int(),
  peerId: z.string().nullable(),
}) satisfies z.ZodType<Channel>;

const messagePage = z.object({ messages: z.array(messageView), hasMore: z.boolean() });

export interface ChatRoutesOptions {
  chat: ChatService;
}

/**
 * The integration REST API (server token): create channels, post as the tenant's
 * integration bot, read history. Thread replies are included in REST history, unlike
 * the chat panel's main list.
 */
export const chatRoutes: FastifyPluginAsyncZod<ChatRoutesOptions> = async (app, { chat }) => {
  const ctx = app.plaza;
  const server = { security: [{ serverToken: [] }], tags: ['chat'] };

  app.post(
    '/v1/channels',
    {
      schema: {
        ...server,
        summary: 'Create a channel',
        description:
          'Members are host user ids; ids never seen become placeholder users. A direct message names exactly two members and exists once per pair: asking again answers the existing one.',
        body: restCreateChannelBody,
        response: { 201: channelView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const caller = await requireServer(ctx, request);
      const actor = await chat.integrationActor(caller.tenant.id);
      return reply.status(201).send(await chat.createChannel(actor, request.body));
    },
  );

  app.post(
    '/v1/channels/:id/messages',
    {
      schema: {
        ...server,
        summary: 'Post a message as the integration bot',
        description: 'Idempotent by clientId: the same clientId again answers 200 with the stored message.',
        params: channelIdParams,
        body: restSendBody,
        response: { 200: messageView, 201: messageView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const caller = await requireServer(ctx, request);
      const actor = await chat.integrationActor(caller.tenant.id);
      const { message, created } = await chat.send(actor, {
        channelId: request.params.id,
        text: request.body.text,
        urgency: request.body.urgency,
        attachments: [],
        ...(request.body.clientId !== undefined ? { clientId: request.body.clientId } : {}),
      });
      return reply.status(created ? 201 : 200).send(message);
    },
  );

  app.get(
    '/v1/channels/:id/messages',
    {
      schema: {
        ...server,
        summary: 'Read messages in ascending seq',
        description: 'after=SEQ pages forward, before=SEQ backward; neither gives the newest page. Thread replies are included.',
        params: channelIdParams,
        querystring: restHistoryQuery,
        response: { 200: messagePage, ...errorResponses },
      },
    },
    async (request) => {
      const caller = await requireServer(ctx, request);
      const actor = await chat.integrationActor(caller.tenant.id);
      const { after, before, limit } = request.query;
      return chat.history(
        actor,
        { channelId: request.params.id, limit, ...(after !== undefined ? { after } : {}), ...(before !== undefined ? { before } : {}) },
        'all',
      );
    },
  );
};
