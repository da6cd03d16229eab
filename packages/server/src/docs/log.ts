import { PlazaError } from '@plaza/protocol';
import type { Logger } from 'pino';
import type { Db } from '../storage/database.js';
import type { Transact } from '../storage/group-commit.js';
import { docFromParts, encodeState } from './content.js';
import { toBuffer } from './queries.js';

/**
 * The update log. Every accepted update is one `doc_updates` row numbered by `seq`,
 * taken from `docs.last_seq` under the document's row lock (the lock orders appends, so
 * committed seqs have no gaps); `doc_snapshots` holds the merged state up to
 * `docs.snapshot_seq`, and the log only what came after it. Compaction moves the
 * snapshot forward and deletes the updates it merged, in one transaction.
 */

export interface AppendInput {
  tenantId: string;
  docId: string;
  update: Uint8Array;
  authorKey: string;
  at: number;
}

export interface Appended {
  seq: number;
  /** How many updates the log now holds past the snapshot. */
  backlog: number;
}

/**
 * Appends one update in the caller's transaction and records its author among the
 * contributors since the newest version. `not_found` when the document is gone.
 */
export async function appendUpdate(trx: Db, input: AppendInput): Promise<Appended> {
  const { tenantId, docId, authorKey, at } = input;
  const locked = await trx
    .updateTable('docs')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1), updated_at: at, updated_by: authorKey }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', docId)
    .where('deleted_at', 'is', null)
    .returning(['last_seq', 'snapshot_seq', 'contributors'])
    .executeTakeFirst();
  if (!locked) throw new PlazaError('not_found', 'document not found');
  await trx
    .insertInto('doc_updates')
    .values({ tenant_id: tenantId, doc_id: docId, seq: locked.last_seq, data: toBuffer(input.update), author_id: authorKey, created_at: at })
    .execute();
  const contributors = JSON.parse(locked.contributors) as string[];
  if (!contributors.includes(authorKey)) {
    await trx
      .updateTable('docs')
      .set({ contributors: JSON.stringify([...contributors, authorKey]) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', docId)
      .execute();
  }
  return { seq: locked.last_seq, backlog: locked.last_seq - locked.snapshot_seq };
}

/** A document's stored state: the snapshot (when it is past `afterSeq`) and the updates after, up to `seq`. */
export interface StoredState {
  parts: Uint8Array[];
  seq: number;
}

/** Compaction racing a read can make it see a hole; it then reads again, this many times at most. */
const READ_ATTEMPTS = 5;

/**
 * Everything stored after `afterSeq` (0: the whole document), contiguous up to at least
 * the `last_seq` it saw first — a compaction committing between its statements is
 * noticed as a hole and the read repeated. Inside a transaction that holds the document's
 * row lock it is exact. Null when the document does not exist.
 */
export async function readState(db: Db, tenantId: string, docId: string, afterSeq = 0): Promise<StoredState | null> {
  for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
    const doc = await db.selectFrom('docs').select(['last_seq', 'snapshot_seq']).where('tenant_id', '=', tenantId).where('id', '=', docId).executeTakeFirst();
    if (!doc) return null;
    const parts: Uint8Array[] = [];
    let base = afterSeq;
    if (doc.snapshot_seq > afterSeq) {
      const snapshot = await db.selectFrom('doc_snapshots').select(['seq', 'state']).where('tenant_id', '=', tenantId).where('doc_id', '=', docId).executeTakeFirst();
      if (!snapshot || snapshot.seq < doc.snapshot_seq) continue;
      parts.push(snapshot.state);
      base = snapshot.seq;
    }
    const updates = await db
      .selectFrom('doc_updates')
      .select(['seq', 'data'])
      .where('tenant_id', '=', tenantId)
      .where('doc_id', '=', docId)
      .where('seq', '>', base)
      .orderBy('seq')
      .execute();
    if (!updates.every((u, i) => u.seq === base + i + 1)) continue;
    const seq = updates.length ? updates[updates.length - 1].seq : base;
    if (seq < doc.last_seq) continue;
    parts.push(...updates.map((u) => u.data));
    return { parts, seq };
  }
  throw new Error(`document ${docId}: its log kept changing while being read`);
}

/**
 * Merges the snapshot and the log into a new snapshot (garbage-collected: deleted content
 * is dropped) and deletes the merged updates, in one transaction. Another node compacting
 * the same document at the same time makes this one a no-op. True when it compacted.
 */
export async function compact(db: Db, transact: Transact, tenantId: string, docId: string, at: number, log?: Logger): Promise<boolean> {
  const stored = await readState(db, tenantId, docId);
  if (!stored) return false;
  const doc = docFromParts(stored.parts, log);
  const { state, stateVector } = encodeState(doc);
  doc.destroy();
  return transact(async (trx) => {
    const moved = await trx
      .updateTable('docs')
      .set({ snapshot_seq: stored.seq })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', docId)
      .where('snapshot_seq', '<', stored.seq)
      .returning('snapshot_seq')
      .executeTakeFirst();
    if (!moved) return false;
    const row = { seq: stored.seq, state: toBuffer(state), state_vector: toBuffer(stateVector), created_at: at };
    await trx
      .insertInto('doc_snapshots')
      .values({ tenant_id: tenantId, doc_id: docId, ...row })
      .onConflict((oc) => oc.columns(['tenant_id', 'doc_id']).doUpdateSet(row))
      .execute();
    await trx.deleteFrom('doc_updates').where('tenant_id', '=', tenantId).where('doc_id', '=', docId).where('seq', '<=', stored.seq).execute();
    return true;
  });
}
