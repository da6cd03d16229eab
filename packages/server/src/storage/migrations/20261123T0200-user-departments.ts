import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Department and partner lookups without scanning a tenant's users. Who sees a
 * department task list is every employee whose `dept` (a JSON array of host department
 * ids) names the department; finding them meant a text match on every user row of the
 * tenant at every task change. No portable index serves "array contains", so
 * `user_departments` holds one row per (department, user), kept by triggers on `users`
 * in the same statement as any write that inserts a user or changes `dept` (whoever
 * writes it: token provisioning, org sync, placeholders), and filled here from the rows
 * that exist. Only string elements count, as `dept.includes(department)` would.
 *
 * Partners of a shared organisation are looked up by `org`, hence `users_org_idx`.
 *
 * The trigger language differs, so this is the one migration with per-dialect SQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_departments')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    // text, not varchar(n): a longer department id must never make a user write fail
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_departments_pk', ['tenant_id', 'department', 'user_id'])
    .execute();
  await db.schema.createIndex('user_departments_user_idx').on('user_departments').columns(['tenant_id', 'user_id']).execute();
  await db.schema.createIndex('users_org_idx').on('users').columns(['tenant_id', 'org']).execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const fill = sql`insert or ignore into user_departments (tenant_id, department, user_id) select new.tenant_id, d.value, new.id from json_each(new.dept) d where d.type = 'text';`;
  await sql`create trigger user_departments_insert after insert on users begin ${fill} end`.execute(db);
  await sql`create trigger user_departments_update after update of dept on users when old.dept is not new.dept begin
    delete from user_departments where tenant_id = old.tenant_id and user_id = old.id;
    ${fill}
  end`.execute(db);
  await sql`create trigger user_departments_delete after delete on users begin
    delete from user_departments where tenant_id = old.tenant_id and user_id = old.id;
  end`.execute(db);
  await sql`insert or ignore into user_departments (tenant_id, department, user_id)
    select u.tenant_id, d.value, u.id from users u, json_each(u.dept) d where d.type = 'text'`.execute(db);
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`create function user_departments_sync() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then
        delete from user_departments where tenant_id = old.tenant_id and user_id = old.id;
      end if;
      if tg_op <> 'DELETE' then
        insert into user_departments (tenant_id, department, user_id)
          select distinct new.tenant_id, d #>> '{}', new.id from jsonb_array_elements(new.dept::jsonb) d where jsonb_typeof(d) = 'string'
          on conflict do nothing;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger user_departments_insert after insert on users for each row execute function user_departments_sync()`.execute(db);
  await sql`create trigger user_departments_update after update of dept on users for each row
    when (old.dept is distinct from new.dept) execute function user_departments_sync()`.execute(db);
  await sql`create trigger user_departments_delete after delete on users for each row execute function user_departments_sync()`.execute(db);
  await sql`insert into user_departments (tenant_id, department, user_id)
    select distinct u.tenant_id, d #>> '{}', u.id from users u cross join lateral jsonb_array_elements(u.dept::jsonb) d
    where jsonb_typeof(d) = 'string' on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['user_departments_insert', 'user_departments_update', 'user_departments_delete']) {
    await sql`drop trigger ${sql.raw(name)}${db.getExecutor().adapter instanceof PostgresAdapter ? sql` on users` : sql``}`.execute(db);
  }
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`drop function user_departments_sync()`.execute(db);
  await db.schema.dropIndex('users_org_idx').execute();
  await db.schema.dropTable('user_departments').execute();
}
