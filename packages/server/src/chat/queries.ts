import type { Attachment, Channel, ChannelKind, ChannelMember, MemberRole, Message, Reaction, Urgency } from '@plaza/protocol';
import { sql, type ExpressionBuilder } from 'kysely';
import { iso } from '../clock.js';
import type { Db } from '../storage/database.js';
import { precompiled } from '../storage/precompiled.js';
import type { Database } from '../tables.js';
import type { ChannelMembersTable, ChannelsTable, MessagesTable } from './tables.js';

/** A message row with its author's host id, which the wire shows. */
export type MessageRow = MessagesTable & { author_host_id: string };

/** A membership row with the member's host id and name. */
export interface MemberRow {
  user_id: string;
  host_id: string;
  name: string;
  kind: string;
  role: string;
  last_read_seq: number;
}

/**
 * Messages of a tenant with their authors' host ids; callers add filters and order. The
 * host id is a lookup per row rather than a join, so the planner always walks messages
 * by the caller's index (a join let SQLite scan users first once statistics said the
 * table was small, and sort the whole channel).
 */
export function selectMessages(db: Db, tenantId: string) {
  return db
    .selectFrom('messages')
    .selectAll('messages')
    .select((eb) =>
      eb
        .selectFrom('users')
        .select('users.host_id')
        .whereRef('users.tenant_id', '=', 'messages.tenant_id')
        .whereRef('users.id', '=', 'messages.author_id')
        .$asScalar()
        .$notNull()
        .as('author_host_id'),
    )
    .where('messages.tenant_id', '=', tenantId);
}

/** A user by internal id (the acting user of a socket request). */
export const userByKey = precompiled((db, v: { tenantId: string; userKey: string }) =>
  db.selectFrom('users').selectAll().where('tenant_id', '=', v.tenantId).where('id', '=', v.userKey),
);

/** A channel with the user's role in it (`member_role` null when not a member), in one statement. */
export const channelAccess = precompiled((db, v: { tenantId: string; channelId: string; userKey: string }) =>
  db
    .selectFrom('channels as c')
    .leftJoin('channel_members as cm', (join) =>
      join.onRef('cm.tenant_id', '=', 'c.tenant_id').onRef('cm.channel_id', '=', 'c.id').on('cm.user_id', '=', v.userKey),
    )
    .selectAll('c')
    .select('cm.role as member_role')
    .where('c.tenant_id', '=', v.tenantId)
    .where('c.id', '=', v.channelId),
);

export const insertMessage = precompiled((db, row: MessagesTable) => db.insertInto('messages').values({ ...row }));

/** Moves a member's read position forward to `seq` (never back). */
export const readUpTo = precompiled((db, v: { tenantId: string; channelId: string; userKey: string; seq: number }) =>
  db
    .updateTable('channel_members')
    .set({ last_read_seq: v.seq })
    .where('tenant_id', '=', v.tenantId)
    .where('channel_id', '=', v.channelId)
    .where('user_id', '=', v.userKey)
    .where('last_read_seq', '<', v.seq),
);

/**
 * History pages by seq, with and without thread replies (`top` leaves them out). They
 * read the messages alone; `withAuthors` adds the authors' host ids from memory.
 */
function pageQueries(top: boolean) {
  const inChannel = (db: Db, v: { tenantId: string; channelId: string }) => {
    const base = db.selectFrom('messages').selectAll().where('tenant_id', '=', v.tenantId).where('channel_id', '=', v.channelId);
    return top ? base.where('thread_root_id', 'is', null) : base;
  };
  const older = precompiled((db, v: { tenantId: string; channelId: string; below: number; limit: number }) =>
    inChannel(db, v).where('seq', '<', v.below).orderBy('seq', 'desc').limit(v.limit),
  );
  const newer = precompiled((db, v: { tenantId: string; channelId: string; from: number; limit: number }) =>
    inChannel(db, v).where('seq', '>=', v.from).orderBy('seq').limit(v.limit),
  );
  return {
    /** Up to `limit` messages below seq `below`, newest first. */
    older: async (db: Db, v: { tenantId: string; channelId: string; below: number; limit: number }) => withAuthors(db, v.tenantId, (await older(db, v)).rows),
    /** Up to `limit` messages from seq `from` on, oldest first. */
    newer: async (db: Db, v: { tenantId: string; channelId: string; from: number; limit: number }) => withAuthors(db, v.tenantId, (await newer(db, v)).rows),
  };
}
export const pages = { top: pageQueries(true), all: pageQueries(false) };

