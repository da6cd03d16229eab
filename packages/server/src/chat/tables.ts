/** A chat channel. `last_seq` numbers its messages without gaps; `rev` counts their changes. */
export interface ChannelsTable {
  tenant_id: string;
  id: string;
  /** `group`, `dm` or `announcement`. */
  kind: string;
  /** Empty for direct messages: each side sees the other's name. */
  name: string;
  topic: string;
  /** Internal id of the user who created it (the integration bot for REST). */
  created_by: string;
  created_at: number;
  archived: number;
  /** The seq of the newest message; the next send takes `last_seq + 1`. */
  last_seq: number;
  /** The rev of the newest message change; every change takes `rev + 1`. */
  rev: number;
  /** Newest message time, for ordering channel lists. */
  last_message_at: number;
  /** Direct messages only: both internal user ids, sorted, so a pair has one DM. */
  dm_key: string | null;
}

export interface ChannelMembersTable {
  tenant_id: string;
  channel_id: string;
  /** Internal user id. */
  user_id: string;
  /** `owner`, `admin` or `member`. */
  role: string;
  /** Everything up to this seq is read; only ever moves forward. */
  last_read_seq: number;
  joined_at: number;
}

export interface MessagesTable {
  tenant_id: string;
  id: string;
  channel_id: string;
  seq: number;
  /** The channel rev of this message's latest change (the sync cursor). */
  rev: number;
  /** Internal user id. */
  author_id: string;
  /** The author's idempotency key; unique per author. */
  client_id: string | null;
  text: string;
  urgency: string;
  /** JSON string[] of mentioned host user ids (the wire form). */
  mentions: string;
  mentions_all: number;
  thread_root_id: string | null;
  reply_count: number;
  pinned: number;
  created_at: number;
  edited_at: number | null;
  recalled_at: number | null;
  deleted_at: number | null;
}

/**
 * One row per user a message mentions by name (not for `@all`, which `messages.mentions_all`
 * carries): unread mention counts are index ranges over these and over `@all` messages.
 */
export interface MessageMentionsTable {
  tenant_id: string;
  message_id: string;
  /** Internal user id. */
  user_id: string;
  channel_id: string;
  seq: number;
}

export interface MessageReactionsTable {
  tenant_id: string;
  message_id: string;
  emoji: string;
  /** Internal user id. */
  user_id: string;
  created_at: number;
}

export interface MessageAttachmentsTable {
  tenant_id: string;
  message_id: string;
  file_id: string;
  position: number;
}

export interface UrgentAcksTable {
  tenant_id: string;
  message_id: string;
  /** Internal user id. */
  user_id: string;
  acked_at: number;
}

export interface ChatTables {
  channels: ChannelsTable;
  channel_members: ChannelMembersTable;
  messages: MessagesTable;
  message_mentions: MessageMentionsTable;
  message_reactions: MessageReactionsTable;
  message_attachments: MessageAttachmentsTable;
  urgent_acks: UrgentAcksTable;
}
