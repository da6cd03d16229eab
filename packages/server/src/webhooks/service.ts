import { PlazaError, type CreateWebhookBody, type WebhookDelivery, type WebhookEventType, type WebhookView } from '@plaza/protocol';
import type { Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { recordAudit } from '../audit/audit.js';
import { iso } from '../clock.js';
import type { PlazaContext } from '../context.js';
import { precompiled } from '../storage/precompiled.js';
import type { Database } from '../tables.js';
import type { WebhooksTable } from './tables.js';
import { TargetRefusedError, type WebhookTargetPolicy } from './targets.js';

/** A tenant with more than this many webhooks is most likely a runaway script. */
export const MAX_WEBHOOKS_PER_TENANT = 50;
const DELIVERY_LOG_LIMIT = 100;

/** The AES-GCM associated data binding a sealed webhook secret to its row. */
export function webhookSecretContext(tenantId: string, webhookId: string): string {
  return `webhook-secret:${tenantId}:${webhookId}`;
}

export function toWebhookView(row: WebhooksTable): WebhookView {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventType[],
    active: row.active === 1,
    createdAt: iso(row.created_at),
  };
}

// Asked on every change that publishes an event (each chat send among them): compiled once.
const activeWebhooks = precompiled((db, v: { tenantId: string }) =>
  db.selectFrom('webhooks').select(['id', 'events']).where('tenant_id', '=', v.tenantId).where('active', '=', 1),
);

/** The ids of a tenant's active webhooks subscribed to `type`; runs on the caller's transaction. */
export async function subscribedWebhooks(db: Kysely<Database>, tenantId: string, type: WebhookEventType): Promise<string[]> {
  const { rows } = await activeWebhooks(db, { tenantId });
  return rows.filter((row) => (JSON.parse(row.events) as string[]).includes(type)).map((row) => row.id);
}

/** Registration, listing and removal of webhooks, and their delivery log. */
export class WebhookService {
  constructor(
    private readonly ctx: PlazaContext,
    private readonly policy: WebhookTargetPolicy,
  ) {}

  /** Refuses (bad_request) a URL that is, or resolves to, a private address. */
  async create(tenantId: string, body: CreateWebhookBody): Promise<WebhookView> {
    try {
      await this.policy.check(body.url);
    } catch (error) {
      if (error instanceof TargetRefusedError) throw new PlazaError('bad_request', error.message);
      throw error;
    }
    const { db } = this.ctx.storage;
    const id = uuidv7();
    const now = this.ctx.clock.now();
    const row: WebhooksTable = {
      tenant_id: tenantId,
      id,
      url: body.url,
      events: JSON.stringify([...new Set(body.events)]),
      secret_enc: this.ctx.secrets.seal(body.secret, webhookSecretContext(tenantId, id)),
      active: 1,
      created_at: now,
    };
    await db.transaction().execute(async (trx) => {
      const { count } = await trx
        .selectFrom('webhooks')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow();
      if (Number(count) >= MAX_WEBHOOKS_PER_TENANT) throw new PlazaError('conflict', `a tenant may register at most ${MAX_WEBHOOKS_PER_TENANT} webhooks`);
      await trx.insertInto('webhooks').values(row).execute();
      await recordAudit(trx, { tenantId, actor: 'server', action: 'webhook.create', target: id, details: { host: new URL(body.url).host, events: JSON.parse(row.events) }, at: now });
    });
    return toWebhookView(row);
  }

  async list(tenantId: string): Promise<WebhookView[]> {
    const rows = await this.ctx.storage.db.selectFrom('webhooks').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toWebhookView);
  }

  /**
   * Removes the webhook and its delivery log. Deliveries still queued find no webhook and
   * end without a request.
   */
  async remove(tenantId: string, id: string): Promise<void> {
    const now = this.ctx.clock.now();
    await this.ctx.storage.db.transaction().execute(async (trx) => {
      const removed = await trx.deleteFrom('webhooks').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) throw new PlazaError('not_found', 'no such webhook');
      await trx.deleteFrom('webhook_deliveries').where('tenant_id', '=', tenantId).where('webhook_id', '=', id).execute();
      await recordAudit(trx, { tenantId, actor: 'server', action: 'webhook.delete', target: id, at: now });
    });
  }

  /** The latest attempts, newest first. */
  async deliveries(tenantId: string, id: string): Promise<WebhookDelivery[]> {
    const { db } = this.ctx.storage;
    const hook = await db.selectFrom('webhooks').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!hook) throw new PlazaError('not_found', 'no such webhook');
    const rows = await db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('webhook_id', '=', id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(DELIVERY_LOG_LIMIT)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      eventId: row.event_id,
      type: row.type,
      attempt: row.attempt,
      status: row.status,
      error: row.error,
      createdAt: iso(row.created_at),
    }));
  }
}