/** Host ids by tenant and internal user id. */
const hostIds = new Map<string, string>();
/** Entries kept before the map starts afresh (a user's next message reads theirs again). */
const HOST_IDS_KEPT = 100_000;

/**
 * The rows with their authors' host ids. A user's host id never changes (users are
 * keyed by it and never deleted), so the ids are kept in memory once read, and a page
 * costs no lookup per row; the few not seen yet are read in one statement.
 */
async function withAuthors(db: Db, tenantId: string, rows: MessagesTable[]): Promise<MessageRow[]> {
  const missing = [...new Set(rows.map((r) => r.author_id).filter((id) => !hostIds.has(`${tenantId}:${id}`)))];
  if (missing.length > 0) {
    if (hostIds.size + missing.length > HOST_IDS_KEPT) hostIds.clear();
    const found = await db.selectFrom('users').select(['id', 'host_id']).where('tenant_id', '=', tenantId).where('id', 'in', missing).execute();
    for (const user of found) hostIds.set(`${tenantId}:${user.id}`, user.host_id);
  }
  // the rows are the driver's fresh objects: completed in place rather than copied, since
  // a page's garbage is what sets how often the collector stops the event loop
  for (const row of rows as MessageRow[]) row.author_host_id = hostIds.get(`${tenantId}:${row.author_id}`) ?? '';
  return rows as MessageRow[];
}

export async function findMessage(db: Db, tenantId: string, messageId: string): Promise<MessageRow | undefined> {
  return selectMessages(db, tenantId).where('messages.id', '=', messageId).executeTakeFirst();
}

export async function findByClientId(db: Db, tenantId: string, authorId: string, clientId: string): Promise<MessageRow | undefined> {
  return selectMessages(db, tenantId).where('messages.author_id', '=', authorId).where('messages.client_id', '=', clientId).executeTakeFirst();
}

export async function findChannel(db: Db, tenantId: string, channelId: string): Promise<ChannelsTable | undefined> {
  return db.selectFrom('channels').selectAll().where('tenant_id', '=', tenantId).where('id', '=', channelId).executeTakeFirst();
}

/** Ids of every channel the user belongs to. */
export async function channelIdsOf(db: Db, tenantId: string, userKey: string): Promise<string[]> {
  const rows = await db.selectFrom('channel_members').select('channel_id').where('tenant_id', '=', tenantId).where('user_id', '=', userKey).execute();
  return rows.map((r) => r.channel_id);
}

/** Members of a channel in the order they joined. */
export async function channelMembers(db: Db, tenantId: string, channelId: string): Promise<MemberRow[]> {
  return db
    .selectFrom('channel_members')
    .innerJoin('users', (join) => join.onRef('users.tenant_id', '=', 'channel_members.tenant_id').onRef('users.id', '=', 'channel_members.user_id'))
    .select(['channel_members.user_id', 'users.host_id', 'users.name', 'users.kind', 'channel_members.role', 'channel_members.last_read_seq'])
    .where('channel_members.tenant_id', '=', tenantId)
    .where('channel_members.channel_id', '=', channelId)
    .orderBy('channel_members.joined_at')
    .orderBy('users.host_id')
    .execute();
}

export function memberView(row: MemberRow): ChannelMember {
  return { userId: row.host_id, name: row.name, role: row.role as MemberRole, lastReadSeq: row.last_read_seq };
}

/** Channel members among `hostIds`, by host id: who a message can mention. */
export async function membersByHostId(db: Db, tenantId: string, channelId: string, hostIds: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  // bounded chunks keep every statement well under both dialects' parameter limits
  for (let i = 0; i < hostIds.length; i += 500) {
    const rows = await db
      .selectFrom('channel_members')
      .innerJoin('users', (join) => join.onRef('users.tenant_id', '=', 'channel_members.tenant_id').onRef('users.id', '=', 'channel_members.user_id'))
      .select(['users.host_id', 'users.id'])
      .where('channel_members.tenant_id', '=', tenantId)
      .where('channel_members.channel_id', '=', channelId)
      .where('users.host_id', 'in', hostIds.slice(i, i + 500))
      .execute();
    for (const row of rows) found.set(row.host_id, row.id);
  }
  return found;
}

/**
 * Internal ids of the users a partner may name: everyone they already share a channel
 * with, and the people of their own organisation.
 */
