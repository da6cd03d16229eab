import type { Kysely } from 'kysely';

/*
 * Every public ticket adds a contact (a `users` row of kind `customer`), and every new
 * ticket looks up the tenant's agents among its members. Without an index by kind that
 * lookup read all of the tenant's users, customers included: each ticket cost more than
 * the last. With it, the lookup reads the tenant's active members only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('users_kind_idx').on('users').columns(['tenant_id', 'kind', 'active']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('users_kind_idx').execute();
}
