import {
  PlazaError,
  type Attachment,
  type Channel,
  type ChannelKind,
  type ChannelMember,
  type MemberRole,
  type Message,
  type MessagePage,
  type Receipts,
  type SyncResult,
  type Urgency,
  type UrgentStatus,
} from '@plaza/protocol';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { recordAudit } from '../audit/audit.js';
import type { PlazaContext } from '../context.js';
import { findFile, linkFile, registerFileAccess, requireReadable, unlinkFile } from '../files/index.js';
import type { UsersTable } from '../org/tables.js';
import type { Realtime } from '../realtime/realtime.js';
import { isUniqueViolation, type Db } from '../storage/database.js';
import { groupCommit } from '../storage/group-commit.js';
import { publishEvent } from '../webhooks/events.js';
import { mentionTokens, idCandidates, resolveMentions } from './mentions.js';
import {
  bumpChannel,
  channelAccess,
  channelIdsOf,
  channelMembers,
  channelViews,
  findByClientId,
  findChannel,
  findMessage,
  insertMessage,
  knownToPartner,
  loadMessage,
  membersByHostId,
  memberView,
  messageView,
  pages,
  readUpTo,
  selectMessages,
  serverChannelView,
  toMessages,
  userByKey,
  type MessageRow,
  type ViewScope,
} from './queries.js';
import type { ChannelsTable, MessagesTable } from './tables.js';

/** The host id of the user REST messages are posted as, one per tenant. */
export const INTEGRATION_BOT_ID = 'plaza-bot';
export const INTEGRATION_BOT_NAME = 'Integration';

/** Messages one `chat:sync` returns per channel, and in all. */
export const SYNC_CHANNEL_LIMIT = 500;
export const SYNC_TOTAL_LIMIT = 2000;
/** Pinned messages a channel lists. */
export const PINS_LIMIT = 200;
/** Typing notices of one user in one channel closer together than this are dropped. */
export const TYPING_INTERVAL_MS = 2000;

/** Who is acting: a signed-in user, or the tenant's backend through a server token. */
export interface Actor {
  tenantId: string;
  user: UsersTable;
  kind: string;
  roles: readonly string[];
  /** A server token: acts in any channel of its tenant with an owner's authority, without being a member. */
  server: boolean;
}

export function userActor(user: UsersTable): Actor {
  if (user.active !== 1) throw new PlazaError('unauthorized', 'user is deactivated');
  if (user.kind === 'customer') throw new PlazaError('forbidden', 'customers cannot use chat');
  return { tenantId: user.tenant_id, user, kind: user.kind, roles: JSON.parse(user.roles) as string[], server: false };
}

export function serverActor(bot: UsersTable): Actor {
  return { tenantId: bot.tenant_id, user: bot, kind: 'member', roles: [], server: true };
}

export interface CreateChannelInput {
  kind: ChannelKind;
  name: string;
  topic?: string;
  /** Host ids; the creator is added as owner and need not be named. */
  members: readonly string[];
}

export interface SendInput {
  channelId: string;
  clientId?: string;
  text: string;
  urgency: Urgency;
  threadRootId?: string;
  attachments: readonly string[];
}

export interface HistoryInput {
  channelId: string;
  before?: number;
  after?: number;
  around?: number;
  /** Centres the page on this message, as `around` its seq does; `not_found` unless it is in the channel. */
  aroundId?: string;
  limit: number;
}

interface Access {
  channel: ChannelsTable;
  /** The caller's role; `owner` for a server token. */
  role: MemberRole;
}

const notFound = (what: string, id: string) => new PlazaError('not_found', `no ${what} ${id}`);

/**
 * Chat rules and storage: channels, members, messages and what hangs off them. Every
 * change is one transaction (with its webhook outbox rows and audit entries); pushes go
 * out after it commits. Callers (socket handlers, REST routes) parse and say who acts.
 */
export class ChatService {
  private readonly typingSeen = new Map<string, number>();
  private readonly bots = new Map<string, UsersTable>();

  constructor(
    private readonly ctx: PlazaContext,
    /** Absent when seeding demo content before anyone can listen. */
    private readonly realtime?: Realtime,
  ) {}

  private get db(): Db {
    return this.ctx.storage.db;
  }

  /** The acting user of a socket, read afresh so role and kind changes apply at once. */
  async actorFor(tenantId: string, userKey: string): Promise<Actor> {
    const [user] = (await userByKey(this.db, { tenantId, userKey })).rows;
    if (!user) throw new PlazaError('unauthorized', 'unknown user');
    return userActor(user);
  }

  /** The tenant's integration bot, acting with a server token's authority. */
  async integrationActor(tenantId: string): Promise<Actor> {
    let bot = this.bots.get(tenantId);
    if (!bot) {
      bot = await this.ctx.users.ensureSystemUser(tenantId, INTEGRATION_BOT_ID, INTEGRATION_BOT_NAME);
      // the row never changes once created; tenants are few
      this.bots.set(tenantId, bot);
    }
    return serverActor(bot);
  }

  /** Ids of the user's channels (the realtime layer's source for channel rooms). */
  membership(tenantId: string, userKey: string): Promise<string[]> {
    return channelIdsOf(this.db, tenantId, userKey);
  }

  // ---- channels ----------------------------------------------------------------------

  async channels(actor: Actor): Promise<Channel[]> {
    return (await channelViews(this.db, actor.tenantId, { userKey: actor.user.id })).map((v) => v.channel);
  }

