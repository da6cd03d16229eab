import type { PlazaContext } from '../context.js';
import type { PlazaSocket, Realtime } from '../realtime/realtime.js';
import { Presence } from './presence.js';
import { RequestLimiter, type RequestClass } from './request-limits.js';
import { ChatService, registerMessageFileAccess, type Actor } from './service.js';

/**
 * Chat over socket.io: the `chat:*` and `presence:query` requests, channel rooms kept in
 * step with membership, presence. Handlers parse (done by realtime with the protocol's
 * schemas), say who acts and call the service — nothing else. Write requests first take
 * a token from the user's bucket (`CHAT_REQUEST_LIMITS`): an empty bucket answers
 * `rate_limited` before anything is read or written.
 *
 * @example
 * const chat = attachChat(ctx, realtime);
 * await app.register(chatRoutes, { chat });
 */
export function attachChat(ctx: PlazaContext, realtime: Realtime): ChatService {
  const chat = new ChatService(ctx, realtime);
  const presence = new Presence(ctx, realtime);
  registerMessageFileAccess();
  realtime.useChannelMembership((tenantId, userKey) => chat.membership(tenantId, userKey));
  presence.attach();

  const limits = new RequestLimiter(ctx.clock);
  const limit = (socket: PlazaSocket, kind: RequestClass) => limits.take(`${socket.data.tenantId}:${socket.data.userKey}`, kind);
  const as = (socket: PlazaSocket): Promise<Actor> => chat.actorFor(socket.data.tenantId, socket.data.userKey);
  /** The acting user of a write request, once it is within the user's limits. */
  const writer = (socket: PlazaSocket, kind: RequestClass = 'write'): Promise<Actor> => {
    limit(socket, kind);
    return as(socket);
  };

  realtime.handle('chat:channels', async (socket) => ({ channels: await chat.channels(await as(socket)) }));
  realtime.handle('chat:channel:create', async (socket, p) => chat.createChannel(await writer(socket), p));
  realtime.handle('chat:channel:update', async (socket, p) => chat.updateChannel(await writer(socket), p));
  realtime.handle('chat:channel:leave', async (socket, p) => chat.leave(await writer(socket), p.channelId));
  realtime.handle('chat:members', async (socket, p) => ({ members: await chat.members(await as(socket), p.channelId) }));
  realtime.handle('chat:members:add', async (socket, p) => ({ members: await chat.addMembers(await writer(socket), p.channelId, p.userIds) }));
  realtime.handle('chat:members:remove', async (socket, p) => ({ members: await chat.removeMembers(await writer(socket), p.channelId, p.userIds) }));
  realtime.handle('chat:history', async (socket, p) => chat.history(await as(socket), p));
  realtime.handle('chat:send', async (socket, p) => (await chat.send(await writer(socket, 'send'), p)).message);
  realtime.handle('chat:edit', async (socket, p) => chat.edit(await writer(socket), p.messageId, p.text));
  realtime.handle('chat:recall', async (socket, p) => chat.recall(await writer(socket), p.messageId));
  realtime.handle('chat:delete', async (socket, p) => chat.remove(await writer(socket), p.messageId));
  realtime.handle('chat:react', async (socket, p) => chat.react(await writer(socket), p.messageId, p.emoji, p.on));
  realtime.handle('chat:pin', async (socket, p) => chat.pin(await writer(socket), p.messageId, p.pinned));
  realtime.handle('chat:pins', async (socket, p) => ({ messages: await chat.pins(await as(socket), p.channelId) }));
  realtime.handle('chat:thread', async (socket, p) => chat.thread(await as(socket), p));
  realtime.handle('chat:read', async (socket, p) => chat.markRead(await writer(socket), p.channelId, p.seq));
  realtime.handle('chat:receipts', async (socket, p) => chat.receipts(await as(socket), p.messageId));
  realtime.handle('chat:urgent:ack', async (socket, p) => chat.urgentAck(await writer(socket), p.messageId));
  realtime.handle('chat:urgent:status', async (socket, p) => chat.urgentStatus(await as(socket), p.messageId));
  realtime.handle('chat:typing', async (socket, p) => {
    limit(socket, 'typing');
    return chat.typing(socket.data, p.channelId, () => as(socket));
  });
  realtime.handle('chat:sync', async (socket, p) => chat.sync(await as(socket), p.cursors));
  realtime.handle('presence:query', async (socket, p) => ({ statuses: await presence.query(await as(socket), socket, p.userIds) }));
  realtime.handle('presence:set', async (socket, p) => {
    // each change looks up the user's sockets across the cluster: limited like a write
    limit(socket, 'write');
    return presence.setActivity(socket, p.state);
  });
  return chat;
}