export async function knownToPartner(db: Db, tenantId: string, userKey: string, org: string | null): Promise<Set<string>> {
  const shared = await db
    .selectFrom('channel_members as mine')
    .innerJoin('channel_members as theirs', (join) => join.onRef('theirs.tenant_id', '=', 'mine.tenant_id').onRef('theirs.channel_id', '=', 'mine.channel_id'))
    .select('theirs.user_id')
    .distinct()
    .where('mine.tenant_id', '=', tenantId)
    .where('mine.user_id', '=', userKey)
    .execute();
  const known = new Set(shared.map((r) => r.user_id));
  if (org) {
    const colleagues = await db.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('org', '=', org).execute();
    for (const row of colleagues) known.add(row.id);
  }
  known.add(userKey);
  return known;
}

/** Messages as the wire shows them, with attachments and reactions, in the order given. */
export async function toMessages(db: Db, tenantId: string, rows: readonly MessageRow[]): Promise<Message[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [attachments, reactions] = await Promise.all([attachmentsOf(db, tenantId, ids), reactionsOf(db, tenantId, ids)]);
  return rows.map((row) => messageView(row, attachments.get(row.id) ?? [], reactions.get(row.id) ?? []));
}

export async function loadMessage(db: Db, tenantId: string, messageId: string): Promise<Message> {
  const row = await findMessage(db, tenantId, messageId);
  if (!row) throw new Error(`message ${messageId} vanished`);
  const [message] = await toMessages(db, tenantId, [row]);
  return message;
}

export function messageView(row: MessageRow, attachments: Attachment[], reactions: Reaction[]): Message {
  return {
    id: row.id,
    channelId: row.channel_id,
    seq: row.seq,
    rev: row.rev,
    authorId: row.author_host_id,
    text: row.text,
    ...(row.client_id !== null ? { clientId: row.client_id } : {}),
    urgency: row.urgency as Urgency,
    mentions: JSON.parse(row.mentions) as string[],
    mentionsAll: row.mentions_all === 1,
    attachments,
    reactions,
    threadRootId: row.thread_root_id,
    replyCount: row.reply_count,
    pinned: row.pinned === 1,
    createdAt: iso(row.created_at),
    editedAt: row.edited_at === null ? null : iso(row.edited_at),
    recalledAt: row.recalled_at === null ? null : iso(row.recalled_at),
    deletedAt: row.deleted_at === null ? null : iso(row.deleted_at),
  };
}

async function attachmentsOf(db: Db, tenantId: string, messageIds: readonly string[]): Promise<Map<string, Attachment[]>> {
  const rows = await db
    .selectFrom('message_attachments')
    .innerJoin('files', (join) => join.onRef('files.tenant_id', '=', 'message_attachments.tenant_id').onRef('files.id', '=', 'message_attachments.file_id'))
    .select(['message_attachments.message_id', 'files.id', 'files.name', 'files.size', 'files.type'])
    .where('message_attachments.tenant_id', '=', tenantId)
    .where('message_attachments.message_id', 'in', messageIds)
    .orderBy('message_attachments.message_id')
    .orderBy('message_attachments.position')
    .execute();
  const byMessage = new Map<string, Attachment[]>();
  for (const row of rows) {
    const list = byMessage.get(row.message_id) ?? [];
    list.push({ id: row.id, name: row.name, size: row.size, type: row.type });
    byMessage.set(row.message_id, list);
  }
  return byMessage;
}

async function reactionsOf(db: Db, tenantId: string, messageIds: readonly string[]): Promise<Map<string, Reaction[]>> {
  const rows = await db
    .selectFrom('message_reactions')
    .innerJoin('users', (join) => join.onRef('users.tenant_id', '=', 'message_reactions.tenant_id').onRef('users.id', '=', 'message_reactions.user_id'))
    .select(['message_reactions.message_id', 'message_reactions.emoji', 'users.host_id'])
    .where('message_reactions.tenant_id', '=', tenantId)
    .where('message_reactions.message_id', 'in', messageIds)
    // a total order, so both dialects list equal reactions the same way
    .orderBy('message_reactions.created_at')
    .orderBy('message_reactions.emoji')
    .orderBy('users.host_id')
    .execute();
  const byMessage = new Map<string, Reaction[]>();
  for (const row of rows) {
    const list = byMessage.get(row.message_id) ?? [];
    const reaction = list.find((r) => r.emoji === row.emoji);
    if (reaction) reaction.users.push(row.host_id);
    else list.push({ emoji: row.emoji, users: [row.host_id] });
    byMessage.set(row.message_id, list);
  }
  return byMessage;
}

/** Which membership rows a view is computed for: one user's channels, or one channel's members. */
export type ViewScope = { userKey: string; channelId?: string } | { channelId: string; userKeys?: readonly string[] };

