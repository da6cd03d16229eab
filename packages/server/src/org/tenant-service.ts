import { randomBytes } from 'node:crypto';
import {
  PlazaError,
  tenantSettings,
  type CreateTenantBody,
  type PatchTenantBody,
  type SecretRotated,
  type TenantCreated,
  type TenantPublicKey,
  type TenantSettings,
  type TenantView,
} from '@plaza/protocol';
import { recordAudit } from '../audit/audit.js';
import type { SecretBox } from '../auth/secret-box.js';
import { iso, type Clock } from '../clock.js';
import { isUniqueViolation, type Db } from '../storage/database.js';
import type { TenantsTable } from './tables.js';

/** How long the previous secret keeps verifying tokens after a rotation: a token's longest life. */
export const SECRET_GRACE_MS = 24 * 3600 * 1000;
/** Tenants change rarely and are read on every request; other nodes see changes within this time. */
const CACHE_MS = 5000;

/** A tenant as the server works with it: settings parsed, secrets still sealed. */
export interface Tenant {
  id: string;
  name: string;
  allowedOrigins: string[];
  publicKeys: TenantPublicKey[];
  settings: TenantSettings;
  createdAt: number;
}

function secretContext(tenantId: string): string {
  return `tenant-secret:${tenantId}`;
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function toTenant(row: TenantsTable): Tenant {
  return {
    id: row.id,
    name: row.name,
    allowedOrigins: JSON.parse(row.allowed_origins) as string[],
    publicKeys: JSON.parse(row.public_keys) as TenantPublicKey[],
    settings: tenantSettings.parse(JSON.parse(row.settings)),
    createdAt: row.created_at,
  };
}

export function tenantView(tenant: Tenant): TenantView {
  return { ...tenant, createdAt: iso(tenant.createdAt) };
}

/** Tenants, their settings and their signing secrets. */
export class TenantService {
  private cache = new Map<string, { at: number; row: TenantsTable | undefined }>();
  private origins: { at: number; set: Set<string> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async create(body: CreateTenantBody, secret: string = newSecret()): Promise<TenantCreated> {
    const now = this.clock.now();
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('tenants')
          .values({
            id: body.id,
            name: body.name,
            secret_enc: this.secrets.seal(secret, secretContext(body.id)),
            previous_secret_enc: null,
            previous_secret_until: null,
            allowed_origins: JSON.stringify(body.allowedOrigins),
            public_keys: '[]',
            settings: JSON.stringify(tenantSettings.parse({})),
            created_at: now,
            updated_at: now,
          })
          .execute();
        await recordAudit(trx, { tenantId: body.id, actor: 'operator', action: 'tenant.create', target: body.id, at: now });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new PlazaError('conflict', `tenant ${body.id} exists`);
      throw error;
    }
    this.forget(body.id);
    return { id: body.id, name: body.name, secret };
  }

  /** The tenant, or undefined. Cached for a few seconds. */
  async find(id: string): Promise<Tenant | undefined> {
    const row = await this.row(id);
    return row && toTenant(row);
  }

  async get(id: string): Promise<Tenant> {
    const tenant = await this.find(id);
    if (!tenant) throw new PlazaError('not_found', `no tenant ${id}`);
    return tenant;
  }

  async patch(id: string, body: PatchTenantBody): Promise<Tenant> {
    const current = await this.get(id);
    const settings = tenantSettings.parse({
      ...current.settings,
      ...body.settings,
      upload: { ...current.settings.upload, ...body.settings?.upload },
      sla: { ...current.settings.sla, ...body.settings?.sla },
      ticketAssignment: { ...current.settings.ticketAssignment, ...body.settings?.ticketAssignment },
    });
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('tenants')
        .set({
          name: body.name ?? current.name,
          allowed_origins: JSON.stringify(body.allowedOrigins ?? current.allowedOrigins),
          public_keys: JSON.stringify(body.publicKeys ?? current.publicKeys),
          settings: JSON.stringify(settings),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, {
        tenantId: id,
        actor: 'operator',
        action: 'tenant.update',
        target: id,
        details: { fields: Object.keys(body) },
        at: now,
      });
    });
    this.forget(id);
    return this.get(id);
  }

  /** A new secret; the previous one keeps verifying tokens for SECRET_GRACE_MS. */
  async rotateSecret(id: string): Promise<SecretRotated> {
    const row = await this.row(id, { fresh: true });
    if (!row) throw new PlazaError('not_found', `no tenant ${id}`);
    const secret = newSecret();
    const now = this.clock.now();
    const until = now + SECRET_GRACE_MS;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('tenants')
        .set({
          secret_enc: this.secrets.seal(secret, secretContext(id)),
          previous_secret_enc: row.secret_enc,
          previous_secret_until: until,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, { tenantId: id, actor: 'operator', action: 'tenant.rotate_secret', target: id, at: now });
    });
    this.forget(id);
    return { id, secret, previousValidUntil: iso(until) };
  }

  /** The HS256 secrets that verify tokens now: the current one and, during the grace period, the previous. */
  async signingSecrets(id: string): Promise<Uint8Array[]> {
    const row = await this.row(id);
    if (!row) return [];
    const keys = [this.secrets.open(row.secret_enc, secretContext(id))];
    if (row.previous_secret_enc && (row.previous_secret_until ?? 0) > this.clock.now()) {
      keys.push(this.secrets.open(row.previous_secret_enc, secretContext(id)));
    }
    return keys.map((k) => new Uint8Array(k));
  }

  /** True when any tenant lists `origin`; decides CORS preflights, which carry no token. */
  async anyAllows(origin: string): Promise<boolean> {
    const now = this.clock.now();
    if (!this.origins || now - this.origins.at >= CACHE_MS) {
      const rows = await this.db.selectFrom('tenants').select('allowed_origins').execute();
      this.origins = { at: now, set: new Set(rows.flatMap((r) => JSON.parse(r.allowed_origins) as string[])) };
    }
    return this.origins.set.has(origin);
  }

  private forget(id: string): void {
    this.cache.delete(id);
    this.origins = undefined;
  }

  private async row(id: string, options: { fresh?: boolean } = {}): Promise<TenantsTable | undefined> {
    const now = this.clock.now();
    const cached = this.cache.get(id);
    if (!options.fresh && cached && now - cached.at < CACHE_MS) return cached.row;
    const row = await this.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    this.cache.set(id, { at: now, row });
    return row;
  }
}
