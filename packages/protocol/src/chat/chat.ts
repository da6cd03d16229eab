import { z } from 'zod';
import { hostId, plazaId } from '../ids.js';

export const CHANNEL_KINDS = ['group', 'dm', 'announcement'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const MEMBER_ROLES = ['owner', 'admin', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const URGENCIES = ['normal', 'important', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Limits every side checks the same way. */
export const CHAT_LIMITS = {
  textMax: 10_000,
  nameMax: 100,
  topicMax: 500,
  membersPerRequest: 500,
  attachmentsMax: 10,
  pageMax: 200,
  emojiMax: 32,
  clientIdMax: 64,
} as const;

/** A file attached to a message, as the message shows it (download via `GET /v1/files/:id`). */
export interface Attachment {
  id: string;
  name: string;
  size: number;
  type: string;
}

export interface Reaction {
  emoji: string;
  /** Host user ids, in the order they reacted. */
  users: string[];
}

/**
 * A chat message. `seq` orders messages within a channel without gaps; `rev` is the
 * channel revision of the message's last change (send, edit, recall, reaction…), the
 * cursor that lets a reconnecting client fetch changes it missed.
 */
export interface Message {
  id: string;
  channelId: string;
  seq: number;
  rev: number;
  authorId: string;
  text: string;
  clientId?: string;
  urgency: Urgency;
  /** Host user ids mentioned; `mentionsAll` for `@all`. */
  mentions: string[];
  mentionsAll: boolean;
  attachments: Attachment[];
  reactions: Reaction[];
  threadRootId: string | null;
  replyCount: number;
  pinned: boolean;
  createdAt: string;
  editedAt: string | null;
  /** Recalled by the author: text and attachments are gone, the row stays. */
  recalledAt: string | null;
  /** Deleted by an admin: text and attachments are gone, the row stays. */
  deletedAt: string | null;
}

/** A channel as one member sees it: shared facts plus that member's read state. */
export interface Channel {
  id: string;
  kind: ChannelKind;
  name: string;
  topic: string;
  createdBy: string;
  createdAt: string;
  archived: boolean;
  lastSeq: number;
  rev: number;
  memberCount: number;
  /** The caller's role and read state. */
  role: MemberRole;
  lastReadSeq: number;
  unreadCount: number;
  mentionCount: number;
  /** For a DM, the other member's id. */
  peerId: string | null;
}

export interface ChannelMember {
  userId: string;
  name: string;
  role: MemberRole;
  lastReadSeq: number;
}

export type PresenceStatus = 'online' | 'away' | 'offline';

/** What one socket (one tab, one device) says of its user: at the keyboard, or not for a while. */
export const ACTIVITY_STATES = ['active', 'idle'] as const;
export type ActivityState = (typeof ACTIVITY_STATES)[number];

const text = z.string().max(CHAT_LIMITS.textMax, `must be at most ${CHAT_LIMITS.textMax} characters`);
const channelId = plazaId;
const messageId = plazaId;
const seq = z.number().int().min(0);

export const channelsPayload = z.object({}).strict();

export const createChannelPayload = z
  .object({
    kind: z.enum(CHANNEL_KINDS),
    name: z.string().trim().max(CHAT_LIMITS.nameMax).default(''),
    topic: z.string().trim().max(CHAT_LIMITS.topicMax).default(''),
    members: z.array(hostId).max(CHAT_LIMITS.membersPerRequest).default([]),
  })
  .refine((v) => v.kind === 'dm' || v.name.length > 0, { message: 'name is required', path: ['name'] })
  .refine((v) => v.kind !== 'dm' || v.members.length === 1, { message: 'a direct message names exactly one other member', path: ['members'] });

export const updateChannelPayload = z
  .object({
    channelId,
    name: z.string().trim().min(1).max(CHAT_LIMITS.nameMax).optional(),
    topic: z.string().trim().max(CHAT_LIMITS.topicMax).optional(),
    archived: z.boolean().optional(),
  })
  .strict();

export const channelRef = z.object({ channelId }).strict();

export const membersChangePayload = z.object({ channelId, userIds: z.array(hostId).min(1).max(CHAT_LIMITS.membersPerRequest) }).strict();

export const historyPayload = z
  .object({
    channelId,
    before: seq.optional(),
    after: seq.optional(),
    /** Opens a page centred on this seq (jump to a message, open at first unread). */
    around: seq.optional(),
    /** Opens a page centred on this message of the channel (a copied link names only its id). */
    aroundId: messageId.optional(),
    limit: z.number().int().min(1).max(CHAT_LIMITS.pageMax).default(50),
  })
  .strict()
  .refine((v) => [v.before, v.after, v.around, v.aroundId].filter((x) => x !== undefined).length <= 1, {
    message: 'give at most one of before, after, around, aroundId',
  });

export const sendPayload = z
  .object({
    channelId,
    clientId: z.string().min(1).max(CHAT_LIMITS.clientIdMax).regex(/^[\w-]+$/, 'may contain letters, digits, _ and - only'),
    text,
    urgency: z.enum(URGENCIES).default('normal'),
    threadRootId: messageId.optional(),
    attachments: z.array(plazaId).max(CHAT_LIMITS.attachmentsMax).default([]),
  })
  .strict()
  .refine((v) => v.text.trim().length > 0 || v.attachments.length > 0, { message: 'a message needs text or an attachment', path: ['text'] });

export const editPayload = z.object({ messageId, text: text.refine((t) => t.trim().length > 0, 'must not be empty') }).strict();
export const messageRef = z.object({ messageId }).strict();
export const reactPayload = z
  .object({ messageId, emoji: z.string().min(1).max(CHAT_LIMITS.emojiMax).regex(/^[^\s<>]+$/u, 'must be an emoji'), on: z.boolean() })
  .strict();
export const pinPayload = z.object({ messageId, pinned: z.boolean() }).strict();
export const threadPayload = z.object({ rootId: messageId, after: seq.optional(), limit: z.number().int().min(1).max(CHAT_LIMITS.pageMax).default(50) }).strict();
export const readPayload = z.object({ channelId, seq }).strict();
export const syncPayload = z
  .object({
    cursors: z.array(z.object({ channelId, afterRev: z.number().int().min(0) })).max(1000),
  })
  .strict();
export const presencePayload = z.object({ userIds: z.array(hostId).max(500) }).strict();
export const presenceSetPayload = z.object({ state: z.enum(ACTIVITY_STATES) }).strict();

export type CreateChannelPayload = z.input<typeof createChannelPayload>;
export type UpdateChannelPayload = z.infer<typeof updateChannelPayload>;
export type ChannelRef = z.infer<typeof channelRef>;
export type MembersChangePayload = z.infer<typeof membersChangePayload>;
export type HistoryPayload = z.input<typeof historyPayload>;
export type SendPayload = z.input<typeof sendPayload>;
export type EditPayload = z.infer<typeof editPayload>;
export type MessageRef = z.infer<typeof messageRef>;
export type ReactPayload = z.infer<typeof reactPayload>;
export type PinPayload = z.infer<typeof pinPayload>;
export type ThreadPayload = z.input<typeof threadPayload>;
export type ReadPayload = z.infer<typeof readPayload>;
export type SyncPayload = z.infer<typeof syncPayload>;
export type PresencePayload = z.infer<typeof presencePayload>;
export type PresenceSetPayload = z.infer<typeof presenceSetPayload>;

export interface MessagePage {
  messages: Message[];
  /** More messages exist beyond this page in the direction asked for. */
  hasMore: boolean;
}

export interface SyncResult {
  /** Per channel: every message whose rev is above the cursor, ascending by rev. */
  channels: { channelId: string; messages: Message[]; rev: number; hasMore: boolean }[];
  /** Channels the caller no longer belongs to. */
  removed: string[];
}

export interface Receipts {
  readBy: string[];
  unreadBy: string[];
}

/** Who has not yet acknowledged an urgent message (shown to its sender). */
export interface UrgentStatus {
  messageId: string;
  pending: string[];
}

/** REST: `POST /v1/channels` */
export const restCreateChannelBody = z.object({
  name: z.string().trim().max(CHAT_LIMITS.nameMax).default(''),
  kind: z.enum(CHANNEL_KINDS),
  members: z.array(hostId).max(CHAT_LIMITS.membersPerRequest).default([]),
  topic: z.string().trim().max(CHAT_LIMITS.topicMax).optional(),
});

/** REST: `POST /v1/channels/:id/messages` */
export const restSendBody = z.object({
  text: text.refine((t) => t.trim().length > 0, 'must not be empty'),
  clientId: z.string().min(1).max(CHAT_LIMITS.clientIdMax).regex(/^[\w-]+$/).optional(),
  urgency: z.enum(URGENCIES).default('normal'),
});

/** REST: `GET /v1/channels/:id/messages` */
export const restHistoryQuery = z
  .object({
    after: z.coerce.number().int().min(0).optional(),
    before: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(CHAT_LIMITS.pageMax).default(50),
  })
  .refine((v) => v.after === undefined || v.before === undefined, { message: 'give after or before, not both' });

export const channelIdParams = z.object({ id: plazaId });
