import { PlazaError, type DocVersionKind } from '@plaza/protocol';
import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import * as Y from 'yjs';
import type { Db } from '../storage/database.js';
import { publishEvent } from '../webhooks/events.js';
import { docFromParts, encodeState, restoreUpdate } from './content.js';
import { appendUpdate, readState } from './log.js';
import { toBuffer, versionUsers, versionView, type HostIds, type VersionMeta } from './queries.js';

/**
 * Versions: the document's full state at a moment, with who edited since the previous
 * one. Saved on demand, automatically after a pause in editing (only when something
 * changed), on import, and by a restore — which is itself an edit (the content brought
 * back) followed by a version.
 */

export interface SaveInput {
  tenantId: string;
  docId: string;
  name: string;
  kind: DocVersionKind;
  /** Internal user id; null for automatic versions. */
  creatorKey: string | null;
  restoredFrom?: string | null;
  /** Automatic versions: nothing is saved when no edit came since the newest version. */
  onlyIfChanged?: boolean;
  at: number;
}

/**
 * Saves a version in the caller's transaction: takes the document's row lock, reads the
 * state exactly as of its `last_seq`, stores it, resets the contributors and publishes
 * `doc.version_created`. Null when `onlyIfChanged` found nothing new.
 */
export async function saveVersion(trx: Db, hostIds: HostIds, input: SaveInput, log?: Logger): Promise<VersionMeta | null> {
  const { tenantId, docId, at } = input;
  const locked = await trx
    .updateTable('docs')
    .set((eb) => ({ version_count: eb('version_count', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', docId)
    .where('deleted_at', 'is', null)
    .$if(input.onlyIfChanged === true, (qb) => qb.where((eb) => eb('versioned_seq', '<', eb.ref('last_seq'))))
    .returning(['version_count', 'last_seq', 'contributors', 'title', 'space_id'])
    .executeTakeFirst();
  if (!locked) {
    if (input.onlyIfChanged) return null;
    throw new PlazaError('not_found', 'document not found');
  }
  const stored = await readState(trx, tenantId, docId);
  if (!stored) throw new PlazaError('not_found', 'document not found');
  const doc = docFromParts(stored.parts, log);
  const { state, stateVector } = encodeState(doc);
  doc.destroy();
  const meta: VersionMeta = {
    tenant_id: tenantId,
    id: uuidv7(),
    doc_id: docId,
    number: locked.version_count,
    name: input.name,
    kind: input.kind,
    seq: locked.last_seq,
    contributors: locked.contributors,
    created_by: input.creatorKey,
    created_at: at,
    restored_from: input.restoredFrom ?? null,
  };
  await trx
    .insertInto('doc_versions')
    .values({ ...meta, state: toBuffer(state), state_vector: toBuffer(stateVector) })
    .execute();
  await trx.updateTable('docs').set({ versioned_seq: locked.last_seq, contributors: '[]' }).where('tenant_id', '=', tenantId).where('id', '=', docId).execute();
  const version = versionView(meta, await hostIds.of(trx, tenantId, versionUsers(meta)));
  await publishEvent(trx, { tenantId, type: 'doc.version_created', data: { doc: { id: docId, title: locked.title, spaceId: locked.space_id }, version }, at });
  return meta;
}

export interface Restored {
  version: VersionMeta;
  /** The edit that brought the content back, as stored in the log. */
  update: Uint8Array;
  seq: number;
}

/**
 * Brings a version's content back: the update that turns the current content into the
 * version's is appended to the log like anyone's edit (so it reaches every open copy and
 * merges with concurrent edits), then a `restore` version records the result. Caller's
 * transaction; the first statement takes the document's row lock, so the state it
 * computes against is the current one.
 */
export async function restoreVersion(trx: Db, hostIds: HostIds, input: { tenantId: string; docId: string; versionId: string; actorKey: string; at: number }, log?: Logger): Promise<Restored> {
  const { tenantId, docId, versionId, actorKey, at } = input;
  const locked = await trx
    .updateTable('docs')
    .set({ updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', docId)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!locked) throw new PlazaError('not_found', 'document not found');
  const target = await trx
    .selectFrom('doc_versions')
    .select(['number', 'state'])
    .where('tenant_id', '=', tenantId)
    .where('doc_id', '=', docId)
    .where('id', '=', versionId)
    .executeTakeFirst();
  if (!target) throw new PlazaError('not_found', 'version not found');
  const stored = await readState(trx, tenantId, docId);
  if (!stored) throw new PlazaError('not_found', 'document not found');
  const current = docFromParts(stored.parts, log);
  const wanted = new Y.Doc();
  Y.applyUpdate(wanted, target.state);
  const update = restoreUpdate(current, wanted);
  current.destroy();
  wanted.destroy();
  const { seq } = await appendUpdate(trx, { tenantId, docId, update, authorKey: actorKey, at });
  const version = await saveVersion(trx, hostIds, { tenantId, docId, name: `Restored version ${target.number}`, kind: 'restore', creatorKey: actorKey, restoredFrom: versionId, at }, log);
  if (!version) throw new Error('a restore version was not saved');
  return { version, update, seq };
}
