import {
  DOC_LIMITS,
  PlazaError,
  RESTRICTED_LEVELS,
  type ConfidentialityLevel,
  type DocAccess,
  type DocFolder,
  type DocGrant,
  type DocInfo,
  type DocPage,
  type DocRole,
  type DocSpace,
  type ParsedPayload,
} from '@plaza/protocol';
import { uuidv7 } from 'uuidv7';
import { recordAudit } from '../audit/audit.js';
import { INTEGRATION_BOT_ID, INTEGRATION_BOT_NAME } from '../chat/service.js';
import type { PlazaContext } from '../context.js';
import type { UsersTable } from '../org/tables.js';
import type { Realtime } from '../realtime/realtime.js';
import { isUniqueViolation, type Db } from '../storage/database.js';
import { actorOf, auditActor, requireRole, roleOf, strongest, userActor, type DocActor } from './access.js';
import {
  HostIds,
  docView,
  findDoc,
  findFolder,
  findSpace,
  folderView,
  grantsOf,
  grantsOn,
  spaceView,
  toBuffer,
  visibleDoc,
  visibleSpace,
  type DocWithSpace,
} from './queries.js';
import type { DocFoldersTable, DocSpacesTable, DocsTable } from './tables.js';

/** The system space and folder `POST /v1/docs` files documents in. */
const INTEGRATION_SPACE = { key: 'integration', name: 'Integration' };
const IMPORTED_FOLDER = { key: 'imported', name: 'Imported' };

/** A new document's facts; content comes separately (the log). */
export interface NewDoc {
  spaceId: string;
  folderId: string | null;
  title: string;
  domain: string | null;
  tags: string[];
  confidentiality: ConfidentialityLevel;
  tenantView: boolean;
  clientId?: string;
  /** Besides the creator, who becomes owner. */
  grants?: DocGrant[];
}

/**
 * Spaces, folders, documents' facts, sharing and every role check. The content — the
 * Yjs state, sync, versions — is `DocSync`'s; it asks this service who may do what.
 */
export class DocService {
  readonly hostIds = new HostIds();
  private readonly bots = new Map<string, UsersTable>();

  constructor(
    private readonly ctx: PlazaContext,
    private readonly realtime: Realtime | undefined,
  ) {}

  private get db(): Db {
    return this.ctx.storage.db;
  }

  // ---- who acts ------------------------------------------------------------------------------

  async actorFor(tenantId: string, userKey: string): Promise<DocActor> {
    const user = await this.db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', userKey).executeTakeFirst();
    if (!user) throw new PlazaError('unauthorized', 'user not found');
    return userActor(user);
  }

  /** The server token acts as the tenant's integration bot, with owner authority over everything. */
  async integrationActor(tenantId: string): Promise<DocActor> {
    let bot = this.bots.get(tenantId);
    if (!bot) {
      bot = await this.ctx.users.ensureSystemUser(tenantId, INTEGRATION_BOT_ID, INTEGRATION_BOT_NAME);
      this.bots.set(tenantId, bot);
    }
    return actorOf(bot, true);
  }

  /** The document and the actor's role in it; `not_found` unless they can see it. */
  async docAccess(actor: DocActor, docId: string): Promise<{ doc: DocWithSpace; role: DocRole }> {
    const doc = await findDoc(this.db, actor.tenantId, docId);
    const role = doc ? roleOf(actor, await grantsOf(this.db, actor, [doc.id, doc.space_id]), docVisibility(doc)) : null;
    if (!doc || role === null) throw new PlazaError('not_found', 'document not found');
    return { doc, role };
  }

  async spaceAccess(actor: DocActor, spaceId: string): Promise<{ space: DocSpacesTable; role: DocRole }> {
    const space = await findSpace(this.db, actor.tenantId, spaceId);
    const role = space ? roleOf(actor, await grantsOf(this.db, actor, [space.id]), { tenantView: space.tenant_view === 1, confidentiality: null }) : null;
    if (!space || role === null) throw new PlazaError('not_found', 'space not found');
    return { space, role };
  }

  // ---- spaces and folders --------------------------------------------------------------------

