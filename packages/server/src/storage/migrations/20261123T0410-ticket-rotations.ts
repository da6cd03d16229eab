import type { Kysely } from 'kysely';

/*
 * Where each category queue's round-robin assignment of new tickets stands: the agent
 * it assigned last. Filing a ticket locks the queue's row (an upsert) in the same
 * transaction as the assignment, so nodes filing at once take turns instead of picking
 * the same agent. Same conventions as the foundation migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ticket_rotations')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull().references('tenants.id'))
    .addColumn('category', 'varchar(64)', (c) => c.notNull())
    .addColumn('last_agent_id', 'varchar(36)')
    .addColumn('turns', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_rotations_pk', ['tenant_id', 'category'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ticket_rotations').execute();
}
