import type { Kysely } from 'kysely';

/*
 * Chat: channels with their sequence and revision counters, members with their read
 * position, messages (edits, recalls and deletions are columns, so seqs stay gap-free),
 * and what hangs off a message. Same conventions as the foundation migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('channels')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('topic', 'varchar(1000)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('rev', 'bigint', (c) => c.notNull())
    .addColumn('last_message_at', 'bigint', (c) => c.notNull())
    .addColumn('dm_key', 'varchar(80)')
    .addPrimaryKeyConstraint('channels_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('channels_dm_key_uq', ['tenant_id', 'dm_key'])
    .execute();

  await db.schema
    .createTable('channel_members')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('channel_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('last_read_seq', 'bigint', (c) => c.notNull())
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_members_pk', ['tenant_id', 'channel_id', 'user_id'])
    .execute();
  await db.schema.createIndex('channel_members_user_idx').on('channel_members').columns(['tenant_id', 'user_id']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('channel_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('rev', 'bigint', (c) => c.notNull())
    .addColumn('author_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('client_id', 'varchar(64)')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('urgency', 'varchar(16)', (c) => c.notNull())
    .addColumn('mentions', 'text', (c) => c.notNull())
    .addColumn('mentions_all', 'integer', (c) => c.notNull())
    .addColumn('thread_root_id', 'varchar(36)')
    .addColumn('reply_count', 'integer', (c) => c.notNull())
    .addColumn('pinned', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('edited_at', 'bigint')
    .addColumn('recalled_at', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .addPrimaryKeyConstraint('messages_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('messages_seq_uq', ['tenant_id', 'channel_id', 'seq'])
    // NULL client ids (sends without one) are distinct in both dialects
    .addUniqueConstraint('messages_client_id_uq', ['tenant_id', 'author_id', 'client_id'])
    // every change takes a rev of its own, so sync pages can stop anywhere
    .addUniqueConstraint('messages_rev_uq', ['tenant_id', 'channel_id', 'rev'])
    .execute();
  await db.schema.createIndex('messages_thread_idx').on('messages').columns(['tenant_id', 'thread_root_id', 'seq']).execute();
  await db.schema.createIndex('messages_mentions_all_idx').on('messages').columns(['tenant_id', 'channel_id', 'mentions_all', 'seq']).execute();
  await db.schema.createIndex('messages_pinned_idx').on('messages').columns(['tenant_id', 'channel_id', 'pinned', 'seq']).execute();

  await db.schema
    .createTable('message_mentions')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('message_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('channel_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_mentions_pk', ['tenant_id', 'message_id', 'user_id'])
    .execute();
  await db.schema.createIndex('message_mentions_user_idx').on('message_mentions').columns(['tenant_id', 'user_id', 'channel_id', 'seq']).execute();

  await db.schema
    .createTable('message_reactions')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('message_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('emoji', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_reactions_pk', ['tenant_id', 'message_id', 'emoji', 'user_id'])
    .execute();

  await db.schema
    .createTable('message_attachments')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('message_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('file_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_attachments_pk', ['tenant_id', 'message_id', 'file_id'])
    .execute();

  await db.schema
    .createTable('urgent_acks')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('message_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('acked_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('urgent_acks_pk', ['tenant_id', 'message_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['urgent_acks', 'message_attachments', 'message_reactions', 'message_mentions', 'messages', 'channel_members', 'channels']) {
    await db.schema.dropTable(table).execute();
  }
}
