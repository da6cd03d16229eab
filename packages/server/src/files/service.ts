import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PlazaError, type FileInfo } from '@plaza/protocol';
import { uuidv7 } from 'uuidv7';
import { iso } from '../clock.js';
import type { PlazaContext } from '../context.js';
import type { Tenant } from '../org/tenant-service.js';
import type { UsersTable } from '../org/tables.js';
import { canRead } from './access.js';
import { CHUNK_OVERHEAD, chunkSpan, decryptChunks, DEFAULT_CHUNK_SIZE, encryptChunks, type ByteRange, type ByteStage } from './crypto.js';
import { signFileUrl, urlSigningKey, URL_LIFETIME_MS, verifyFileUrl, type SignedQuery } from './signed-url.js';
import { SNIFF_BYTES, sniffType } from './sniff.js';
import type { FilesTable } from './tables.js';

/** A stored file's row with its uploader's host id, which the wire shows. */
export interface StoredFile extends FilesTable {
  uploader_host_id: string;
}

export interface UploadInput {
  tenant: Tenant;
  user: UsersTable;
  /** The name the client gave; kept for display only. */
  name: string;
  content: Readable;
}

/** A tenant id as a directory name, and a file id (a UUID) as a blob's name. */
export const TENANT_DIR = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const FILE_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The directory holding one directory of blobs per tenant. */
export function filesRoot(ctx: PlazaContext): string {
  return path.join(ctx.config.dataDir, 'files');
}

/** Where a file's encrypted bytes live. Ids are checked, so nothing can point outside the data dir. */
export function blobPath(ctx: PlazaContext, tenantId: string, fileId: string): string {
  if (!TENANT_DIR.test(tenantId) || !FILE_NAME.test(fileId)) throw new Error(`refusing a file path for ${tenantId}/${fileId}`);
  return path.join(filesRoot(ctx), tenantId, fileId);
}

function keyContext(tenantId: string, fileId: string): string {
  return `file-key:${tenantId}:${fileId}`;
}

/**
 * The name to show: no directories (some browsers send a full path), no control
 * characters, at most 255 characters. Never used as a path.
 */
export function displayName(raw: string | undefined): string {
  const base = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return [...(clean || 'file')].slice(0, 255).join('');
}

/**
 * Checks an upload on its way to disk: decides its type from the first SNIFF_BYTES
 * (refusing types the tenant does not allow before a byte is stored) and refuses it as
 * soon as it grows past `maxBytes`, without reading further.
 */
function inspectUpload(limits: { maxBytes: number; types: readonly string[] }, found: { type?: string; size: number }): ByteStage {
  const decide = async (head: Buffer, complete: boolean) => {
    const type = await sniffType(head, complete);
    if (!limits.types.includes(type)) throw new PlazaError('unsupported_media_type', `files of type ${type} are not allowed`);
    found.type = type;
  };
  return async function* inspect(source) {
    let head: Buffer[] = [];
    let headBytes = 0;
    for await (const piece of source) {
      found.size += piece.length;
      if (found.size > limits.maxBytes) throw new PlazaError('payload_too_large', `files may be at most ${limits.maxBytes} bytes`);
      if (found.type) {
        yield piece;
        continue;
      }
      head.push(piece);
      headBytes += piece.length;
      if (headBytes >= SNIFF_BYTES) {
        const joined = Buffer.concat(head);
        await decide(joined, false);
        head = [];
        yield joined;
      }
    }
    if (found.size === 0) throw new PlazaError('bad_request', 'file: the file is empty');
    if (!found.type) {
      const joined = Buffer.concat(head);
      await decide(joined, true);
      yield joined;
    }
  };
}

/**
 * Streams an upload to disk, encrypted with a fresh key of its own, then records it.
 * Refuses with `payload_too_large` or `unsupported_media_type` (per the tenant's upload
 * settings) and leaves nothing behind. The bytes are written and renamed into place
 * before the row is inserted, so no transaction waits on disk I/O.
 *
 * @example
 * const file = await storeFile(ctx, { tenant, user, name: part.filename, content: part.file });
 */
