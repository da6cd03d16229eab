import {
  KNOWLEDGE_LIMITS,
  PlazaError,
  type Article,
  type ArticleHits,
  type ArticlePage,
  type ArticleStatus,
} from '@plaza/protocol';
import { uuidv7 } from 'uuidv7';
import { recordAudit } from '../audit/audit.js';
import type { PlazaContext } from '../context.js';
import type { Tenant } from '../org/tenant-service.js';
import type { UsersTable } from '../org/tables.js';
import type { Db } from '../storage/database.js';
import { integrationActor, knowledgeActorOf, requireWriter, type KnowledgeActor } from './access.js';
import {
  articleView,
  articlesInOrder,
  decodeCursor,
  deleteTerms,
  encodeCursor,
  findArticle,
  hitView,
  lockArticle,
  newestArticles,
  rankedArticleIds,
  writeTerms,
  type ArticleFilter,
} from './queries.js';
import type { ArticlesTable } from './tables.js';
import { queryTerms } from './terms.js';

/** Shown as the author of articles the tenant's backend writes without naming a member. */
export const INTEGRATION_AUTHOR = 'Integration';

interface ArticleInput {
  title: string;
  body: string;
  category?: string | undefined;
  status: ArticleStatus;
}

interface ArticleChangeInput {
  title?: string | undefined;
  body?: string | undefined;
  category?: string | null | undefined;
  status?: ArticleStatus | undefined;
}

/**
 * Knowledge articles: members who write (agents, admins) and the tenant's backend create,
 * edit, publish, unpublish and delete them; every user of the tenant searches and reads
 * the published ones, and the public routes serve those to the tenant's own website.
 * Search terms are rewritten in the same transaction as the text they come from.
 */
export class KnowledgeService {
  constructor(private readonly ctx: PlazaContext) {}

  private get db(): Db {
    return this.ctx.storage.db;
  }

  /** The acting user of a socket, read afresh so a role change applies at once. */
  async actorFor(tenantId: string, userKey: string): Promise<KnowledgeActor> {
    const user = await this.db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', userKey).executeTakeFirst();
    if (!user) throw new PlazaError('unauthorized', 'unknown user');
    return knowledgeActorOf(user);
  }

  integrationActor(tenantId: string): KnowledgeActor {
    return integrationActor(tenantId);
  }

  // ---- reading -----------------------------------------------------------------------------

  /** Best matches first; without a query, the newest changes. Only writers may ask for drafts. */
  async search(actor: KnowledgeActor, input: { query: string; category?: string | undefined; status: ArticleStatus | 'all'; limit: number }): Promise<ArticleHits> {
    if (input.status !== 'published') requireWriter(actor);
    const statuses: ArticleStatus[] = input.status === 'all' ? ['draft', 'published'] : [input.status];
    return this.find(actor.tenantId, input.query, { statuses, category: input.category, limit: input.limit }, { newestWithoutQuery: true });
  }

  /** A few published articles for a ticket subject as it is typed; nothing for an empty subject. */
  async suggest(actor: KnowledgeActor, input: { subject: string; limit: number }): Promise<ArticleHits> {
    return this.find(actor.tenantId, input.subject, { statuses: ['published'], limit: input.limit }, { newestWithoutQuery: false });
  }

  /** One article; drafts only for writers (for anyone else a draft is `not_found`, like another tenant's id). */
  async get(actor: KnowledgeActor, articleId: string): Promise<Article> {
    const row = await findArticle(this.db, actor.tenantId, articleId);
    if (!row || (row.status !== 'published' && !actor.canWrite)) throw new PlazaError('not_found', `no article ${articleId}`);
    return this.view(actor, row);
  }

  /** The public routes: published articles of the tenant, searched like `search`. */
  async publicSearch(tenant: Tenant, input: { q: string; category?: string | undefined; limit: number }): Promise<ArticleHits> {
    return this.find(tenant.id, input.q, { statuses: ['published'], category: input.category, limit: input.limit }, { newestWithoutQuery: true });
  }

  async publicGet(tenant: Tenant, articleId: string): Promise<Article> {
    const row = await findArticle(this.db, tenant.id, articleId);
    if (!row || row.status !== 'published') throw new PlazaError('not_found', `no article ${articleId}`);
    return articleView(row, null);
  }

  /** For CMS sync: every article changed after a time, drafts included, ascending by last change. */
  async sync(
    actor: KnowledgeActor,
    input: { status?: ArticleStatus | undefined; category?: string | undefined; updatedAfter?: string | undefined; cursor?: string | undefined; limit: number },
  ): Promise<ArticlePage> {
    requireWriter(actor);
    let q = this.db.selectFrom('articles').selectAll().where('tenant_id', '=', actor.tenantId).orderBy('updated_at').orderBy('id').limit(input.limit + 1);
    if (input.status !== undefined) q = q.where('status', '=', input.status);
    if (input.category !== undefined) q = q.where('category', '=', input.category);
    if (input.updatedAfter !== undefined) q = q.where('updated_at', '>', Date.parse(input.updatedAfter));
    if (input.cursor !== undefined) {
      const { at, id } = decodeCursor(input.cursor);
      q = q.where((eb) => eb.or([eb('updated_at', '>', at), eb.and([eb('updated_at', '=', at), eb('id', '>', id)])]));
    }
    const rows = await q.execute();
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    const authors = await this.authorHostIds(actor.tenantId, page);
    return {
      articles: page.map((r) => articleView(r, r.author_id === null ? null : (authors.get(r.author_id) ?? null))),
      nextCursor: rows.length > input.limit && last ? encodeCursor(last.updated_at, last.id) : null,
    };
  }

