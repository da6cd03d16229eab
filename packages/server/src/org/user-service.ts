import { PlazaError, type UpsertUsersResult, type UserClaims, type UserProfile, type UserUpsert } from '@plaza/protocol';
import { uuidv7 } from 'uuidv7';
import { recordAudit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Db } from '../storage/database.js';
import type { UsersTable } from './tables.js';

/** Profile fields the host owns; a token or an org sync overwrites them. */
type ProfileFields = Pick<UsersTable, 'name' | 'kind' | 'roles' | 'dept' | 'org' | 'email' | 'avatar'>;

function profileColumns(source: Omit<UserUpsert, 'id'> | UserClaims): ProfileFields {
  return {
    name: source.name,
    kind: source.kind,
    roles: JSON.stringify(source.roles),
    dept: JSON.stringify(source.dept),
    org: source.org ?? null,
    email: source.email ?? null,
    avatar: source.avatar ?? null,
  };
}

export function userProfile(row: UsersTable): UserProfile {
  return {
    id: row.host_id,
    name: row.name,
    kind: row.kind as UserProfile['kind'],
    roles: JSON.parse(row.roles) as UserProfile['roles'],
    dept: JSON.parse(row.dept) as string[],
    org: row.org,
    email: row.email,
    avatar: row.avatar,
    active: row.active === 1,
  };
}

/** Users of a tenant, keyed by the host's user id and provisioned just in time. */
export class UserService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /**
   * The user a verified token names, created or refreshed from its claims. A
   * deactivated user is refused, whatever their token says.
   */
  async provision(claims: UserClaims): Promise<UsersTable> {
    const now = this.clock.now();
    const fields = profileColumns(claims);
    const row = await this.db
      .insertInto('users')
      .values({ tenant_id: claims.tid, id: uuidv7(), host_id: claims.sub, ...fields, active: 1, placeholder: 0, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['tenant_id', 'host_id']).doUpdateSet({ ...fields, placeholder: 0, updated_at: now }))
      .returningAll()
      .executeTakeFirstOrThrow();
    if (row.active !== 1) throw new PlazaError('unauthorized', 'user is deactivated');
    return row;
  }

  /** Org sync from the host: creates or updates each user. */
  async upsertMany(tenantId: string, users: readonly UserUpsert[]): Promise<UpsertUsersResult> {
    const now = this.clock.now();
    let created = 0;
    await this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('users')
        .select('host_id')
        .where('tenant_id', '=', tenantId)
        .where('host_id', 'in', users.map((u) => u.id))
        .execute();
      const known = new Set(existing.map((r) => r.host_id));
      for (const user of users) {
        const fields = profileColumns(user);
        // a batch may name one id twice: the second is an update of the first
        if (!known.has(user.id)) created++;
        known.add(user.id);
        await trx
          .insertInto('users')
          .values({ tenant_id: tenantId, id: uuidv7(), host_id: user.id, ...fields, active: 1, placeholder: 0, created_at: now, updated_at: now })
          .onConflict((oc) => oc.columns(['tenant_id', 'host_id']).doUpdateSet({ ...fields, placeholder: 0, updated_at: now }))
          .execute();
      }
      await recordAudit(trx, { tenantId, actor: 'server', action: 'users.sync', target: 'users', details: { count: users.length }, at: now });
    });
    return { created, updated: users.length - created };
  }

  /**
   * Internal rows for host ids named before they ever connected: missing ones become
   * placeholders, filled in when they connect or are synced.
   */
  async ensure(tenantId: string, hostIds: readonly string[]): Promise<Map<string, UsersTable>> {
    const now = this.clock.now();
    const unique = [...new Set(hostIds)];
    if (unique.length > 0) {
      await this.db
        .insertInto('users')
        .values(
          unique.map((hostId) => ({
            tenant_id: tenantId,
            id: uuidv7(),
            host_id: hostId,
            name: hostId,
            kind: 'member',
            roles: '[]',
            dept: '[]',
            org: null,
            email: null,
            avatar: null,
            active: 1,
            placeholder: 1,
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(['tenant_id', 'host_id']).doNothing())
        .execute();
    }
    const rows = unique.length
      ? await this.db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('host_id', 'in', unique).execute()
      : [];
    return new Map(rows.map((r) => [r.host_id, r]));
  }

  /**
   * A user the system itself acts as (the integration bot that REST messages come
   * from): created once with this name, never a placeholder, never overwritten.
   */
  async ensureSystemUser(tenantId: string, hostId: string, name: string): Promise<UsersTable> {
    const now = this.clock.now();
    await this.db
      .insertInto('users')
      .values({
        tenant_id: tenantId,
        id: uuidv7(),
        host_id: hostId,
        name,
        kind: 'member',
        roles: '[]',
        dept: '[]',
        org: null,
        email: null,
        avatar: null,
        active: 1,
        placeholder: 0,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'host_id']).doNothing())
      .execute();
    const row = await this.byHostId(tenantId, hostId);
    if (!row) throw new Error(`system user ${hostId} could not be created`);
    return row;
  }

  async byHostId(tenantId: string, hostId: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('host_id', '=', hostId).executeTakeFirst();
  }

  /** Is this user still allowed in? Checked on every handshake and REST call. */
  async isActive(tenantId: string, userKey: string): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('active').where('tenant_id', '=', tenantId).where('id', '=', userKey).executeTakeFirst();
    return row?.active === 1;
  }

  async setActive(tenantId: string, hostId: string, active: boolean, actor: string): Promise<UserProfile> {
    const now = this.clock.now();
    const row = await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('users')
        .set({ active: active ? 1 : 0, updated_at: now })
        .where('tenant_id', '=', tenantId)
        .where('host_id', '=', hostId)
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw new PlazaError('not_found', `no user ${hostId}`);
      await recordAudit(trx, { tenantId, actor, action: active ? 'user.reactivate' : 'user.deactivate', target: hostId, at: now });
      return updated;
    });
    return userProfile(row);
  }
}
