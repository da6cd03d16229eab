import { sql, type Kysely } from 'kysely';

/*
 * The chat migration indexed every message by thread root, by @all and by pin, though
 * only replies, @all messages and pinned messages are ever looked up through those
 * indexes. Each send paid for three index entries it never needed (three more pages
 * written per commit), and SQLite, once it had statistics, read history pages through
 * the thread index (all top-level messages of the tenant) and sorted them. Partial
 * indexes hold only the rows their queries ask for; both dialects use them when the
 * query's condition implies the index's (`thread_root_id = ?` implies `is not null`;
 * `pinned = 1` and `mentions_all = 1` are written as literals for SQLite's sake).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const name of ['messages_thread_idx', 'messages_mentions_all_idx', 'messages_pinned_idx']) await db.schema.dropIndex(name).execute();
  await db.schema.createIndex('messages_replies_idx').on('messages').columns(['tenant_id', 'thread_root_id', 'seq']).where(sql.ref('thread_root_id'), 'is not', null).execute();
  await db.schema.createIndex('messages_all_mentions_idx').on('messages').columns(['tenant_id', 'channel_id', 'seq']).where(sql.ref('mentions_all'), '=', 1).execute();
  await db.schema.createIndex('messages_pins_idx').on('messages').columns(['tenant_id', 'channel_id', 'seq']).where(sql.ref('pinned'), '=', 1).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['messages_replies_idx', 'messages_all_mentions_idx', 'messages_pins_idx']) await db.schema.dropIndex(name).execute();
  await db.schema.createIndex('messages_thread_idx').on('messages').columns(['tenant_id', 'thread_root_id', 'seq']).execute();
  await db.schema.createIndex('messages_mentions_all_idx').on('messages').columns(['tenant_id', 'channel_id', 'mentions_all', 'seq']).execute();
  await db.schema.createIndex('messages_pinned_idx').on('messages').columns(['tenant_id', 'channel_id', 'pinned', 'seq']).execute();
}
