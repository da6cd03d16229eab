import {
  RESTRICTED_LEVELS,
  type ConfidentialityLevel,
  type DocFolder,
  type DocGrant,
  type DocInfo,
  type DocRole,
  type DocSpace,
  type DocVersion,
  type DocVersionKind,
} from '@plaza/protocol';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { iso } from '../clock.js';
import type { Db } from '../storage/database.js';
import type { Database } from '../tables.js';
import type { DocActor, GrantRow } from './access.js';
import type { DocFoldersTable, DocSpacesTable, DocVersionsTable, DocsTable } from './tables.js';

/** Statements name at most this many ids at once, well under both dialects' parameter limits. */
const CHUNK = 500;

/** Bytes as both drivers bind them (better-sqlite3 wants a Buffer; pg takes one as bytea). */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export async function findSpace(db: Db, tenantId: string, spaceId: string): Promise<DocSpacesTable | undefined> {
  return db.selectFrom('doc_spaces').selectAll().where('tenant_id', '=', tenantId).where('id', '=', spaceId).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function findFolder(db: Db, tenantId: string, folderId: string): Promise<DocFoldersTable | undefined> {
  return db.selectFrom('doc_folders').selectAll().where('tenant_id', '=', tenantId).where('id', '=', folderId).where('deleted_at', 'is', null).executeTakeFirst();
}

/** A document that is not deleted, with its space's tenant-wide flag (what every role check reads). */
export type DocWithSpace = DocsTable & { space_tenant_view: number };

export async function findDoc(db: Db, tenantId: string, docId: string): Promise<DocWithSpace | undefined> {
  return db
    .selectFrom('docs as d')
    .innerJoin('doc_spaces as s', (join) => join.onRef('s.tenant_id', '=', 'd.tenant_id').onRef('s.id', '=', 'd.space_id'))
    .selectAll('d')
    .select('s.tenant_view as space_tenant_view')
    .where('d.tenant_id', '=', tenantId)
    .where('d.id', '=', docId)
    .where('d.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .executeTakeFirst();
}

/** The condition "this grant row names the actor", for `doc_members` aliased `m`. */
function namesActor(eb: ExpressionBuilder<Database & { m: Database['doc_members'] }, 'm'>, actor: DocActor): Expression<SqlBool> {
  const ways: Expression<SqlBool>[] = [eb.and([eb('m.principal', '=', 'user'), eb('m.principal_id', '=', actor.user.id)])];
  if (actor.kind === 'member' && actor.dept.length > 0) ways.push(eb.and([eb('m.principal', '=', 'department'), eb('m.principal_id', 'in', [...actor.dept])]));
  if (actor.kind === 'partner' && actor.org !== null) ways.push(eb.and([eb('m.principal', '=', 'org'), eb('m.principal_id', '=', actor.org)]));
  return eb.or(ways);
}

/** The grants on these spaces and documents that name the actor. */
export async function grantsOf(db: Db, actor: DocActor, resourceIds: readonly string[]): Promise<GrantRow[]> {
  if (actor.server || resourceIds.length === 0) return [];
  const unique = [...new Set(resourceIds)];
  const rows: GrantRow[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    rows.push(
      ...(await db
        .selectFrom('doc_members as m')
        .select(['m.resource_id', 'm.principal', 'm.principal_id', 'm.role'])
        .where('m.tenant_id', '=', actor.tenantId)
        .where('m.resource_id', 'in', unique.slice(i, i + CHUNK))
        .where((eb) => namesActor(eb, actor))
        .execute()),
    );
  }
  return rows;
}

/**
 * The condition "the actor may see this document", for `docs` aliased `d` joined with its
 * space as `s`: granted on the document or its space, or shared tenant-wide with an
 * employee at a level that allows it. `roleOf` gives the same answer row by row.
 */
export function visibleDoc(eb: ExpressionBuilder<Database & { d: DocsTable; s: DocSpacesTable }, 'd' | 's'>, actor: DocActor): Expression<SqlBool> {
  if (actor.server) return eb.lit(true);
  const ways: Expression<SqlBool>[] = [
    eb.exists(
      eb
        .selectFrom('doc_members as m')
        .select('m.role')
        .whereRef('m.tenant_id', '=', 'd.tenant_id')
        .where((inner) => inner.or([inner('m.resource_id', '=', inner.ref('d.id')), inner('m.resource_id', '=', inner.ref('d.space_id'))]))
        .where((inner) => namesActor(inner as unknown as ExpressionBuilder<Database & { m: Database['doc_members'] }, 'm'>, actor)),
    ),
  ];
  if (actor.kind === 'member') {
    ways.push(eb.and([eb('d.confidentiality', 'not in', [...RESTRICTED_LEVELS]), eb.or([eb('d.tenant_view', '=', 1), eb('s.tenant_view', '=', 1)])]));
  }
  return eb.or(ways);
}

/** The condition "the actor may see this space", for `doc_spaces` aliased `s`. */
export function visibleSpace(eb: ExpressionBuilder<Database & { s: DocSpacesTable }, 's'>, actor: DocActor): Expression<SqlBool> {
  if (actor.server) return eb.lit(true);
  const granted = eb.exists(
    eb
      .selectFrom('doc_members as m')
      .select('m.role')
      .whereRef('m.tenant_id', '=', 's.tenant_id')
      .whereRef('m.resource_id', '=', 's.id')
      .where((inner) => namesActor(inner as unknown as ExpressionBuilder<Database & { m: Database['doc_members'] }, 'm'>, actor)),
  );
  return actor.kind === 'member' ? eb.or([granted, eb('s.tenant_view', '=', 1)]) : granted;
}

/** Every grant on a space or document, with user grants named by host id. */
export async function grantsOn(db: Db, tenantId: string, resourceId: string): Promise<DocGrant[]> {
  const rows = await db
    .selectFrom('doc_members as m')
    .leftJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 'm.tenant_id').onRef('u.id', '=', 'm.principal_id').on('m.principal', '=', 'user'))
    .select(['m.principal', 'm.principal_id', 'm.role', 'u.host_id'])
    .where('m.tenant_id', '=', tenantId)
    .where('m.resource_id', '=', resourceId)
    .orderBy('m.added_at')
    .orderBy('m.principal_id')
    .execute();
  return rows.map((r) => ({ principal: r.principal, id: r.principal === 'user' ? (r.host_id ?? r.principal_id) : r.principal_id, role: r.role as DocRole }));
}