/**
 * The membership rows in `scope`, as a filter on `channel_members as cm`. Every query of
 * a view takes the same filter (rather than lists of ids that could outgrow a statement).
 */
function inScope(tenantId: string, scope: ViewScope) {
  return (eb: ExpressionBuilder<Database & { cm: ChannelMembersTable }, 'cm'>) => {
    const terms = [eb('cm.tenant_id', '=', tenantId)];
    if ('userKey' in scope) terms.push(eb('cm.user_id', '=', scope.userKey));
    if (scope.channelId !== undefined) terms.push(eb('cm.channel_id', '=', scope.channelId));
    if ('userKeys' in scope && scope.userKeys !== undefined) terms.push(eb('cm.user_id', 'in', scope.userKeys));
    return eb.and(terms);
  };
}

/** The ids of the channels in `scope`, as a subquery. */
function channelsInScope(db: Db, tenantId: string, scope: ViewScope) {
  return db.selectFrom('channel_members as cm').select('cm.channel_id').where(inScope(tenantId, scope));
}

/** A channel as each member sees it, for every membership in `scope`. */
export async function channelViews(db: Db, tenantId: string, scope: ViewScope): Promise<{ userKey: string; channel: Channel }[]> {
  if ('userKeys' in scope && scope.userKeys?.length === 0) return [];
  const rows = await db
    .selectFrom('channel_members as cm')
    .innerJoin('channels as c', (join) => join.onRef('c.tenant_id', '=', 'cm.tenant_id').onRef('c.id', '=', 'cm.channel_id'))
    .innerJoin('users as creator', (join) => join.onRef('creator.tenant_id', '=', 'c.tenant_id').onRef('creator.id', '=', 'c.created_by'))
    .selectAll('c')
    .select(['cm.user_id', 'cm.role', 'cm.last_read_seq', 'creator.host_id as creator_host_id'])
    .where(inScope(tenantId, scope))
    .orderBy('c.last_message_at', 'desc')
    .orderBy('c.id')
    .execute();
  if (rows.length === 0) return [];

  const [counts, named, everyone, peers] = await Promise.all([
    db
      .selectFrom('channel_members')
      .select(['channel_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('channel_id', 'in', channelsInScope(db, tenantId, scope))
      .groupBy('channel_id')
      .execute(),
    // mentions by name after each member's read position
    db
      .selectFrom('channel_members as cm')
      .innerJoin('message_mentions as mm', (join) =>
        join
          .onRef('mm.tenant_id', '=', 'cm.tenant_id')
          .onRef('mm.user_id', '=', 'cm.user_id')
          .onRef('mm.channel_id', '=', 'cm.channel_id')
          .onRef('mm.seq', '>', 'cm.last_read_seq'),
      )
      .select(['cm.channel_id', 'cm.user_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where(inScope(tenantId, scope))
      .groupBy(['cm.channel_id', 'cm.user_id'])
      .execute(),
    // @all messages by others after each member's read position (a literal 1, so SQLite
    // sees that the partial index of @all messages applies)
    db
      .selectFrom('channel_members as cm')
      .innerJoin('messages as m', (join) =>
        join
          .onRef('m.tenant_id', '=', 'cm.tenant_id')
          .onRef('m.channel_id', '=', 'cm.channel_id')
          .on('m.mentions_all', '=', sql.lit(1))
          .onRef('m.seq', '>', 'cm.last_read_seq')
          .onRef('m.author_id', '<>', 'cm.user_id'),
      )
      .select(['cm.channel_id', 'cm.user_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where(inScope(tenantId, scope))
      .groupBy(['cm.channel_id', 'cm.user_id'])
      .execute(),
    rows.some((r) => r.kind === 'dm') ? dmMembers(db, tenantId, channelsInScope(db, tenantId, scope)) : new Map<string, DmMember[]>(),
  ]);

  const memberCount = new Map(counts.map((r) => [r.channel_id, Number(r.n)]));
  const mentions = new Map<string, number>();
  for (const r of [...named, ...everyone]) {
    const key = `${r.channel_id}:${r.user_id}`;
    mentions.set(key, (mentions.get(key) ?? 0) + Number(r.n));
  }
  return rows.map((row) => {
    const peer = row.kind === 'dm' ? peers.get(row.id)?.find((p) => p.user_id !== row.user_id) : undefined;
    const channel: Channel = {
      id: row.id,
      kind: row.kind as ChannelKind,
      name: peer ? peer.name : row.name,
      topic: row.topic,
      createdBy: row.creator_host_id,
      createdAt: iso(row.created_at),
      archived: row.archived === 1,
      lastSeq: row.last_seq,
      rev: row.rev,
      memberCount: memberCount.get(row.id) ?? 0,
      role: row.role as MemberRole,
      lastReadSeq: row.last_read_seq,
      unreadCount: Math.max(0, row.last_seq - row.last_read_seq),
      mentionCount: mentions.get(`${row.id}:${row.user_id}`) ?? 0,
      peerId: peer ? peer.host_id : null,
    };
    return { userKey: row.user_id, channel };
  });
}

/** A channel as the integration (server token) sees it: with authority over it, and nothing unread. */
export async function serverChannelView(db: Db, tenantId: string, channelId: string): Promise<Channel> {
  const row = await db
    .selectFrom('channels as c')
    .innerJoin('users as creator', (join) => join.onRef('creator.tenant_id', '=', 'c.tenant_id').onRef('creator.id', '=', 'c.created_by'))
    .selectAll('c')
    .select('creator.host_id as creator_host_id')
    .where('c.tenant_id', '=', tenantId)
    .where('c.id', '=', channelId)
    .executeTakeFirstOrThrow();
  const members = await channelMembers(db, tenantId, channelId);
  return {
    id: row.id,
    kind: row.kind as ChannelKind,
    name: row.name,
    topic: row.topic,
    createdBy: row.creator_host_id,
    createdAt: iso(row.created_at),
    archived: row.archived === 1,
    lastSeq: row.last_seq,
    rev: row.rev,
    memberCount: members.length,
    role: 'owner',
    lastReadSeq: row.last_seq,
    unreadCount: 0,
    mentionCount: 0,
    peerId: null,
  };
}

type DmMember = { user_id: string; host_id: string; name: string };

/** Both members of every direct message among `channelIds`, by channel. */
async function dmMembers(db: Db, tenantId: string, channelIds: ReturnType<typeof channelsInScope>): Promise<Map<string, DmMember[]>> {
  const rows = await db
    .selectFrom('channel_members')
    .innerJoin('channels', (join) => join.onRef('channels.tenant_id', '=', 'channel_members.tenant_id').onRef('channels.id', '=', 'channel_members.channel_id'))
    .innerJoin('users', (join) => join.onRef('users.tenant_id', '=', 'channel_members.tenant_id').onRef('users.id', '=', 'channel_members.user_id'))
    .select(['channel_members.channel_id', 'channel_members.user_id', 'users.host_id', 'users.name'])
    .where('channel_members.tenant_id', '=', tenantId)
    .where('channels.kind', '=', 'dm')
    .where('channel_members.channel_id', 'in', channelIds)
    .execute();
  const members = new Map<string, DmMember[]>();
  for (const row of rows) {
    const list = members.get(row.channel_id) ?? [];
    list.push(row);
    members.set(row.channel_id, list);
  }
  return members;
}

/**
 * Takes the next revision(s) of a channel under its row lock (PostgreSQL) or the single
 * writer (SQLite); with `send`, also the next seq. Refuses archived channels. Returns
 * the new counters: a send's seq, and the highest rev taken.
 */
export async function bumpChannel(
  db: Db,
  tenantId: string,
  channelId: string,
  options: { revs: number; send: boolean; at: number },
): Promise<{ last_seq: number; rev: number } | undefined> {
  const { revs, at } = options;
  const { rows } = options.send ? await bumpForSend(db, { tenantId, channelId, revs, at }) : await bumpRevs(db, { tenantId, channelId, revs });
  return rows[0];
}

const bumpForSend = precompiled((db, v: { tenantId: string; channelId: string; revs: number; at: number }) =>
  db
    .updateTable('channels')
    .set((eb) => ({ rev: eb('rev', '+', v.revs), last_seq: eb('last_seq', '+', 1), last_message_at: v.at }))
    .where('tenant_id', '=', v.tenantId)
    .where('id', '=', v.channelId)
    .where('archived', '=', 0)
    .returning(['last_seq', 'rev']),
);

const bumpRevs = precompiled((db, v: { tenantId: string; channelId: string; revs: number }) =>
  db
    .updateTable('channels')
    .set((eb) => ({ rev: eb('rev', '+', v.revs) }))
    .where('tenant_id', '=', v.tenantId)
    .where('id', '=', v.channelId)
    .where('archived', '=', 0)
    .returning(['last_seq', 'rev']),
);
