import { PlazaError } from '@plaza/protocol';
import type { PlazaContext } from '../context.js';
import type { UsersTable } from '../org/tables.js';
import type { Db } from '../storage/database.js';

/**
 * Decides whether `user` may see the object `objectId` of one kind (a channel message, a
 * task, a ticket…), and so the files linked to it.
 */
export type FileAccessCheck = (ctx: PlazaContext, tenantId: string, objectId: string, user: UsersTable) => Promise<boolean>;

// Module-wide on purpose: a check is code, the same for every server in the process, and
// it receives the context it needs on each call.
const checks = new Map<string, FileAccessCheck>();

/**
 * Lets a capability say who may read files linked to its objects. Returns a function
 * that removes the registration (for tests). A kind can be registered once.
 *
 * @example
 * registerFileAccess('message', async (ctx, tenantId, messageId, user) => isMemberOfMessageChannel(ctx, tenantId, messageId, user.id));
 */
export function registerFileAccess(objectKind: string, check: FileAccessCheck): () => void {
  if (checks.has(objectKind)) throw new Error(`file access for "${objectKind}" is registered already`);
  checks.set(objectKind, check);
  return () => {
    if (checks.get(objectKind) === check) checks.delete(objectKind);
  };
}

export interface FileLink {
  tenantId: string;
  fileId: string;
  objectKind: string;
  objectId: string;
  /** Epoch milliseconds; pass `ctx.clock.now()`. Defaults to the system time. */
  at?: number;
}

/**
 * Records that `objectId` grants access to the file: whoever the kind's registered
 * check admits for that object may read it. Takes the db or the caller's transaction.
 * Linking widens who can read a file, so check first that the acting user may read it
 * (`requireReadable`); a file id from another tenant is refused as not found.
 *
 * @example
 * await requireReadable(ctx, tenantId, fileId, author);
 * await db.transaction().execute(async (trx) => {
 *   const message = await insertMessage(trx, …);
 *   await linkFile(trx, { tenantId, fileId, objectKind: 'message', objectId: message.id, at: now });
 * });
 */
export async function linkFile(db: Db, link: FileLink): Promise<void> {
  const file = await db.selectFrom('files').select('id').where('tenant_id', '=', link.tenantId).where('id', '=', link.fileId).executeTakeFirst();
  if (!file) throw new PlazaError('not_found', `no file ${link.fileId}`);
  await db
    .insertInto('file_links')
    .values({
      tenant_id: link.tenantId,
      file_id: link.fileId,
      object_kind: link.objectKind,
      object_id: link.objectId,
      created_at: link.at ?? Date.now(),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'file_id', 'object_kind', 'object_id']).doNothing())
    .execute();
}

/** Removes a link (the object was deleted, the attachment removed). */
export async function unlinkFile(db: Db, link: Omit<FileLink, 'at'>): Promise<void> {
  await db
    .deleteFrom('file_links')
    .where('tenant_id', '=', link.tenantId)
    .where('file_id', '=', link.fileId)
    .where('object_kind', '=', link.objectKind)
    .where('object_id', '=', link.objectId)
    .execute();
}

/**
 * True when `user` may read the file: they uploaded it, or an object linked to it admits
 * them. False for files that do not exist in `tenantId`.
 *
 * @example
 * if (!(await canRead(ctx, tenant.id, fileId, user))) throw new PlazaError('not_found', `no file ${fileId}`);
 */
export async function canRead(ctx: PlazaContext, tenantId: string, fileId: string, user: UsersTable): Promise<boolean> {
  if (user.tenant_id !== tenantId) return false;
  const db = ctx.storage.db;
  const file = await db.selectFrom('files').select('uploaded_by').where('tenant_id', '=', tenantId).where('id', '=', fileId).executeTakeFirst();
  if (!file) return false;
  if (file.uploaded_by === user.id) return true;
  const links = await db
    .selectFrom('file_links')
    .select(['object_kind', 'object_id'])
    .where('tenant_id', '=', tenantId)
    .where('file_id', '=', fileId)
    .orderBy('created_at')
    .execute();
  for (const link of links) {
    const check = checks.get(link.object_kind);
    if (check && (await check(ctx, tenantId, link.object_id, user))) return true;
  }
  return false;
}

/**
 * Throws `not_found` unless `user` may read the file, so a file the user may not see
 * looks exactly like one that does not exist.
 */
export async function requireReadable(ctx: PlazaContext, tenantId: string, fileId: string, user: UsersTable): Promise<void> {
  if (!(await canRead(ctx, tenantId, fileId, user))) throw new PlazaError('not_found', `no file ${fileId}`);
}