/**
 * Host ids of internal user ids, cached: a user's two ids never change, and every view
 * names several users.
 */
export class HostIds {
  private readonly cache = new Map<string, string>();

  async of(db: Db, tenantId: string, keys: Iterable<string | null>): Promise<Map<string, string>> {
    const wanted = [...new Set([...keys].filter((k): k is string => k !== null))];
    const missing = wanted.filter((k) => !this.cache.has(`${tenantId}:${k}`));
    for (let i = 0; i < missing.length; i += CHUNK) {
      const rows = await db.selectFrom('users').select(['id', 'host_id']).where('tenant_id', '=', tenantId).where('id', 'in', missing.slice(i, i + CHUNK)).execute();
      for (const row of rows) this.cache.set(`${tenantId}:${row.id}`, row.host_id);
    }
    return new Map(wanted.map((k) => [k, this.cache.get(`${tenantId}:${k}`) ?? k]));
  }
}

// ---- row → wire ----------------------------------------------------------------------------

export function spaceView(row: DocSpacesTable, role: DocRole, hosts: Map<string, string>): DocSpace {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tenantView: row.tenant_view === 1,
    createdBy: hosts.get(row.created_by) ?? row.created_by,
    createdAt: iso(row.created_at),
    role,
  };
}

export function folderView(row: DocFoldersTable, hosts: Map<string, string>): DocFolder {
  return {
    id: row.id,
    spaceId: row.space_id,
    parentId: row.parent_id,
    name: row.name,
    createdBy: hosts.get(row.created_by) ?? row.created_by,
    createdAt: iso(row.created_at),
  };
}

export function docView(row: DocsTable, role: DocRole, hosts: Map<string, string>): DocInfo {
  return {
    id: row.id,
    spaceId: row.space_id,
    folderId: row.folder_id,
    title: row.title,
    domain: row.domain,
    tags: JSON.parse(row.tags) as string[],
    confidentiality: row.confidentiality as ConfidentialityLevel,
    tenantView: row.tenant_view === 1,
    createdBy: hosts.get(row.created_by) ?? row.created_by,
    createdAt: iso(row.created_at),
    updatedBy: hosts.get(row.updated_by) ?? row.updated_by,
    updatedAt: iso(row.updated_at),
    ...(row.client_id !== null ? { clientId: row.client_id } : {}),
    role,
  };
}

/** A version row without its bytes, as lists read it. */
export type VersionMeta = Omit<DocVersionsTable, 'state' | 'state_vector'>;

export function versionView(row: VersionMeta, hosts: Map<string, string>): DocVersion {
  return {
    id: row.id,
    docId: row.doc_id,
    number: row.number,
    name: row.name,
    kind: row.kind as DocVersionKind,
    contributors: (JSON.parse(row.contributors) as string[]).map((k) => hosts.get(k) ?? k),
    createdBy: row.created_by === null ? null : (hosts.get(row.created_by) ?? row.created_by),
    createdAt: iso(row.created_at),
    restoredFrom: row.restored_from,
  };
}

/** The users a version row names (for `HostIds.of`). */
export function versionUsers(row: VersionMeta): string[] {
  return [...(JSON.parse(row.contributors) as string[]), ...(row.created_by === null ? [] : [row.created_by])];
}
