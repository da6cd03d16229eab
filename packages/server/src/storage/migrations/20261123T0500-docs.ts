import { PostgresAdapter, type Kysely } from 'kysely';

/*
 * Documents: spaces with a folder tree, documents with their classification and tags,
 * grants on spaces and documents, and the content as Yjs data: an append-only log of
 * updates (one row per accepted update, numbered per document), one compacted snapshot
 * per document that the log continues from, and versions (full states with who
 * contributed). Binary columns are `blob` on SQLite and `bytea` on PostgreSQL — the one
 * type that differs; everything else follows the foundation migration's conventions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';

  await db.schema
    .createTable('doc_spaces')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('tenant_view', 'integer', (c) => c.notNull())
    // spaces the system keeps (the integration's); NULLs are distinct in both dialects
    .addColumn('system_key', 'varchar(32)')
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addPrimaryKeyConstraint('doc_spaces_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('doc_spaces_system_uq', ['tenant_id', 'system_key'])
    .execute();

  await db.schema
    .createTable('doc_folders')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('space_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('parent_id', 'varchar(36)')
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('system_key', 'varchar(32)')
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addPrimaryKeyConstraint('doc_folders_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('doc_folders_system_uq', ['tenant_id', 'system_key'])
    .execute();
  await db.schema.createIndex('doc_folders_space_idx').on('doc_folders').columns(['tenant_id', 'space_id']).execute();

  await db.schema
    .createTable('docs')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('space_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('folder_id', 'varchar(36)')
    .addColumn('title', 'varchar(600)', (c) => c.notNull())
    .addColumn('domain', 'varchar(64)')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('confidentiality', 'varchar(16)', (c) => c.notNull())
    .addColumn('tenant_view', 'integer', (c) => c.notNull())
    .addColumn('client_id', 'varchar(64)')
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    // the update log: seq of the newest update, and the seq the snapshot covers
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('snapshot_seq', 'bigint', (c) => c.notNull())
    // versions: how many, the seq the newest one covers, who edited since (JSON user ids)
    .addColumn('version_count', 'integer', (c) => c.notNull())
    .addColumn('versioned_seq', 'bigint', (c) => c.notNull())
    .addColumn('contributors', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('docs_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('docs_client_id_uq', ['tenant_id', 'created_by', 'client_id'])
    .execute();
  await db.schema.createIndex('docs_place_idx').on('docs').columns(['tenant_id', 'space_id', 'folder_id', 'id']).execute();

  await db.schema
    .createTable('doc_tags')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('doc_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('tag', 'varchar(200)', (c) => c.notNull())
    .addPrimaryKeyConstraint('doc_tags_pk', ['tenant_id', 'doc_id', 'tag'])
    .execute();
  await db.schema.createIndex('doc_tags_tag_idx').on('doc_tags').columns(['tenant_id', 'tag']).execute();

  await db.schema
    .createTable('doc_members')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    // a space's or a document's id (both are UUIDv7s, so they never collide)
    .addColumn('resource_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('resource', 'varchar(8)', (c) => c.notNull())
    .addColumn('principal', 'varchar(16)', (c) => c.notNull())
    // users: Plaza's internal user id; departments and organisations: host ids
    .addColumn('principal_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('doc_members_pk', ['tenant_id', 'resource_id', 'principal', 'principal_id'])
    .execute();
  await db.schema.createIndex('doc_members_principal_idx').on('doc_members').columns(['tenant_id', 'principal', 'principal_id']).execute();

  await db.schema
    .createTable('doc_updates')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('doc_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('data', bytes, (c) => c.notNull())
    .addColumn('author_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('doc_updates_pk', ['tenant_id', 'doc_id', 'seq'])
    .execute();

  await db.schema
    .createTable('doc_snapshots')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('doc_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('state', bytes, (c) => c.notNull())
    .addColumn('state_vector', bytes, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('doc_snapshots_pk', ['tenant_id', 'doc_id'])
    .execute();

  await db.schema
    .createTable('doc_versions')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('doc_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('state', bytes, (c) => c.notNull())
    .addColumn('state_vector', bytes, (c) => c.notNull())
    .addColumn('contributors', 'text', (c) => c.notNull())
    // null for automatic versions
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('restored_from', 'varchar(36)')
    .addPrimaryKeyConstraint('doc_versions_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('doc_versions_number_uq', ['tenant_id', 'doc_id', 'number'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['doc_versions', 'doc_snapshots', 'doc_updates', 'doc_members', 'doc_tags', 'docs', 'doc_folders', 'doc_spaces']) {
    await db.schema.dropTable(table).execute();
  }
}