export async function storeFile(ctx: PlazaContext, input: UploadInput): Promise<StoredFile> {
  const { tenant, user } = input;
  const id = uuidv7();
  const key = randomBytes(32);
  const target = blobPath(ctx, tenant.id, id);
  const partial = `${target}.part`;
  await mkdir(path.dirname(target), { recursive: true });

  const found: { type?: string; size: number } = { size: 0 };
  try {
    await pipeline(
      input.content,
      inspectUpload(tenant.settings.upload, found),
      encryptChunks(key, DEFAULT_CHUNK_SIZE),
      createWriteStream(partial, { flags: 'wx', flush: true }),
    );
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }

  const row: FilesTable = {
    tenant_id: tenant.id,
    id,
    name: displayName(input.name),
    type: found.type!,
    size: found.size,
    chunk_size: DEFAULT_CHUNK_SIZE,
    wrapped_key: ctx.secrets.seal(key, keyContext(tenant.id, id)),
    uploaded_by: user.id,
    created_at: ctx.clock.now(),
  };
  try {
    await ctx.storage.db.insertInto('files').values(row).execute();
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
  ctx.log.info({ tenant: tenant.id, file: id, size: row.size, type: row.type }, 'file stored');
  return { ...row, uploader_host_id: user.host_id };
}

/** The file's row, or undefined when `tenantId` has no such file. */
export async function findFile(ctx: PlazaContext, tenantId: string, fileId: string): Promise<StoredFile | undefined> {
  return ctx.storage.db
    .selectFrom('files')
    .innerJoin('users', (join) => join.onRef('users.tenant_id', '=', 'files.tenant_id').onRef('users.id', '=', 'files.uploaded_by'))
    .selectAll('files')
    .select('users.host_id as uploader_host_id')
    .where('files.tenant_id', '=', tenantId)
    .where('files.id', '=', fileId)
    .executeTakeFirst();
}

/**
 * The file, if `user` may read it. No access answers `not_found` like a missing file,
 * so ids of files a user may not see reveal nothing, whichever tenant they belong to.
 */
export async function readableFile(ctx: PlazaContext, tenantId: string, fileId: string, user: UsersTable): Promise<StoredFile> {
  const file = (await canRead(ctx, tenantId, fileId, user)) ? await findFile(ctx, tenantId, fileId) : undefined;
  if (!file) throw new PlazaError('not_found', `no file ${fileId}`);
  return file;
}

/**
 * The wire view of a file with a download URL for `user`, valid for URL_LIFETIME_MS. The
 * URL is a path under the server's URL, never built from the request's Host header (which
 * a client or a misconfigured proxy chooses): the SDK resolves it against the URL it
 * connected to, which also keeps a path prefix (`https://intranet/plaza`).
 */
export function fileInfo(ctx: PlazaContext, file: StoredFile, user: UsersTable): FileInfo {
  const expires = Math.floor((ctx.clock.now() + URL_LIFETIME_MS) / 1000);
  const query = signFileUrl(urlSigningKey(ctx.config.masterKey), { tenantId: file.tenant_id, fileId: file.id, userId: user.host_id, expires });
  return {
    id: file.id,
    name: file.name,
    size: file.size,
    type: file.type,
    uploadedBy: file.uploader_host_id,
    createdAt: iso(file.created_at),
    url: `/v1/files/${file.id}/content?${new URLSearchParams({ ...query }).toString()}`,
    urlExpiresAt: iso(expires * 1000),
  };
}

/**
 * Checks a download URL: the signature, the expiry, and that the user it was issued to
 * still exists, is active and may still read the file. All refusals are `forbidden`;
 * a file gone since the URL was issued is `not_found`.
 */
export async function authorizeDownload(ctx: PlazaContext, fileId: string, query: SignedQuery): Promise<StoredFile> {
  const check = verifyFileUrl(urlSigningKey(ctx.config.masterKey), fileId, query, ctx.clock.now());
  if (!check.ok) {
    throw new PlazaError('forbidden', check.reason === 'expired' ? 'the download link has expired' : 'the download link is not valid');
  }
  const { tenantId, userId } = check.grant;
  const user = await ctx.storage.db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('host_id', '=', userId).executeTakeFirst();
  if (!user || user.active !== 1) throw new PlazaError('forbidden', 'the download link is no longer valid');
  const file = await findFile(ctx, tenantId, fileId);
  if (!file) throw new PlazaError('not_found', `no file ${fileId}`);
  if (!(await canRead(ctx, tenantId, fileId, user))) throw new PlazaError('forbidden', 'you may no longer read this file');
  return file;
}

/**
 * The plaintext of `range` (or the whole file) as a stream, decrypting only the chunks
 * that hold it. The file is opened before this resolves, so a missing blob is an error
 * here rather than halfway through a response.
 */
export async function openContent(ctx: PlazaContext, file: StoredFile, range?: ByteRange): Promise<Readable> {
  if (file.size === 0) return Readable.from([]);
  const wanted = range ?? { start: 0, end: file.size - 1 };
  const layout = { size: file.size, chunkSize: file.chunk_size };
  const span = chunkSpan(layout, wanted);
  const key = ctx.secrets.open(file.wrapped_key, keyContext(file.tenant_id, file.id));
  const handle = await open(blobPath(ctx, file.tenant_id, file.id), 'r');
  const encrypted = handle.createReadStream({ start: span.cipherStart, end: span.cipherEnd, highWaterMark: file.chunk_size + CHUNK_OVERHEAD });
  const plain = Readable.from(decryptChunks(key, layout, wanted)(encrypted), { objectMode: false });
  plain.on('error', (error) => ctx.log.error({ err: error, tenant: file.tenant_id, file: file.id }, 'file content could not be read'));
  return plain;
}
