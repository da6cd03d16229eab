import type { ZodType, output } from 'zod';
import type { RequestName, RequestPayload } from './events.js';
import { emptyPayload, refreshPayload } from './session.js';
import {
  channelRef,
  createChannelPayload,
  editPayload,
  historyPayload,
  membersChangePayload,
  messageRef,
  pinPayload,
  presencePayload,
  reactPayload,
  readPayload,
  sendPayload,
  syncPayload,
  threadPayload,
  updateChannelPayload,
} from './chat/chat.js';

/**
 * The zod schema the server parses each request payload with. Input types may leave out
 * fields that have defaults; the output the handlers see has them filled in.
 */
export const requestSchemas = {
  'session:get': emptyPayload,
  'session:refresh': refreshPayload,
  'chat:channels': emptyPayload,
  'chat:channel:create': createChannelPayload,
  'chat:channel:update': updateChannelPayload,
  'chat:channel:leave': channelRef,
  'chat:members': channelRef,
  'chat:members:add': membersChangePayload,
  'chat:members:remove': membersChangePayload,
  'chat:history': historyPayload,
  'chat:send': sendPayload,
  'chat:edit': editPayload,
  'chat:recall': messageRef,
  'chat:delete': messageRef,
  'chat:react': reactPayload,
  'chat:pin': pinPayload,
  'chat:pins': channelRef,
  'chat:thread': threadPayload,
  'chat:read': readPayload,
  'chat:receipts': messageRef,
  'chat:urgent:ack': messageRef,
  'chat:urgent:status': messageRef,
  'chat:typing': channelRef,
  'chat:sync': syncPayload,
  'presence:query': presencePayload,
} satisfies { [E in RequestName]: ZodType<unknown, RequestPayload<E>> };

/** A request payload as handlers see it: parsed, defaults filled in. */
export type ParsedPayload<E extends RequestName> = output<(typeof requestSchemas)[E]>;