  async spaces(actor: DocActor): Promise<DocSpace[]> {
    const rows = await this.db
      .selectFrom('doc_spaces as s')
      .selectAll('s')
      .where('s.tenant_id', '=', actor.tenantId)
      .where('s.deleted_at', 'is', null)
      .where((eb) => visibleSpace(eb, actor))
      .orderBy('s.name')
      .orderBy('s.id')
      .execute();
    const grants = await grantsOf(this.db, actor, rows.map((r) => r.id));
    const hosts = await this.hostIds.of(this.db, actor.tenantId, rows.map((r) => r.created_by));
    return rows.map((row) => {
      const role = roleOf(actor, grants.filter((g) => g.resource_id === row.id), { tenantView: row.tenant_view === 1, confidentiality: null });
      return spaceView(row, role ?? 'viewer', hosts);
    });
  }

  /** Employees create spaces and own them; partners and customers cannot. */
  async createSpace(actor: DocActor, input: ParsedPayload<'docs:space:create'>): Promise<DocSpace> {
    if (!actor.server && actor.kind !== 'member') throw new PlazaError('forbidden', 'only employees create spaces');
    const at = this.ctx.clock.now();
    const row: DocSpacesTable = {
      tenant_id: actor.tenantId,
      id: uuidv7(),
      name: input.name,
      description: input.description,
      tenant_view: input.tenantView ? 1 : 0,
      system_key: null,
      created_by: actor.user.id,
      created_at: at,
      deleted_at: null,
    };
    const grants = await this.grantRows(actor, row.id, 'space', input.grants, at);
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('doc_spaces').values(row).execute();
      if (grants.length) await trx.insertInto('doc_members').values(grants).execute();
      await recordAudit(trx, { tenantId: actor.tenantId, actor: auditActor(actor), action: 'doc_space.create', target: row.id, details: { name: row.name }, at });
    });
    return spaceView(row, 'owner', await this.hostIds.of(this.db, actor.tenantId, [row.created_by]));
  }

  async folders(actor: DocActor, spaceId: string): Promise<DocFolder[]> {
    await this.spaceAccess(actor, spaceId);
    const rows = await this.db
      .selectFrom('doc_folders')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('space_id', '=', spaceId)
      .where('deleted_at', 'is', null)
      .orderBy('name')
      .orderBy('id')
      .execute();
    const hosts = await this.hostIds.of(this.db, actor.tenantId, rows.map((r) => r.created_by));
    return rows.map((row) => folderView(row, hosts));
  }

  async createFolder(actor: DocActor, input: ParsedPayload<'docs:folder:create'>): Promise<DocFolder> {
    const { role } = await this.spaceAccess(actor, input.spaceId);
    requireRole(role, 'editor', 'space');
    if (input.parentId !== null && (await this.folderDepth(actor.tenantId, input.spaceId, input.parentId)) >= DOC_LIMITS.folderDepthMax) {
      throw new PlazaError('conflict', `folders nest at most ${DOC_LIMITS.folderDepthMax} deep`);
    }
    const row = {
      tenant_id: actor.tenantId,
      id: uuidv7(),
      space_id: input.spaceId,
      parent_id: input.parentId,
      name: input.name,
      system_key: null,
      created_by: actor.user.id,
      created_at: this.ctx.clock.now(),
      deleted_at: null,
    };
    await this.db.insertInto('doc_folders').values(row).execute();
    return folderView(row, await this.hostIds.of(this.db, actor.tenantId, [row.created_by]));
  }

  /** How deep a folder sits (1: at the top of the space); `not_found` when it is not a folder of that space. */
  private async folderDepth(tenantId: string, spaceId: string, folderId: string): Promise<number> {
    let depth = 0;
    let id: string | null = folderId;
    while (id !== null && depth <= DOC_LIMITS.folderDepthMax) {
      const folder = await findFolder(this.db, tenantId, id);
      if (!folder || folder.space_id !== spaceId) throw new PlazaError('not_found', 'folder not found');
      depth += 1;
      id = folder.parent_id;
    }
    return depth;
  }

  // ---- documents -----------------------------------------------------------------------------

  async list(actor: DocActor, input: ParsedPayload<'docs:list'>): Promise<DocPage> {
    // a space filter needs no access check of its own: only visible documents are listed,
    // and a space the caller sees nothing of is simply empty
    const rows = await this.db
      .selectFrom('docs as d')
      .innerJoin('doc_spaces as s', (join) => join.onRef('s.tenant_id', '=', 'd.tenant_id').onRef('s.id', '=', 'd.space_id'))
      .selectAll('d')
      .select('s.tenant_view as space_tenant_view')
      .where('d.tenant_id', '=', actor.tenantId)
      .where('d.deleted_at', 'is', null)
      .where('s.deleted_at', 'is', null)
      .$if(input.spaceId !== undefined, (qb) => qb.where('d.space_id', '=', input.spaceId as string))
      .$if(input.folderId !== undefined, (qb) => (input.folderId === null ? qb.where('d.folder_id', 'is', null) : qb.where('d.folder_id', '=', input.folderId as string)))
      .$if(input.domain !== undefined, (qb) => qb.where('d.domain', '=', input.domain as string))
      .$if(input.confidentiality !== undefined, (qb) => qb.where('d.confidentiality', '=', input.confidentiality as string))
      .$if(input.tag !== undefined, (qb) =>
        qb.where((eb) =>
          eb.exists(
            eb
              .selectFrom('doc_tags as t')
              .select('t.tag')
              .whereRef('t.tenant_id', '=', 'd.tenant_id')
              .whereRef('t.doc_id', '=', 'd.id')
              .where('t.tag', '=', input.tag as string),
          ),
        ),
      )
      .$if(input.cursor !== undefined, (qb) => qb.where('d.id', '<', input.cursor as string))
      .where((eb) => visibleDoc(eb, actor))
      .orderBy('d.id', 'desc')
      .limit(input.limit + 1)
      .execute();
    const page = rows.slice(0, input.limit);
    const docs = await this.views(actor, page);
    return { docs, nextCursor: rows.length > input.limit ? page[page.length - 1].id : null };
  }

  /** Wire views of document rows, each with the actor's role. */
  private async views(actor: DocActor, rows: readonly DocWithSpace[]): Promise<DocInfo[]> {
    const grants = await grantsOf(this.db, actor, rows.flatMap((r) => [r.id, r.space_id]));
    const hosts = await this.hostIds.of(this.db, actor.tenantId, rows.flatMap((r) => [r.created_by, r.updated_by]));
    return rows.map((row) => {
      const role = roleOf(actor, grants.filter((g) => g.resource_id === row.id || g.resource_id === row.space_id), docVisibility(row));
      return docView(row, role ?? 'viewer', hosts);
    });
  }

  async get(actor: DocActor, docId: string): Promise<DocInfo> {
    const { doc, role } = await this.docAccess(actor, docId);
    return docView(doc, role, await this.hostIds.of(this.db, actor.tenantId, [doc.created_by, doc.updated_by]));
  }

  /**
   * Creates a document in a space (editors of the space); the creator owns it. `content`
   * (a Yjs update) becomes the first entry of its log, written with `afterInsert` (an
   * import version) in the same transaction. Idempotent by `clientId`.
   */
  async create(actor: DocActor, input: NewDoc, content?: { update: Uint8Array; afterInsert(trx: Db, doc: DocsTable): Promise<void> }): Promise<DocInfo> {
    const { role: spaceRole } = await this.spaceAccess(actor, input.spaceId);
    requireRole(spaceRole, 'editor', 'space');
    if (input.clientId !== undefined) {
      const existing = await this.byClientId(actor, input.clientId);
      if (existing) return existing;
    }
    if (input.folderId !== null) await this.folderDepth(actor.tenantId, input.spaceId, input.folderId);
    await this.checkClassification(actor.tenantId, input.domain, input.confidentiality, input.tenantView);
    const at = this.ctx.clock.now();
    const row: DocsTable = {
      tenant_id: actor.tenantId,
      id: uuidv7(),
      space_id: input.spaceId,
      folder_id: input.folderId,
      title: input.title,
      domain: input.domain,
      tags: JSON.stringify(input.tags),
      confidentiality: input.confidentiality,
      tenant_view: input.tenantView ? 1 : 0,
      client_id: input.clientId ?? null,
      created_by: actor.user.id,
      created_at: at,
      updated_by: actor.user.id,
      updated_at: at,
      deleted_at: null,
      last_seq: content ? 1 : 0,
      snapshot_seq: 0,
      version_count: 0,
      versioned_seq: 0,
      contributors: content ? JSON.stringify([actor.user.id]) : '[]',
    };
    const grants = await this.grantRows(actor, row.id, 'doc', input.grants ?? [], at);
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('docs').values(row).execute();
        if (input.tags.length) await trx.insertInto('doc_tags').values(input.tags.map((tag) => ({ tenant_id: row.tenant_id, doc_id: row.id, tag }))).execute();
        if (grants.length) await trx.insertInto('doc_members').values(grants).execute();
        if (content) {
          await trx
            .insertInto('doc_updates')
            .values({ tenant_id: row.tenant_id, doc_id: row.id, seq: 1, data: toBuffer(content.update), author_id: actor.user.id, created_at: at })
            .execute();
          await content.afterInsert(trx, row);
        }
        await recordAudit(trx, { tenantId: actor.tenantId, actor: auditActor(actor), action: 'doc.create', target: row.id, details: { title: row.title, spaceId: row.space_id }, at });
      });
    } catch (error) {
      if (input.clientId !== undefined && isUniqueViolation(error)) {
        const existing = await this.byClientId(actor, input.clientId);
        if (existing) return existing;
      }
      throw error;
    }
    const role = strongest(spaceRole, actor.server ? null : 'owner') ?? 'owner';
    return docView(row, role, await this.hostIds.of(this.db, actor.tenantId, [row.created_by]));
  }

  private async byClientId(actor: DocActor, clientId: string): Promise<DocInfo | null> {
    const row = await this.db
      .selectFrom('docs')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('created_by', '=', actor.user.id)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return row ? this.get(actor, row.id) : null;
  }

  /** Title, folder, domain and tags (editors); confidentiality (owners). */
  async update(actor: DocActor, input: ParsedPayload<'docs:update'>): Promise<DocInfo> {
    const { doc, role } = await this.docAccess(actor, input.docId);
    requireRole(role, input.confidentiality !== undefined ? 'owner' : 'editor', 'document');
    if (input.folderId !== undefined && input.folderId !== null) await this.folderDepth(actor.tenantId, doc.space_id, input.folderId);
    const confidentiality = input.confidentiality ?? (doc.confidentiality as ConfidentialityLevel);
    const domain = input.domain === undefined ? doc.domain : input.domain;
    await this.checkClassification(actor.tenantId, domain, confidentiality, doc.tenant_view === 1);
    const at = this.ctx.clock.now();
    const changes: Partial<DocsTable> = {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.folderId !== undefined ? { folder_id: input.folderId } : {}),
      ...(input.domain !== undefined ? { domain: input.domain } : {}),
      ...(input.tags !== undefined ? { tags: JSON.stringify(input.tags) } : {}),
      ...(input.confidentiality !== undefined ? { confidentiality: input.confidentiality } : {}),
      updated_at: at,
      updated_by: actor.user.id,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('docs').set(changes).where('tenant_id', '=', actor.tenantId).where('id', '=', doc.id).execute();
      if (input.tags !== undefined) {
        await trx.deleteFrom('doc_tags').where('tenant_id', '=', actor.tenantId).where('doc_id', '=', doc.id).execute();
        if (input.tags.length) await trx.insertInto('doc_tags').values(input.tags.map((tag) => ({ tenant_id: actor.tenantId, doc_id: doc.id, tag }))).execute();
      }
      await recordAudit(trx, { tenantId: actor.tenantId, actor: auditActor(actor), action: 'doc.update', target: doc.id, details: { ...input }, at });
    });
    return this.get(actor, doc.id);
  }

  /**
   * A domain must be one of the tenant's; a confidential or secret document is never
   * visible tenant-wide, so that combination is refused rather than silently narrowed.
   */
  private async checkClassification(tenantId: string, domain: string | null, level: ConfidentialityLevel, tenantView: boolean): Promise<void> {
    if (domain !== null) {
      const { settings } = await this.ctx.tenants.get(tenantId);
      if (!settings.docDomains.includes(domain)) throw new PlazaError('bad_request', `domain: must be one of ${settings.docDomains.join(', ')}`);
    }
    if (tenantView && RESTRICTED_LEVELS.includes(level)) throw new PlazaError('conflict', `a ${level} document cannot be visible to the whole tenant`);
  }

  // ---- sharing -------------------------------------------------------------------------------

  async access(actor: DocActor, target: { spaceId?: string; docId?: string }): Promise<DocAccess> {
    const resource = await this.resolveTarget(actor, target, 'viewer');
    return { grants: await grantsOn(this.db, actor.tenantId, resource.id), tenantView: resource.tenantView };
  }

  /**
   * Owners add, change and remove grants and the tenant-wide flag. Sockets that can no
   * longer read a document they hold open are taken out of it (`docs:closed`).
   */
  async share(actor: DocActor, input: ParsedPayload<'docs:share'>): Promise<DocAccess> {
    const resource = await this.resolveTarget(actor, input, 'owner');
    if (input.tenantView === true && resource.level !== null && RESTRICTED_LEVELS.includes(resource.level)) {
      throw new PlazaError('conflict', `a ${resource.level} document cannot be visible to the whole tenant`);
    }
    const at = this.ctx.clock.now();
    const rows = await this.grantRows(actor, resource.id, resource.kind, input.set, at, false);
    const removals = await this.principalKeys(actor.tenantId, input.remove);
    await this.db.transaction().execute(async (trx) => {
      for (const row of rows) {
        await trx
          .insertInto('doc_members')
          .values(row)
          .onConflict((oc) => oc.columns(['tenant_id', 'resource_id', 'principal', 'principal_id']).doUpdateSet({ role: row.role }))
          .execute();
      }
      for (const { principal, id } of removals) {
        await trx
          .deleteFrom('doc_members')
          .where('tenant_id', '=', actor.tenantId)
          .where('resource_id', '=', resource.id)
          .where('principal', '=', principal)
          .where('principal_id', '=', id)
          .execute();
      }
      if (input.tenantView !== undefined) {
        const flag = input.tenantView ? 1 : 0;
        if (resource.kind === 'space') await trx.updateTable('doc_spaces').set({ tenant_view: flag }).where('tenant_id', '=', actor.tenantId).where('id', '=', resource.id).execute();
        else await trx.updateTable('docs').set({ tenant_view: flag }).where('tenant_id', '=', actor.tenantId).where('id', '=', resource.id).execute();
      }
      await recordAudit(trx, {
        tenantId: actor.tenantId,
        actor: auditActor(actor),
        action: `doc_${resource.kind}.share`,
        target: resource.id,
        details: { set: input.set, remove: input.remove, tenantView: input.tenantView },
        at,
      });
    });
    await this.closeForLostReaders(actor.tenantId, resource.spaceId, resource.kind === 'doc' ? resource.id : null);
    return this.access(actor, input);
  }

  private async resolveTarget(
    actor: DocActor,
    target: { spaceId?: string; docId?: string },
    needed: DocRole,
  ): Promise<{ kind: 'space' | 'doc'; id: string; spaceId: string; tenantView: boolean; level: ConfidentialityLevel | null }> {
    if (target.docId !== undefined) {
      const { doc, role } = await this.docAccess(actor, target.docId);
      requireRole(role, needed, 'document');
      return { kind: 'doc', id: doc.id, spaceId: doc.space_id, tenantView: doc.tenant_view === 1, level: doc.confidentiality as ConfidentialityLevel };
    }
    const { space, role } = await this.spaceAccess(actor, target.spaceId ?? '');
    requireRole(role, needed, 'space');
    return { kind: 'space', id: space.id, spaceId: space.id, tenantView: space.tenant_view === 1, level: null };
  }

  /**
   * `doc_members` rows for grants given by host ids (users named before they ever
   * connected become placeholders); with `withCreator`, the acting user as owner first.
   */
  private async grantRows(actor: DocActor, resourceId: string, resource: 'space' | 'doc', grants: readonly DocGrant[], at: number, withCreator = true) {
    const keys = await this.principalKeys(actor.tenantId, grants);
    const rows = new Map<string, { tenant_id: string; resource_id: string; resource: 'space' | 'doc'; principal: DocGrant['principal']; principal_id: string; role: string; added_at: number }>();
    const add = (principal: DocGrant['principal'], id: string, role: DocRole) => rows.set(`${principal}:${id}`, { tenant_id: actor.tenantId, resource_id: resourceId, resource, principal, principal_id: id, role, added_at: at });
    keys.forEach(({ principal, id }, i) => add(principal, id, grants[i].role));
    if (withCreator && !actor.server) add('user', actor.user.id, 'owner');
    return [...rows.values()];
  }

  /** Principals with user host ids turned into internal ids. */
  private async principalKeys(tenantId: string, principals: readonly { principal: DocGrant['principal']; id: string }[]) {
    const users = await this.ctx.users.ensure(
      tenantId,
      principals.filter((p) => p.principal === 'user').map((p) => p.id),
    );
    return principals.map(({ principal, id }) => ({ principal, id: principal === 'user' ? (users.get(id)?.id ?? id) : id }));
  }

  /**
   * After a sharing change: every socket (on any node) holding a document of the space
   * open is checked again, and leaves the documents its user can no longer read.
   * Department and organisation changes that come with tokens or org sync are caught by
   * the check every sync message gets, not here.
   */
  private async closeForLostReaders(tenantId: string, spaceId: string, onlyDocId: string | null): Promise<void> {
    if (!this.realtime) return;
    const holders = await this.realtime.docHolders(tenantId, spaceId);
    const actors = new Map<string, DocActor | null>();
    for (const holder of holders) {
      const key = holder.data.userKey;
      if (!actors.has(key)) actors.set(key, await this.actorFor(tenantId, key).catch(() => null));
      const actor = actors.get(key) ?? null;
      for (const docId of holder.docIds) {
        if (onlyDocId !== null && docId !== onlyDocId) continue;
        const readable = actor !== null && (await this.docAccess(actor, docId).then(
          () => true,
          () => false,
        ));
        if (!readable) holder.release(docId, 'access to the document ended');
      }
    }
  }

  // ---- the integration's "Imported" folder ---------------------------------------------------

  /** The system space and folder REST imports land in, made on first use (concurrently safe). */
  async importedFolder(actor: DocActor): Promise<{ spaceId: string; folderId: string }> {
    const at = this.ctx.clock.now();
    const spaceId = await this.systemRow('doc_spaces', actor.tenantId, INTEGRATION_SPACE.key, {
      tenant_id: actor.tenantId,
      id: uuidv7(),
      name: INTEGRATION_SPACE.name,
      description: '',
      tenant_view: 0,
      system_key: INTEGRATION_SPACE.key,
      created_by: actor.user.id,
      created_at: at,
      deleted_at: null,
    });
    const folderId = await this.systemRow('doc_folders', actor.tenantId, IMPORTED_FOLDER.key, {
      tenant_id: actor.tenantId,
      id: uuidv7(),
      space_id: spaceId,
      parent_id: null,
      name: IMPORTED_FOLDER.name,
      system_key: IMPORTED_FOLDER.key,
      created_by: actor.user.id,
      created_at: at,
      deleted_at: null,
    });
    return { spaceId, folderId };
  }

  /** The id of the row the system keeps under `key`, inserted unless it exists (two nodes may race: the unique key decides). */
  private async systemRow(table: 'doc_spaces' | 'doc_folders', tenantId: string, key: string, row: DocSpacesTable | DocFoldersTable): Promise<string> {
    // both tables have an id and a unique (tenant_id, system_key); Kysely is told about one of them
    const same = table as 'doc_spaces';
    const find = () => this.db.selectFrom(same).select('id').where('tenant_id', '=', tenantId).where('system_key', '=', key).executeTakeFirst();
    const existing = await find();
    if (existing) return existing.id;
    await this.db
      .insertInto(same)
      .values(row as DocSpacesTable)
      .onConflict((oc) => oc.columns(['tenant_id', 'system_key']).doNothing())
      .execute();
    const made = await find();
    if (!made) throw new Error(`system ${table} row ${key} could not be created`);
    return made.id;
  }
}

function docVisibility(doc: DocWithSpace): { tenantView: boolean; confidentiality: ConfidentialityLevel } {
  return { tenantView: doc.tenant_view === 1 || doc.space_tenant_view === 1, confidentiality: doc.confidentiality as ConfidentialityLevel };
}
