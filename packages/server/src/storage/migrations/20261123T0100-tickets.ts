import type { Kysely } from 'kysely';

/*
 * Tickets and their conversations (public messages and internal notes). A public ticket's
 * access token is stored only as its SHA-256. SLA due times are fixed on the row when the
 * ticket is filed; breach flags are set by the jobs that fire at those times. Same
 * conventions as the foundation migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tickets')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('subject', 'varchar(255)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('category', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addColumn('priority', 'varchar(16)', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('attachments', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('access_hash', 'varchar(64)')
    .addColumn('assignee_id', 'varchar(36)')
    .addColumn('client_id', 'varchar(64)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('first_response_due', 'bigint', (c) => c.notNull())
    .addColumn('first_responded_at', 'bigint')
    .addColumn('first_response_breached', 'integer', (c) => c.notNull())
    .addColumn('resolution_due', 'bigint', (c) => c.notNull())
    .addColumn('resolution_breached', 'integer', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('rating_score', 'integer')
    .addColumn('rating_comment', 'text')
    .addColumn('rated_at', 'bigint')
    .addColumn('message_count', 'integer', (c) => c.notNull())
    .addColumn('public_count', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('tickets_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('tickets_client_id_uq', ['tenant_id', 'customer_id', 'client_id'])
    .execute();
  await db.schema.createIndex('tickets_customer_idx').on('tickets').columns(['tenant_id', 'customer_id', 'created_at']).execute();
  await db.schema.createIndex('tickets_updated_idx').on('tickets').columns(['tenant_id', 'updated_at', 'id']).execute();
  await db.schema.createIndex('tickets_status_idx').on('tickets').columns(['tenant_id', 'status', 'updated_at']).execute();
  await db.schema.createIndex('tickets_assignee_idx').on('tickets').columns(['tenant_id', 'assignee_id']).execute();

  await db.schema
    .createTable('ticket_messages')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('ticket_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('author_id', 'varchar(36)')
    .addColumn('author_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('author_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('visibility', 'varchar(16)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('attachments', 'text', (c) => c.notNull())
    .addColumn('client_id', 'varchar(64)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_messages_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('ticket_messages_client_id_uq', ['tenant_id', 'author_id', 'client_id'])
    .execute();
  await db.schema.createIndex('ticket_messages_ticket_idx').on('ticket_messages').columns(['tenant_id', 'ticket_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ticket_messages').execute();
  await db.schema.dropTable('tickets').execute();
}
