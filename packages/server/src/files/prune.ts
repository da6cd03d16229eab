import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ExpressionBuilder } from 'kysely';
import type { PlazaContext } from '../context.js';
import type { Database } from '../tables.js';
import { blobPath, filesRoot, FILE_NAME, TENANT_DIR } from './service.js';

/** The periodic job kind that runs `pruneOrphanFiles`. */
export const PRUNE_ORPHAN_FILES_JOB = 'files.prune-orphans';

/**
 * An upload nothing links to is kept this long — time enough to finish the message or
 * task it was uploaded for — and then deleted with its bytes.
 */
export const ORPHAN_FILE_AGE_MS = 24 * 60 * 60_000;

/** Rows per delete statement: on SQLite each one holds the only connection while it runs. */
const BATCH = 500;

export interface PruneOptions {
  /** Stops between batches when aborted (the worker is stopping). */
  signal?: AbortSignal;
}

/**
 * Deletes uploads older than ORPHAN_FILE_AGE_MS that no object links to (never attached,
 * or unlinked since, like a recalled message's attachments): the rows first, then their
 * encrypted bytes, so a crash in between leaves bytes without a row, never the reverse.
 * Then deletes such leftover bytes — blobs and `.part` files without a row, as old by the
 * time in their UUIDv7 name. Resolves with how many files went.
 *
 * @example
 * await pruneOrphanFiles(ctx, { signal });
 */
export async function pruneOrphanFiles(ctx: PlazaContext, options: PruneOptions = {}): Promise<number> {
  const cutoff = ctx.clock.now() - ORPHAN_FILE_AGE_MS;
  let removed = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const rows = await deleteOrphanRows(ctx, cutoff);
    for (const row of rows) await rm(blobPath(ctx, row.tenant_id, row.id), { force: true });
    removed += rows.length;
    if (rows.length < BATCH) break;
  }
  return removed + (await pruneBlobsWithoutRows(ctx, cutoff, options));
}

/** One batch of unlinked rows older than `cutoff`, deleted; the delete repeats the test, so a file linked meanwhile stays. */
async function deleteOrphanRows(ctx: PlazaContext, cutoff: number): Promise<{ tenant_id: string; id: string }[]> {
  const { db } = ctx.storage;
  const unlinked = (eb: ExpressionBuilder<Database, 'files'>) =>
    eb.not(
      eb.exists(
        eb
          .selectFrom('file_links')
          .select('file_links.file_id')
          .whereRef('file_links.tenant_id', '=', 'files.tenant_id')
          .whereRef('file_links.file_id', '=', 'files.id'),
      ),
    );
  const candidates = await db.selectFrom('files').select(['tenant_id', 'id']).where('created_at', '<', cutoff).where(unlinked).limit(BATCH).execute();
  if (candidates.length === 0) return [];
  return db
    .deleteFrom('files')
    .where((eb) => eb(eb.refTuple('tenant_id', 'id'), 'in', candidates.map((row) => eb.tuple(row.tenant_id, row.id))))
    .where(unlinked)
    .returning(['tenant_id', 'id'])
    .execute();
}

/** The time in a UUIDv7's first 48 bits (ms since the epoch). */
function uuidTime(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

async function pruneBlobsWithoutRows(ctx: PlazaContext, cutoff: number, options: PruneOptions): Promise<number> {
  let removed = 0;
  for (const tenantId of await entries(filesRoot(ctx))) {
    if (!TENANT_DIR.test(tenantId)) continue;
    const old = (await entries(path.join(filesRoot(ctx), tenantId))).filter((name) => {
      const id = name.endsWith('.part') ? name.slice(0, -'.part'.length) : name;
      return FILE_NAME.test(id) && uuidTime(id) < cutoff;
    });
    for (let i = 0; i < old.length; i += BATCH) {
      options.signal?.throwIfAborted();
      removed += await removeUnrecorded(ctx, tenantId, old.slice(i, i + BATCH));
    }
  }
  return removed;
}

/** Deletes the named blobs of a tenant that have no row (and every old `.part`: no upload takes a day). */
async function removeUnrecorded(ctx: PlazaContext, tenantId: string, names: string[]): Promise<number> {
  const ids = names.filter((name) => !name.endsWith('.part'));
  const recorded = ids.length
    ? new Set((await ctx.storage.db.selectFrom('files').select('id').where('tenant_id', '=', tenantId).where('id', 'in', ids).execute()).map((r) => r.id))
    : new Set<string>();
  const doomed = names.filter((name) => !recorded.has(name));
  for (const name of doomed) await rm(path.join(filesRoot(ctx), tenantId, name), { force: true });
  if (doomed.length > 0) ctx.log.info({ tenant: tenantId, count: doomed.length }, 'removed file bytes that had no row');
  return doomed.length;
}

/** The names in a directory; none when it is missing. */
async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
