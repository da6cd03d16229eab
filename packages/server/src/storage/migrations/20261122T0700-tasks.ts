import type { Kysely } from 'kysely';

/*
 * Tasks: lists with members, tasks (deleted ones stay as tombstones for sync), their
 * watchers, labels, checklist items, attachments, comments and activity, and in-app
 * notifications. Ranks are fractional-index strings over 0-9a-z, which every collation
 * orders alike, so they need no dialect-specific collation. Same conventions as the
 * foundation migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('task_lists')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('visibility', 'varchar(16)', (c) => c.notNull())
    .addColumn('department', 'varchar(128)')
    .addColumn('department_role', 'varchar(16)', (c) => c.notNull())
    .addColumn('partner_orgs', 'text', (c) => c.notNull())
    .addColumn('columns', 'varchar(200)', (c) => c.notNull())
    .addColumn('personal_of', 'varchar(36)')
    .addColumn('archived', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('rev', 'bigint', (c) => c.notNull())
    .addColumn('task_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_lists_pk', ['tenant_id', 'id'])
    // NULLs are distinct in both dialects: one personal list per user, any number of others
    .addUniqueConstraint('task_lists_personal_uq', ['tenant_id', 'personal_of'])
    .execute();
  await db.schema.createIndex('task_lists_department_idx').on('task_lists').columns(['tenant_id', 'department']).execute();

  await db.schema
    .createTable('task_list_members')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('list_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_list_members_pk', ['tenant_id', 'list_id', 'user_id'])
    .execute();
  await db.schema.createIndex('task_list_members_user_idx').on('task_list_members').columns(['tenant_id', 'user_id']).execute();

  await db.schema
    .createTable('tasks')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('list_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('title', 'varchar(600)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('priority', 'varchar(16)', (c) => c.notNull())
    .addColumn('assignee_id', 'varchar(36)')
    .addColumn('assigned_by', 'varchar(36)')
    .addColumn('due_at', 'bigint')
    .addColumn('rank', 'varchar(160)', (c) => c.notNull())
    .addColumn('source_channel_id', 'varchar(36)')
    .addColumn('source_message_id', 'varchar(36)')
    .addColumn('client_id', 'varchar(64)')
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_by', 'varchar(36)')
    .addColumn('completed_at', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('rev', 'bigint', (c) => c.notNull())
    .addColumn('field_meta', 'text', (c) => c.notNull())
    .addColumn('comment_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('tasks_pk', ['tenant_id', 'id'])
    // every change takes a rev of its own, so sync pages can stop anywhere
    .addUniqueConstraint('tasks_rev_uq', ['tenant_id', 'list_id', 'rev'])
    .addUniqueConstraint('tasks_client_id_uq', ['tenant_id', 'created_by', 'client_id'])
    .execute();
  await db.schema.createIndex('tasks_column_idx').on('tasks').columns(['tenant_id', 'list_id', 'status', 'rank']).execute();
  await db.schema.createIndex('tasks_assignee_idx').on('tasks').columns(['tenant_id', 'assignee_id']).execute();
  await db.schema.createIndex('tasks_created_by_idx').on('tasks').columns(['tenant_id', 'created_by']).execute();
  await db.schema.createIndex('tasks_due_idx').on('tasks').columns(['tenant_id', 'due_at']).execute();

  await db.schema
    .createTable('task_watchers')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('task_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_watchers_pk', ['tenant_id', 'task_id', 'user_id'])
    .execute();
  await db.schema.createIndex('task_watchers_user_idx').on('task_watchers').columns(['tenant_id', 'user_id']).execute();

  await db.schema
    .createTable('task_labels')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('task_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('label', 'varchar(200)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_labels_pk', ['tenant_id', 'task_id', 'label'])
    .execute();
  await db.schema.createIndex('task_labels_label_idx').on('task_labels').columns(['tenant_id', 'label']).execute();

  await db.schema
    .createTable('task_checklist')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('task_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('text', 'varchar(2000)', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('rank', 'varchar(160)', (c) => c.notNull())
    .addColumn('done_by', 'varchar(36)')
    .addColumn('done_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_checklist_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('task_checklist_task_idx').on('task_checklist').columns(['tenant_id', 'task_id', 'rank']).execute();

  await db.schema
    .createTable('task_attachments')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('task_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('file_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_attachments_pk', ['tenant_id', 'task_id', 'file_id'])
    .execute();

  await db.schema
    .createTable('task_comments')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('task_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('list_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('author_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('client_id', 'varchar(64)')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('edited_at', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .addPrimaryKeyConstraint('task_comments_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('task_comments_client_id_uq', ['tenant_id', 'author_id', 'client_id'])
    .execute();
  await db.schema.createIndex('task_comments_task_idx').on('task_comments').columns(['tenant_id', 'task_id', 'id']).execute();

  await db.schema
    .createTable('task_activity')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('task_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('action', 'varchar(16)', (c) => c.notNull())
    .addColumn('field', 'varchar(32)')
    .addColumn('from_value', 'text', (c) => c.notNull())
    .addColumn('to_value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_activity_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('task_activity_task_idx').on('task_activity').columns(['tenant_id', 'task_id', 'id']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('task_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('list_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('title', 'varchar(600)', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('reminder', 'varchar(16)')
    .addColumn('actor_id', 'varchar(36)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .addPrimaryKeyConstraint('notifications_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['tenant_id', 'user_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'notifications',
    'task_activity',
    'task_comments',
    'task_attachments',
    'task_checklist',
    'task_labels',
    'task_watchers',
    'tasks',
    'task_list_members',
    'task_lists',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