  /**
   * Creates a channel with its members (placeholders for ids never seen). A DM between
   * two people exists once: asking again answers the existing one.
   */
  async createChannel(actor: Actor, input: CreateChannelInput, options: { at?: number } = {}): Promise<Channel> {
    const { tenantId } = actor;
    const now = options.at ?? this.ctx.clock.now();
    if (input.kind !== 'dm' && input.name.trim() === '') throw new PlazaError('bad_request', 'name: is required');
    if (input.kind === 'announcement' && actor.kind === 'partner') throw new PlazaError('forbidden', 'partners cannot create announcement channels');
    const named = [...new Set(input.members)].filter((id) => actor.server || id !== actor.user.host_id);
    if (input.kind === 'dm') {
      const expected = actor.server ? 2 : 1;
      if (named.length !== expected) {
        throw new PlazaError('bad_request', actor.server ? 'members: a direct message has exactly two members' : 'members: a direct message names exactly one other member');
      }
    }
    const users = await this.usersToAdd(actor, named);
    const memberRows = actor.server ? users : [actor.user, ...users];
    const dmKey = input.kind === 'dm' ? memberRows.map((u) => u.id).sort().join(':') : null;
    if (dmKey) {
      const existing = await this.db.selectFrom('channels').select('id').where('tenant_id', '=', tenantId).where('dm_key', '=', dmKey).executeTakeFirst();
      if (existing) return this.viewFor(actor, existing.id);
    }

    const channelId = uuidv7();
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('channels')
          .values({
            tenant_id: tenantId,
            id: channelId,
            kind: input.kind,
            name: input.kind === 'dm' ? '' : input.name.trim(),
            topic: input.topic?.trim() ?? '',
            created_by: actor.user.id,
            created_at: now,
            archived: 0,
            last_seq: 0,
            rev: 0,
            last_message_at: now,
            dm_key: dmKey,
          })
          .execute();
        if (memberRows.length > 0) {
          await trx
            .insertInto('channel_members')
            .values(
              memberRows.map((user) => ({
                tenant_id: tenantId,
                channel_id: channelId,
                user_id: user.id,
                role: input.kind !== 'dm' && !actor.server && user.id === actor.user.id ? 'owner' : 'member',
                last_read_seq: 0,
                joined_at: now,
              })),
            )
            .execute();
        }
        await recordAudit(trx, {
          tenantId,
          actor: this.auditActor(actor),
          action: 'channel.create',
          target: channelId,
          details: { kind: input.kind, name: input.name, members: memberRows.map((u) => u.host_id) },
          at: now,
        });
      });
    } catch (error) {
      // two people opening the same DM at once: both get the one that won
      if (dmKey && isUniqueViolation(error)) {
        const existing = await this.db.selectFrom('channels').select('id').where('tenant_id', '=', tenantId).where('dm_key', '=', dmKey).executeTakeFirst();
        if (existing) return this.viewFor(actor, existing.id);
      }
      throw error;
    }
    for (const user of memberRows) this.realtime?.joinChannel(tenantId, user.host_id, channelId);
    await this.pushChannel(tenantId, { channelId });
    return this.viewFor(actor, channelId);
  }

  async updateChannel(actor: Actor, input: { channelId: string; name?: string; topic?: string; archived?: boolean }): Promise<Channel> {
    const { tenantId } = actor;
    const now = this.ctx.clock.now();
    const { channel, role } = await this.access(this.db, actor, input.channelId);
    if (!this.canManage(actor, role)) throw new PlazaError('forbidden', 'only channel owners and admins may change a channel');
    if (channel.kind === 'dm') throw new PlazaError('forbidden', 'a direct message cannot be renamed or archived');
    if (channel.archived === 1 && input.archived !== false) throw new PlazaError('conflict', 'the channel is archived');
    const archived = input.archived === undefined ? undefined : input.archived ? 1 : 0;
    const changes = {
      ...(input.name !== undefined && input.name !== channel.name ? { name: input.name } : {}),
      ...(input.topic !== undefined && input.topic !== channel.topic ? { topic: input.topic } : {}),
      ...(archived !== undefined && archived !== channel.archived ? { archived } : {}),
    };
    if (Object.keys(changes).length > 0) {
      await this.db.transaction().execute(async (trx) => {
        await trx.updateTable('channels').set(changes).where('tenant_id', '=', tenantId).where('id', '=', channel.id).execute();
        const action = changes.archived === 1 ? 'channel.archive' : changes.archived === 0 ? 'channel.unarchive' : 'channel.update';
        await recordAudit(trx, { tenantId, actor: this.auditActor(actor), action, target: channel.id, details: changes, at: now });
      });
      await this.pushChannel(tenantId, { channelId: channel.id });
    }
    return this.viewFor(actor, channel.id);
  }

  async leave(actor: Actor, channelId: string): Promise<{ channelId: string }> {
    const { channel } = await this.access(this.db, actor, channelId);
    if (channel.kind === 'dm') throw new PlazaError('forbidden', 'you cannot leave a direct message');
    await this.dropMembers(actor, channel, [actor.user], 'channel.leave');
    return { channelId };
  }

  async members(actor: Actor, channelId: string): Promise<ChannelMember[]> {
    await this.access(this.db, actor, channelId);
    return (await channelMembers(this.db, actor.tenantId, channelId)).map(memberView);
  }

  async addMembers(actor: Actor, channelId: string, hostIds: readonly string[]): Promise<ChannelMember[]> {
    const { tenantId } = actor;
    const now = this.ctx.clock.now();
    const { channel, role } = await this.access(this.db, actor, channelId);
    if (channel.kind === 'dm') throw new PlazaError('forbidden', 'a direct message has exactly two members');
    if (!this.canManage(actor, role)) throw new PlazaError('forbidden', 'only channel owners and admins may add members');
    if (channel.archived === 1) throw new PlazaError('conflict', 'the channel is archived');
    const users = await this.usersToAdd(actor, hostIds);
    const added = await this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('channels').select('last_seq').where('tenant_id', '=', tenantId).where('id', '=', channelId).executeTakeFirstOrThrow();
      const inserted: UsersTable[] = [];
      for (const user of users) {
        // a new member starts with nothing unread; the history is there to scroll
        const row = await trx
          .insertInto('channel_members')
          .values({ tenant_id: tenantId, channel_id: channelId, user_id: user.id, role: 'member', last_read_seq: current.last_seq, joined_at: now })
          .onConflict((oc) => oc.columns(['tenant_id', 'channel_id', 'user_id']).doNothing())
          .returning('user_id')
          .executeTakeFirst();
        if (row) inserted.push(user);
      }
      if (inserted.length > 0) {
        await recordAudit(trx, {
          tenantId,
          actor: this.auditActor(actor),
          action: 'channel.members.add',
          target: channelId,
          details: { members: inserted.map((u) => u.host_id) },
          at: now,
        });
      }
      return inserted;
    });
    for (const user of added) this.realtime?.joinChannel(tenantId, user.host_id, channelId);
    if (added.length > 0) await this.pushChannel(tenantId, { channelId });
    return (await channelMembers(this.db, tenantId, channelId)).map(memberView);
  }

  async removeMembers(actor: Actor, channelId: string, hostIds: readonly string[]): Promise<ChannelMember[]> {
    const { tenantId } = actor;
    const { channel, role } = await this.access(this.db, actor, channelId);
    const onlySelf = hostIds.every((id) => id === actor.user.host_id);
    if (channel.kind === 'dm') throw new PlazaError('forbidden', 'a direct message has exactly two members');
    if (!onlySelf && !this.canManage(actor, role)) throw new PlazaError('forbidden', 'only channel owners and admins may remove members');
    const members = await channelMembers(this.db, tenantId, channelId);
    const targets = members.filter((m) => hostIds.includes(m.host_id));
    const outranks = actor.server || role === 'owner' || this.isTenantAdmin(actor);
    if (targets.some((m) => m.role === 'owner' && m.user_id !== actor.user.id) && !outranks) {
      throw new PlazaError('forbidden', 'only the owner or a tenant admin may remove the channel owner');
    }
    if (targets.length > 0) {
      const users = await this.db
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where(
          'id',
          'in',
          targets.map((m) => m.user_id),
        )
        .execute();
      await this.dropMembers(actor, channel, users, onlySelf ? 'channel.leave' : 'channel.members.remove');
    }
    return (await channelMembers(this.db, tenantId, channelId)).map(memberView);
  }

  // ---- messages ----------------------------------------------------------------------

  /**
   * Stores a message: one transaction takes the channel's next seq under its row lock
   * and inserts the message, its mentions, attachments and webhook outbox rows (on
   * SQLite, sends of one event-loop turn share a commit: `groupCommit`). A send
   * repeating a `clientId` the author used before answers the stored message
   * (`created: false`), or `conflict` when it names another channel. Pushes follow the
   * commit.
   *
   * A repeated `clientId` is found by the insert hitting its unique key (which rolls
   * the whole transaction back, seq included), not by a lookup before it: repeats are
   * rare and every send would pay for the lookup.
   */
  async send(actor: Actor, input: SendInput, options: { at?: number } = {}): Promise<{ message: Message; created: boolean }> {
    const { tenantId } = actor;
    const at = options.at ?? this.ctx.clock.now();
    const files = await this.readableFiles(actor, input.attachments);
    let outcome: { message: Message; created: boolean; root?: Message };
    try {
      outcome = await groupCommit(this.ctx.storage)(async (trx) => {
        const { channel, role } = await this.access(trx, actor, input.channelId);
        if (channel.archived === 1) throw new PlazaError('conflict', 'the channel is archived');
        if (channel.kind === 'announcement' && !this.canManage(actor, role)) {
          throw new PlazaError('forbidden', 'only channel owners and admins post in an announcement channel');
        }
        let root: MessageRow | undefined;
        if (input.threadRootId) {
          root = await findMessage(trx, tenantId, input.threadRootId);
          if (!root || root.channel_id !== channel.id) throw notFound('message', input.threadRootId);
          if (root.thread_root_id !== null) throw new PlazaError('bad_request', 'threadRootId: a reply cannot start a thread');
          if (root.recalled_at !== null || root.deleted_at !== null) throw new PlazaError('conflict', 'the thread’s first message was removed');
        }
        const mentions = await this.mentionsIn(trx, actor, channel, role, input.text);
        const counters = await bumpChannel(trx, tenantId, channel.id, { revs: root ? 2 : 1, send: true, at });
        if (!counters) throw new PlazaError('conflict', 'the channel is archived');
        const row: MessagesTable = {
          tenant_id: tenantId,
          id: uuidv7(),
          channel_id: channel.id,
          seq: counters.last_seq,
          rev: root ? counters.rev - 1 : counters.rev,
          author_id: actor.user.id,
          client_id: input.clientId ?? null,
          text: input.text,
          urgency: input.urgency,
          mentions: JSON.stringify(mentions.hostIds),
          mentions_all: mentions.all ? 1 : 0,
          thread_root_id: root?.id ?? null,
          reply_count: 0,
          pinned: 0,
          created_at: at,
          edited_at: null,
          recalled_at: null,
          deleted_at: null,
        };
        await insertMessage(trx, row);
        await this.writeMentions(trx, row, mentions);
        for (const [position, file] of files.entries()) {
          await trx.insertInto('message_attachments').values({ tenant_id: tenantId, message_id: row.id, file_id: file.id, position }).execute();
          await linkFile(trx, { tenantId, fileId: file.id, objectKind: 'message', objectId: row.id, at });
        }
        // writing in a channel means having read it
        if (!actor.server) await readUpTo(trx, { tenantId, channelId: channel.id, userKey: actor.user.id, seq: row.seq });
        let rootView: Message | undefined;
        if (root) {
          await trx
            .updateTable('messages')
            .set((eb) => ({ reply_count: eb('reply_count', '+', 1), rev: counters.rev }))
            .where('tenant_id', '=', tenantId)
            .where('id', '=', root.id)
            .execute();
          rootView = await loadMessage(trx, tenantId, root.id);
        }
        const message = messageView({ ...row, author_host_id: actor.user.host_id }, files, []);
        await publishEvent(trx, { tenantId, type: 'message.created', data: message, at });
        return { message, created: true, root: rootView };
      });
    } catch (error) {
      // a clientId stored before answers with its message whatever this attempt ran into:
      // the insert hitting the unique key (a retry, or two copies racing), or a refusal
      // that came about after the first copy was stored (removed since, channel archived)
      if (input.clientId && (isUniqueViolation(error) || error instanceof PlazaError)) {
        const stored = await findByClientId(this.db, tenantId, actor.user.id, input.clientId);
        if (stored) return { message: await this.storedSend(this.db, stored, input.channelId), created: false };
      }
      throw error;
    }
    if (outcome.created) {
      this.realtime?.emitToChannel(tenantId, input.channelId, 'chat:message', outcome.message);
      if (outcome.root) this.realtime?.emitToChannel(tenantId, input.channelId, 'chat:message:updated', outcome.root);
    }
    return { message: outcome.message, created: outcome.created };
  }

  async edit(actor: Actor, messageId: string, text: string): Promise<Message> {
    return this.change(actor, messageId, {
      check: ({ message }) => {
        if (message.author_id !== actor.user.id) throw new PlazaError('forbidden', 'only the author may edit a message');
        if (message.recalled_at !== null || message.deleted_at !== null) throw new PlazaError('conflict', 'the message was removed');
        return true;
      },
      write: async (trx, { message, channel, role, rev, at }) => {
        const mentions = await this.mentionsIn(trx, actor, channel, role, text);
        const updated = await trx
          .updateTable('messages')
          .set({ text, edited_at: at, rev, mentions: JSON.stringify(mentions.hostIds), mentions_all: mentions.all ? 1 : 0 })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', message.id)
          .where('recalled_at', 'is', null)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) throw new PlazaError('conflict', 'the message was removed');
        await trx.deleteFrom('message_mentions').where('tenant_id', '=', actor.tenantId).where('message_id', '=', message.id).execute();
        await this.writeMentions(trx, message, mentions);
      },
    });
  }

  /** The author takes a message back within the tenant's recall window: text, attachments and reactions go, the row stays. */
  async recall(actor: Actor, messageId: string): Promise<Message> {
    const { settings } = await this.ctx.tenants.get(actor.tenantId);
    const windowMs = settings.recallWindowSeconds * 1000;
    return this.change(actor, messageId, {
      check: ({ message, at }) => {
        if (message.author_id !== actor.user.id) throw new PlazaError('forbidden', 'only the author may recall a message');
        if (message.recalled_at !== null || message.deleted_at !== null) throw new PlazaError('conflict', 'the message was removed already');
        if (at - message.created_at > windowMs) {
          throw new PlazaError('conflict', `messages can be recalled only within ${settings.recallWindowSeconds} seconds of sending`);
        }
        return true;
      },
      write: async (trx, target) => {
        await this.clearMessage(trx, actor, target.message, { recalled_at: target.at }, target.rev);
        await recordAudit(trx, { tenantId: actor.tenantId, actor: this.auditActor(actor), action: 'message.recall', target: target.message.id, at: target.at });
      },
    });
  }

  /** A channel owner or admin (or a tenant admin) removes a message: text and attachments go, the row stays. */
  async remove(actor: Actor, messageId: string): Promise<Message> {
    return this.change(actor, messageId, {
      check: ({ message, role }) => {
        if (!this.canManage(actor, role)) throw new PlazaError('forbidden', 'only channel owners and admins may delete messages');
        if (message.recalled_at !== null || message.deleted_at !== null) throw new PlazaError('conflict', 'the message was removed already');
        return true;
      },
      write: async (trx, target) => {
        await this.clearMessage(trx, actor, target.message, { deleted_at: target.at }, target.rev);
        await recordAudit(trx, {
          tenantId: actor.tenantId,
          actor: this.auditActor(actor),
          action: 'message.delete',
          target: target.message.id,
          details: { channelId: target.channel.id, author: target.message.author_host_id },
          at: target.at,
        });
      },
    });
  }

  /** Adds or takes back the caller's reaction; asking for the state it is already in changes nothing. */
  async react(actor: Actor, messageId: string, emoji: string, on: boolean): Promise<Message> {
    return this.change(actor, messageId, {
      check: async ({ message }, trx) => {
        if (message.recalled_at !== null || message.deleted_at !== null) throw new PlazaError('conflict', 'the message was removed');
        const existing = await trx
          .selectFrom('message_reactions')
          .select('emoji')
          .where('tenant_id', '=', actor.tenantId)
          .where('message_id', '=', message.id)
          .where('emoji', '=', emoji)
          .where('user_id', '=', actor.user.id)
          .executeTakeFirst();
        return on !== (existing !== undefined);
      },
      write: async (trx, { message, rev, at }) => {
        if (on) {
          await trx
            .insertInto('message_reactions')
            .values({ tenant_id: actor.tenantId, message_id: message.id, emoji, user_id: actor.user.id, created_at: at })
            .onConflict((oc) => oc.columns(['tenant_id', 'message_id', 'emoji', 'user_id']).doNothing())
            .execute();
        } else {
          await trx
            .deleteFrom('message_reactions')
            .where('tenant_id', '=', actor.tenantId)
            .where('message_id', '=', message.id)
            .where('emoji', '=', emoji)
            .where('user_id', '=', actor.user.id)
            .execute();
        }
        await trx.updateTable('messages').set({ rev }).where('tenant_id', '=', actor.tenantId).where('id', '=', message.id).execute();
      },
    });
  }

  async pin(actor: Actor, messageId: string, pinned: boolean): Promise<Message> {
    return this.change(actor, messageId, {
      check: ({ message }) => {
        if (pinned && (message.recalled_at !== null || message.deleted_at !== null)) throw new PlazaError('conflict', 'the message was removed');
        return (message.pinned === 1) !== pinned;
      },
      write: async (trx, { message, rev }) => {
        await trx
          .updateTable('messages')
          .set({ pinned: pinned ? 1 : 0, rev })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', message.id)
          .execute();
      },
    });
  }

  async pins(actor: Actor, channelId: string): Promise<Message[]> {
    await this.access(this.db, actor, channelId);
    const rows = await selectMessages(this.db, actor.tenantId)
      .where('messages.channel_id', '=', channelId)
      // a literal 1, so SQLite sees that the partial index of pinned messages applies
      .where('messages.pinned', '=', sql.lit(1))
      .orderBy('messages.seq')
      .limit(PINS_LIMIT)
      .execute();
    return toMessages(this.db, actor.tenantId, rows);
  }

  /**
   * A page of messages in ascending seq. Without a cursor: the newest page. `around`
   * centres the page on a seq (that message and newer in the second half); its `hasMore`
   * says whether anything lies beyond either end. `scope: 'top'` leaves out thread
   * replies (the chat panel's main list); REST asks for everything.
   */
  async history(actor: Actor, input: HistoryInput, scope: 'top' | 'all' = 'top'): Promise<MessagePage> {
    const { tenantId } = actor;
    const { channelId } = input;
    const query = pages[scope];
    const older = async (below: number | undefined, limit: number) => {
      const rows = await query.older(this.db, { tenantId, channelId, below: below ?? Number.MAX_SAFE_INTEGER, limit: limit + 1 });
      return { rows: rows.slice(0, limit).reverse(), more: rows.length > limit };
    };
    const newer = async (from: number, limit: number) => {
      const rows = await query.newer(this.db, { tenantId, channelId, from, limit: limit + 1 });
      return { rows: rows.slice(0, limit), more: rows.length > limit };
    };
    let page: { rows: MessageRow[]; more: boolean };
    if (input.around !== undefined || input.aroundId !== undefined) {
      await this.access(this.db, actor, channelId);
      const around = input.around ?? (await this.seqOf(tenantId, channelId, input.aroundId!));
      const before = Math.floor(input.limit / 2);
      const [a, b] = [await older(around, before), await newer(around, input.limit - before)];
      page = { rows: [...a.rows, ...b.rows], more: a.more || b.more };
    } else {
      // the page is read while access is checked (a round trip less on PostgreSQL) and
      // returned only once access is granted
      const read = input.after !== undefined ? newer(input.after + 1, input.limit) : older(input.before, input.limit);
      [, page] = await Promise.all([this.access(this.db, actor, channelId), read]);
    }
    return { messages: await toMessages(this.db, tenantId, page.rows), hasMore: page.more };
  }


  /** The seq of a message of the channel; another channel's or tenant's id is not found. */
  private async seqOf(tenantId: string, channelId: string, messageId: string): Promise<number> {
    const row = await findMessage(this.db, tenantId, messageId);
    if (!row || row.channel_id !== channelId) throw notFound('message', messageId);
    return row.seq;
  }

  async thread(actor: Actor, input: { rootId: string; after?: number; limit: number }): Promise<MessagePage> {
    const root = await findMessage(this.db, actor.tenantId, input.rootId);
    if (!root) throw notFound('message', input.rootId);
    await this.access(this.db, actor, root.channel_id, () => notFound('message', input.rootId));
    const rows = await selectMessages(this.db, actor.tenantId)
      .where('messages.thread_root_id', '=', root.id)
      .where('messages.seq', '>', input.after ?? 0)
      .orderBy('messages.seq')
      .limit(input.limit + 1)
      .execute();
    return { messages: await toMessages(this.db, actor.tenantId, rows.slice(0, input.limit)), hasMore: rows.length > input.limit };
  }

  /**
   * Every message changed after each cursor's rev (sends, edits, recalls, reactions…),
   * ascending by rev. Channels the caller does not belong to (any more) come back in
   * `removed`, whether they exist or not, so the answer says nothing about them.
   */
  async sync(actor: Actor, cursors: readonly { channelId: string; afterRev: number }[]): Promise<SyncResult> {
    const { tenantId } = actor;
    const mine = new Set(await channelIdsOf(this.db, tenantId, actor.user.id));
    const result: SyncResult = { channels: [], removed: [] };
    let budget = SYNC_TOTAL_LIMIT;
    const seen = new Set<string>();
    for (const cursor of cursors) {
      if (seen.has(cursor.channelId)) continue;
      seen.add(cursor.channelId);
      if (!mine.has(cursor.channelId)) {
        result.removed.push(cursor.channelId);
        continue;
      }
      const channel = await findChannel(this.db, tenantId, cursor.channelId);
      if (!channel) {
        result.removed.push(cursor.channelId);
        continue;
      }
      const limit = Math.min(SYNC_CHANNEL_LIMIT, budget);
      if (limit === 0 || channel.rev <= cursor.afterRev) {
        result.channels.push({ channelId: channel.id, messages: [], rev: channel.rev, hasMore: channel.rev > cursor.afterRev });
        continue;
      }
      const rows = await selectMessages(this.db, tenantId)
        .where('messages.channel_id', '=', channel.id)
        .where('messages.rev', '>', cursor.afterRev)
        .orderBy('messages.rev')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      budget -= page.length;
      result.channels.push({ channelId: channel.id, messages: await toMessages(this.db, tenantId, page), rev: channel.rev, hasMore: rows.length > limit });
    }
    return result;
  }

  // ---- read state, receipts, urgency, typing --------------------------------------------

  /** Moves the caller's read position forward (never back, never past the newest message). */
  async markRead(actor: Actor, channelId: string, seq: number): Promise<{ channelId: string; lastReadSeq: number }> {
    const { tenantId } = actor;
    const { channel } = await this.access(this.db, actor, channelId);
    if (actor.server) return { channelId, lastReadSeq: channel.last_seq };
    const target = Math.min(seq, channel.last_seq);
    const moved = await this.db
      .updateTable('channel_members')
      .set({ last_read_seq: target })
      .where('tenant_id', '=', tenantId)
      .where('channel_id', '=', channelId)
      .where('user_id', '=', actor.user.id)
      .where('last_read_seq', '<', target)
      .returning('last_read_seq')
      .executeTakeFirst();
    if (moved) {
      this.realtime?.emitToChannel(tenantId, channelId, 'chat:read', { channelId, userId: actor.user.host_id, lastReadSeq: moved.last_read_seq });
      return { channelId, lastReadSeq: moved.last_read_seq };
    }
    const current = await this.db
      .selectFrom('channel_members')
      .select('last_read_seq')
      .where('tenant_id', '=', tenantId)
      .where('channel_id', '=', channelId)
      .where('user_id', '=', actor.user.id)
      .executeTakeFirst();
    return { channelId, lastReadSeq: current?.last_read_seq ?? 0 };
  }

  /** Who of the other members has read a message (read position at or past its seq) and who has not. */
  async receipts(actor: Actor, messageId: string): Promise<Receipts> {
    const message = await this.visibleMessage(actor, messageId);
    const members = await channelMembers(this.db, actor.tenantId, message.channel_id);
    const others = members.filter((m) => m.user_id !== message.author_id);
    return {
      readBy: others.filter((m) => m.last_read_seq >= message.seq).map((m) => m.host_id),
      unreadBy: others.filter((m) => m.last_read_seq < message.seq).map((m) => m.host_id),
    };
  }

  async urgentAck(actor: Actor, messageId: string): Promise<UrgentStatus> {
    const message = await this.visibleMessage(actor, messageId);
    if (message.urgency !== 'urgent') throw new PlazaError('conflict', 'the message is not urgent');
    if (message.author_id !== actor.user.id && !actor.server) {
      await this.db
        .insertInto('urgent_acks')
        .values({ tenant_id: actor.tenantId, message_id: message.id, user_id: actor.user.id, acked_at: this.ctx.clock.now() })
        .onConflict((oc) => oc.columns(['tenant_id', 'message_id', 'user_id']).doNothing())
        .execute();
    }
    return this.urgentPending(actor.tenantId, message);
  }

  /** Members (other than the author) who have not acknowledged an urgent message. */
  async urgentStatus(actor: Actor, messageId: string): Promise<UrgentStatus> {
    const message = await this.visibleMessage(actor, messageId);
    if (message.urgency !== 'urgent') throw new PlazaError('conflict', 'the message is not urgent');
    return this.urgentPending(actor.tenantId, message);
  }

  /**
   * Tells the channel's other members that the caller is typing: at most one notice per
   * user and channel every TYPING_INTERVAL_MS on this node; the notices between are
   * answered and dropped. The interval is checked (and taken) before anything is read,
   * so a client repeating the request costs a map lookup; `actor` is loaded only for a
   * notice that will go out, and a refused one gives the interval back.
   */
  async typing(who: { tenantId: string; userKey: string }, channelId: string, actor: () => Promise<Actor>): Promise<{ channelId: string }> {
    const key = `${who.tenantId}:${channelId}:${who.userKey}`;
    const now = this.ctx.clock.now();
    const last = this.typingSeen.get(key);
    if (last !== undefined && now - last < TYPING_INTERVAL_MS) return { channelId };
    if (this.typingSeen.size > 10_000) {
      for (const [k, at] of this.typingSeen) if (now - at >= TYPING_INTERVAL_MS) this.typingSeen.delete(k);
    }
    this.typingSeen.set(key, now);
    try {
      const typist = await actor();
      const { channel } = await this.access(this.db, typist, channelId);
      if (channel.archived === 1) throw new PlazaError('conflict', 'the channel is archived');
      const { host_id, name } = typist.user;
      this.realtime?.signalToChannel(who.tenantId, channelId, 'chat:typing', { channelId, userId: host_id, name }, host_id);
    } catch (error) {
      if (this.typingSeen.get(key) === now) this.typingSeen.delete(key);
      throw error;
    }
    return { channelId };
  }

  // ---- REST ------------------------------------------------------------------------------

  /** The channel as the integration sees it; `not_found` for ids outside the tenant. */
  async serverView(actor: Actor, channelId: string): Promise<Channel> {
    await this.access(this.db, actor, channelId);
    return serverChannelView(this.db, actor.tenantId, channelId);
  }

  /** One message the caller may read, `not_found` otherwise: for other capabilities (a task made from a message). */
  async message(actor: Actor, messageId: string): Promise<Message> {
    const [message] = await toMessages(this.db, actor.tenantId, [await this.visibleMessage(actor, messageId)]);
    return message;
  }

  // ---- internals ---------------------------------------------------------------------------

  /**
   * The channel and the caller's role in it. Anyone who is not a member gets `not_found`,
   * exactly as for ids that do not exist or belong to another tenant.
   */
  private async access(db: Db, actor: Actor, channelId: string, missing = () => notFound('channel', channelId)): Promise<Access> {
    const [found] = (await channelAccess(db, { tenantId: actor.tenantId, channelId, userKey: actor.user.id })).rows;
    if (!found) throw missing();
    const { member_role, ...channel } = found;
    if (actor.server) return { channel, role: 'owner' };
    if (!member_role) throw missing();
    return { channel, role: member_role as MemberRole };
  }

  /** A message the caller may see: `not_found` otherwise. */
  private async visibleMessage(actor: Actor, messageId: string): Promise<MessageRow> {
    const message = await findMessage(this.db, actor.tenantId, messageId);
    if (!message) throw notFound('message', messageId);
    await this.access(this.db, actor, message.channel_id, () => notFound('message', messageId));
    return message;
  }

  private isTenantAdmin(actor: Actor): boolean {
    return actor.roles.includes('admin');
  }

  private canManage(actor: Actor, role: MemberRole): boolean {
    return actor.server || role === 'owner' || role === 'admin' || this.isTenantAdmin(actor);
  }

  private auditActor(actor: Actor): string {
    return actor.server ? 'server' : actor.user.host_id;
  }

  private async viewFor(actor: Actor, channelId: string): Promise<Channel> {
    if (actor.server) return serverChannelView(this.db, actor.tenantId, channelId);
    const [view] = await channelViews(this.db, actor.tenantId, { userKey: actor.user.id, channelId });
    if (!view) throw notFound('channel', channelId);
    return view.channel;
  }

  /** Pushes `chat:channel` to each member in scope, with that member's read state. */
  private async pushChannel(tenantId: string, scope: ViewScope): Promise<void> {
    if (!this.realtime) return;
    const views = await channelViews(this.db, tenantId, scope);
    if (views.length === 0) return;
    const hosts = await this.db
      .selectFrom('users')
      .select(['id', 'host_id'])
      .where('tenant_id', '=', tenantId)
      .where(
        'id',
        'in',
        views.map((v) => v.userKey),
      )
      .execute();
    const hostOf = new Map(hosts.map((h) => [h.id, h.host_id]));
    for (const view of views) {
      const hostId = hostOf.get(view.userKey);
      if (hostId) this.realtime.emitToUser(tenantId, hostId, 'chat:channel', view.channel);
    }
  }

  /**
   * Users named to join a channel, created as placeholders when never seen. Customers
   * cannot chat; a partner may only name people they already share a channel with or
   * who belong to their own organisation.
   */
  private async usersToAdd(actor: Actor, hostIds: readonly string[]): Promise<UsersTable[]> {
    if (hostIds.length === 0) return [];
    const rows = await this.ctx.users.ensure(actor.tenantId, hostIds);
    const users = [...new Set(hostIds)].map((id) => rows.get(id)).filter((u): u is UsersTable => u !== undefined);
    const customer = users.find((u) => u.kind === 'customer');
    if (customer) throw new PlazaError('forbidden', `${customer.host_id} is a customer and cannot join chat channels`);
    if (actor.kind === 'partner') {
      const known = await knownToPartner(this.db, actor.tenantId, actor.user.id, actor.user.org);
      const stranger = users.find((u) => !known.has(u.id));
      if (stranger) throw new PlazaError('forbidden', `partners can only add people they already share a channel with (${stranger.host_id})`);
    }
    return users;
  }

  private async dropMembers(actor: Actor, channel: ChannelsTable, users: readonly UsersTable[], action: string): Promise<void> {
    const { tenantId } = actor;
    const now = this.ctx.clock.now();
    if (users.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('channel_members')
        .where('tenant_id', '=', tenantId)
        .where('channel_id', '=', channel.id)
        .where(
          'user_id',
          'in',
          users.map((u) => u.id),
        )
        .execute();
      await recordAudit(trx, {
        tenantId,
        actor: this.auditActor(actor),
        action,
        target: channel.id,
        details: { members: users.map((u) => u.host_id) },
        at: now,
      });
    });
    // out of the room first: from here on nothing of this channel reaches them
    for (const user of users) {
      this.realtime?.leaveChannel(tenantId, user.host_id, channel.id);
      this.realtime?.emitToUser(tenantId, user.host_id, 'chat:channel:removed', { channelId: channel.id });
    }
    await this.pushChannel(tenantId, { channelId: channel.id });
  }

  private async storedSend(db: Db, stored: MessageRow, channelId: string): Promise<Message> {
    if (stored.channel_id !== channelId) throw new PlazaError('conflict', 'clientId: already used for a message in another channel');
    const [message] = await toMessages(db, stored.tenant_id, [stored]);
    return message;
  }

  private async readableFiles(actor: Actor, fileIds: readonly string[]): Promise<Attachment[]> {
    const files: Attachment[] = [];
    // checked before the transaction: file access runs queries of its own on the shared connection
    for (const fileId of [...new Set(fileIds)]) {
      await requireReadable(this.ctx, actor.tenantId, fileId, actor.user);
      const file = await findFile(this.ctx, actor.tenantId, fileId);
      if (!file) throw notFound('file', fileId);
      files.push({ id: file.id, name: file.name, size: file.size, type: file.type });
    }
    return files;
  }

  /** Members a text mentions; `@all` only for those allowed to alert everyone. */
  private async mentionsIn(db: Db, actor: Actor, channel: ChannelsTable, role: MemberRole, text: string): Promise<{ hostIds: string[]; userKeys: string[]; all: boolean }> {
    const tokens = mentionTokens(text);
    if (tokens.length === 0) return { hostIds: [], userKeys: [], all: false };
    const candidates = [...new Set(tokens.flatMap(idCandidates))];
    const members = await membersByHostId(db, actor.tenantId, channel.id, candidates);
    const resolved = resolveMentions(tokens, (id) => members.has(id));
    if (resolved.all && (actor.kind === 'partner' || !this.canManage(actor, role))) {
      throw new PlazaError('forbidden', 'only channel owners and admins may mention @all');
    }
    const userKeys = resolved.userIds.map((id) => members.get(id)).filter((key): key is string => key !== undefined);
    return { hostIds: resolved.userIds, userKeys, all: resolved.all };
  }

  /** Mention rows for unread mention counts; `@all` is counted from the message itself. */
  private async writeMentions(db: Db, message: MessagesTable, mentions: { userKeys: string[]; all: boolean }): Promise<void> {
    if (mentions.all) return;
    const rows = mentions.userKeys
      .filter((key) => key !== message.author_id)
      .map((user_id) => ({ tenant_id: message.tenant_id, message_id: message.id, user_id, channel_id: message.channel_id, seq: message.seq }));
    if (rows.length > 0) await db.insertInto('message_mentions').values(rows).execute();
  }

  private async clearMessage(db: Db, actor: Actor, message: MessageRow, stamp: { recalled_at: number } | { deleted_at: number }, rev: number): Promise<void> {
    const { tenantId } = actor;
    const updated = await db
      .updateTable('messages')
      .set({ ...stamp, text: '', mentions: '[]', mentions_all: 0, pinned: 0, rev })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', message.id)
      .where('recalled_at', 'is', null)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new PlazaError('conflict', 'the message was removed already');
    const attachments = await db.selectFrom('message_attachments').select('file_id').where('tenant_id', '=', tenantId).where('message_id', '=', message.id).execute();
    for (const { file_id } of attachments) await unlinkFile(db, { tenantId, fileId: file_id, objectKind: 'message', objectId: message.id });
    await db.deleteFrom('message_attachments').where('tenant_id', '=', tenantId).where('message_id', '=', message.id).execute();
    await db.deleteFrom('message_mentions').where('tenant_id', '=', tenantId).where('message_id', '=', message.id).execute();
    await db.deleteFrom('message_reactions').where('tenant_id', '=', tenantId).where('message_id', '=', message.id).execute();
  }

  private async urgentPending(tenantId: string, message: MessageRow): Promise<UrgentStatus> {
    const members = await channelMembers(this.db, tenantId, message.channel_id);
    const acks = await this.db.selectFrom('urgent_acks').select('user_id').where('tenant_id', '=', tenantId).where('message_id', '=', message.id).execute();
    const acked = new Set(acks.map((a) => a.user_id));
    return {
      messageId: message.id,
      pending: members.filter((m) => m.user_id !== message.author_id && !acked.has(m.user_id)).map((m) => m.host_id),
    };
  }

  /**
   * One change to an existing message: in one transaction, the checks, a fresh channel
   * rev (under the channel's row lock) and the write; then `chat:message:updated`.
   * `check` answers whether anything would change; when not, nothing is written.
   */
  private async change(
    actor: Actor,
    messageId: string,
    steps: {
      check: (target: { message: MessageRow; channel: ChannelsTable; role: MemberRole; at: number }, trx: Db) => boolean | Promise<boolean>;
      write: (trx: Db, target: { message: MessageRow; channel: ChannelsTable; role: MemberRole; rev: number; at: number }) => Promise<void>;
    },
  ): Promise<Message> {
    const { tenantId } = actor;
    const at = this.ctx.clock.now();
    const outcome = await this.db.transaction().execute(async (trx) => {
      const message = await findMessage(trx, tenantId, messageId);
      if (!message) throw notFound('message', messageId);
      const { channel, role } = await this.access(trx, actor, message.channel_id, () => notFound('message', messageId));
      if (!(await steps.check({ message, channel, role, at }, trx))) return { message: await loadMessage(trx, tenantId, messageId), changed: false };
      const counters = await bumpChannel(trx, tenantId, channel.id, { revs: 1, send: false, at });
      if (!counters) throw new PlazaError('conflict', 'the channel is archived');
      await steps.write(trx, { message, channel, role, rev: counters.rev, at });
      return { message: await loadMessage(trx, tenantId, messageId), changed: true };
    });
    if (outcome.changed) this.realtime?.emitToChannel(tenantId, outcome.message.channelId, 'chat:message:updated', outcome.message);
    return outcome.message;
  }
}

let messageFilesRegistered = false;

/**
 * Lets members of a channel read the files attached to its messages. File access checks
 * are registered once per process (they receive each server's context on every call),
 * so a second server in the same process reuses the first registration.
 */
export function registerMessageFileAccess(): void {
  if (messageFilesRegistered) return;
  messageFilesRegistered = true;
  registerFileAccess('message', async (ctx, tenantId, messageId, user) => {
    const row = await ctx.storage.db
      .selectFrom('messages')
      .innerJoin('channel_members', (join) =>
        join.onRef('channel_members.tenant_id', '=', 'messages.tenant_id').onRef('channel_members.channel_id', '=', 'messages.channel_id'),
      )
      .select('messages.id')
      .where('messages.tenant_id', '=', tenantId)
      .where('messages.id', '=', messageId)
      .where('channel_members.user_id', '=', user.id)
      .executeTakeFirst();
    return row !== undefined;
  });
}