  private async find(tenantId: string, query: string, filter: ArticleFilter, options: { newestWithoutQuery: boolean }): Promise<ArticleHits> {
    if (query.trim() === '') {
      const rows = options.newestWithoutQuery ? await newestArticles(this.db, tenantId, filter) : [];
      return { articles: rows.map((r) => hitView(r, '', KNOWLEDGE_LIMITS.excerptMax)) };
    }
    const ids = await rankedArticleIds(this.db, tenantId, queryTerms(query), filter);
    const rows = await articlesInOrder(this.db, tenantId, ids);
    return { articles: rows.map((r) => hitView(r, query, KNOWLEDGE_LIMITS.excerptMax)) };
  }

  // ---- writing -----------------------------------------------------------------------------

  /** A new article by a writer, or by the backend on behalf of `author` (a member's host id) or as the integration. */
  async create(actor: KnowledgeActor, input: ArticleInput, author?: string): Promise<Article> {
    requireWriter(actor);
    const writer = author === undefined ? actor.user : await this.namedAuthor(actor.tenantId, author);
    const at = this.ctx.clock.now();
    const row: ArticlesTable = {
      tenant_id: actor.tenantId,
      id: uuidv7(),
      title: input.title.trim(),
      body: input.body.trim(),
      category: input.category?.trim() ?? null,
      status: input.status,
      author_id: writer?.id ?? null,
      author_name: writer?.name ?? INTEGRATION_AUTHOR,
      created_at: at,
      updated_at: at,
      published_at: input.status === 'published' ? at : null,
      version: 1,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('articles').values(row).execute();
      await writeTerms(trx, actor.tenantId, row);
      if (row.status === 'published') await this.audit(trx, actor, 'article.published', row, at);
    });
    return this.view(actor, row);
  }

  /** Changes title, body, category or status (publishing, unpublishing); a change to nothing answers the article as it is. */
  async update(actor: KnowledgeActor, articleId: string, changes: ArticleChangeInput): Promise<Article> {
    requireWriter(actor);
    const at = this.ctx.clock.now();
    const row = await this.db.transaction().execute(async (trx) => {
      const current = await lockArticle(trx, actor.tenantId, articleId);
      if (!current) throw new PlazaError('not_found', `no article ${articleId}`);
      const patch: Partial<ArticlesTable> = {};
      if (changes.title !== undefined && changes.title.trim() !== current.title) patch.title = changes.title.trim();
      if (changes.body !== undefined && changes.body.trim() !== current.body) patch.body = changes.body.trim();
      if (changes.category !== undefined && (changes.category?.trim() ?? null) !== current.category) patch.category = changes.category?.trim() ?? null;
      if (changes.status !== undefined && changes.status !== current.status) {
        patch.status = changes.status;
        if (changes.status === 'published') patch.published_at = at;
        await this.audit(trx, actor, changes.status === 'published' ? 'article.published' : 'article.unpublished', current, at);
      }
      if (Object.keys(patch).length === 0) return current;
      const after = await trx
        .updateTable('articles')
        .set({ ...patch, updated_at: at })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', articleId)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (patch.title !== undefined || patch.body !== undefined) await writeTerms(trx, actor.tenantId, after);
      return after;
    });
    return this.view(actor, row);
  }

  async remove(actor: KnowledgeActor, articleId: string): Promise<{ articleId: string }> {
    requireWriter(actor);
    const at = this.ctx.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const current = await lockArticle(trx, actor.tenantId, articleId);
      if (!current) throw new PlazaError('not_found', `no article ${articleId}`);
      await deleteTerms(trx, actor.tenantId, articleId);
      await trx.deleteFrom('articles').where('tenant_id', '=', actor.tenantId).where('id', '=', articleId).execute();
      await this.audit(trx, actor, 'article.deleted', current, at);
    });
    return { articleId };
  }

  // ---- helpers -----------------------------------------------------------------------------

  private async view(actor: KnowledgeActor, row: ArticlesTable): Promise<Article> {
    if (!actor.seesMemberIds || row.author_id === null) return articleView(row, null);
    const authors = await this.authorHostIds(actor.tenantId, [row]);
    return articleView(row, authors.get(row.author_id) ?? null);
  }

  private async authorHostIds(tenantId: string, rows: readonly ArticlesTable[]): Promise<Map<string, string>> {
    const keys = [...new Set(rows.flatMap((r) => (r.author_id === null ? [] : [r.author_id])))];
    if (keys.length === 0) return new Map();
    const users = await this.db.selectFrom('users').select(['id', 'host_id']).where('tenant_id', '=', tenantId).where('id', 'in', keys).execute();
    return new Map(users.map((u) => [u.id, u.host_id]));
  }

  /** The member the backend names as an article's author; it must be a user the tenant already has. */
  private async namedAuthor(tenantId: string, hostId: string): Promise<UsersTable> {
    const user = await this.ctx.users.byHostId(tenantId, hostId);
    if (!user || user.kind !== 'member') throw new PlazaError('bad_request', `author: ${hostId} is not a member of this tenant`);
    return user;
  }

  private async audit(trx: Db, actor: KnowledgeActor, action: string, row: ArticlesTable, at: number): Promise<void> {
    await recordAudit(trx, { tenantId: actor.tenantId, actor: actor.user?.host_id ?? 'server', action, target: `article:${row.id}`, details: { title: row.title }, at });
  }
}
