import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * A per-tenant counter of what task list audiences are made of, so a server can keep a
 * list's audience in memory and know, from one value its change reads anyway, whether it
 * still holds. Triggers bump it in the same statement as every write that can change who
 * sees a list: a user made or removed, a user's kind, organisation or departments changed
 * (token provisioning, org sync — on whichever node), a list membership added, changed or
 * removed. A token that repeats what is stored bumps nothing. The list's own settings
 * (visibility, department, shares) are compared by the reader from the list row itself.
 *
 * The trigger language differs, so this SQL is per dialect.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audience_revs')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.primaryKey())
    .addColumn('rev', 'bigint', (c) => c.notNull())
    .execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const bump = (row: 'new' | 'old') =>
    sql.raw(`insert into audience_revs (tenant_id, rev) values (${row}.tenant_id, 1) on conflict (tenant_id) do update set rev = rev + 1;`);
  await sql`create trigger audience_revs_user_insert after insert on users begin ${bump('new')} end`.execute(db);
  await sql`create trigger audience_revs_user_update after update of kind, org, dept on users
    when old.kind is not new.kind or old.org is not new.org or old.dept is not new.dept begin ${bump('new')} end`.execute(db);
  await sql`create trigger audience_revs_user_delete after delete on users begin ${bump('old')} end`.execute(db);
  await sql`create trigger audience_revs_member_insert after insert on task_list_members begin ${bump('new')} end`.execute(db);
  await sql`create trigger audience_revs_member_update after update on task_list_members begin ${bump('new')} end`.execute(db);
  await sql`create trigger audience_revs_member_delete after delete on task_list_members begin ${bump('old')} end`.execute(db);
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`create function audience_revs_bump() returns trigger language plpgsql as $$
    begin
      insert into audience_revs (tenant_id, rev)
        values (case when tg_op = 'DELETE' then old.tenant_id else new.tenant_id end, 1)
        on conflict (tenant_id) do update set rev = audience_revs.rev + 1;
      return null;
    end $$`.execute(db);
  await sql`create trigger audience_revs_user_insert after insert on users for each row execute function audience_revs_bump()`.execute(db);
  await sql`create trigger audience_revs_user_update after update of kind, org, dept on users for each row
    when (old.kind is distinct from new.kind or old.org is distinct from new.org or old.dept is distinct from new.dept)
    execute function audience_revs_bump()`.execute(db);
  await sql`create trigger audience_revs_user_delete after delete on users for each row execute function audience_revs_bump()`.execute(db);
  await sql`create trigger audience_revs_members after insert or update or delete on task_list_members for each row execute function audience_revs_bump()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const triggers = postgres
    ? [
        ['audience_revs_user_insert', 'users'],
        ['audience_revs_user_update', 'users'],
        ['audience_revs_user_delete', 'users'],
        ['audience_revs_members', 'task_list_members'],
      ]
    : [
        ['audience_revs_user_insert', 'users'],
        ['audience_revs_user_update', 'users'],
        ['audience_revs_user_delete', 'users'],
        ['audience_revs_member_insert', 'task_list_members'],
        ['audience_revs_member_update', 'task_list_members'],
        ['audience_revs_member_delete', 'task_list_members'],
      ];
  for (const [name, table] of triggers) await sql`drop trigger ${sql.raw(name)}${postgres ? sql.raw(` on ${table}`) : sql``}`.execute(db);
  if (postgres) await sql`drop function audience_revs_bump()`.execute(db);
  await db.schema.dropTable('audience_revs').execute();
}
