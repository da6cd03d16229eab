import { uuidv7 } from 'uuidv7';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../tables.js';

export interface AuditEntry {
  tenantId: string;
  /** Host user id, `operator`, `server` or `system`. */
  actor: string;
  action: string;
  target: string;
  /** Never secrets or tokens. */
  details?: Record<string, unknown>;
  at: number;
}

/** Appends one audit row; pass the transaction of the change it records. */
export async function recordAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit')
    .values({
      tenant_id: entry.tenantId,
      id: uuidv7(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      details: JSON.stringify(entry.details ?? {}),
      created_at: entry.at,
    })
    .execute();
}
