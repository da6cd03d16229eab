import { PlazaError, type Article, type ArticleHit, type ArticleStatus } from '@plaza/protocol';
import { sql } from 'kysely';
import { iso } from '../clock.js';
import type { Db } from '../storage/database.js';
import type { ArticlesTable, ArticleTermsTable } from './tables.js';
import { BODY_HITS_MAX, documentTerms, excerpt, plainText } from './terms.js';

/** Rows per insert when rewriting an article's terms: well under both databases' bound-parameter limits. */
const TERM_BATCH = 500;

export async function findArticle(db: Db, tenantId: string, id: string): Promise<ArticlesTable | undefined> {
  return db.selectFrom('articles').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/**
 * Takes the article's row lock (PostgreSQL; SQLite has one writer) and counts the change
 * about to be made, so concurrent edits of one article run one after the other and each
 * rewrites the terms the previous one left.
 */
export async function lockArticle(trx: Db, tenantId: string, id: string): Promise<ArticlesTable | undefined> {
  return trx
    .updateTable('articles')
    .set({ version: sql<number>`version + 1` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** The rows an article's search terms are: every term of the title and of the body's plain text. */
export function termRows(tenantId: string, article: Pick<ArticlesTable, 'id' | 'title' | 'body'>): ArticleTermsTable[] {
  const title = documentTerms(article.title);
  const body = documentTerms(plainText(article.body));
  return [...new Set([...title.keys(), ...body.keys()])].map((term) => ({
    tenant_id: tenantId,
    term,
    article_id: article.id,
    in_title: title.has(term) ? 1 : 0,
    body_hits: Math.min(body.get(term) ?? 0, BODY_HITS_MAX),
  }));
}

/** Replaces an article's search terms; run in the transaction that changed its text. */
export async function writeTerms(trx: Db, tenantId: string, article: Pick<ArticlesTable, 'id' | 'title' | 'body'>): Promise<void> {
  await deleteTerms(trx, tenantId, article.id);
  const rows = termRows(tenantId, article);
  for (let i = 0; i < rows.length; i += TERM_BATCH) await trx.insertInto('article_terms').values(rows.slice(i, i + TERM_BATCH)).execute();
}

export async function deleteTerms(trx: Db, tenantId: string, articleId: string): Promise<void> {
  await trx.deleteFrom('article_terms').where('tenant_id', '=', tenantId).where('article_id', '=', articleId).execute();
}

export interface ArticleFilter {
  statuses: readonly ArticleStatus[];
  category?: string | undefined;
  limit: number;
}

/**
 * Ids of the articles matching any of `terms`, best first. Each matched term scores 1,
 * and 2 more when the title holds it, so a title match outranks matches in the body
 * alone; ties go to more occurrences in the body, then to the newer article.
 */
export async function rankedArticleIds(db: Db, tenantId: string, terms: readonly string[], filter: ArticleFilter): Promise<string[]> {
  if (terms.length === 0) return [];
  let q = db
    .selectFrom('article_terms as t')
    .innerJoin('articles as a', (join) => join.onRef('a.tenant_id', '=', 't.tenant_id').onRef('a.id', '=', 't.article_id'))
    .where('t.tenant_id', '=', tenantId)
    .where('t.term', 'in', terms)
    .where('a.status', 'in', filter.statuses)
    .groupBy('t.article_id')
    .select([
      't.article_id as id',
      sql<number>`count(*) + 2 * sum(${sql.ref('t.in_title')})`.as('score'),
      sql<number>`sum(${sql.ref('t.body_hits')})`.as('hits'),
      sql<number>`max(${sql.ref('a.updated_at')})`.as('changed'),
    ])
    .orderBy('score', 'desc')
    .orderBy('hits', 'desc')
    .orderBy('changed', 'desc')
    .orderBy('t.article_id', 'desc')
    .limit(filter.limit);
  if (filter.category !== undefined) q = q.where('a.category', '=', filter.category);
  return (await q.execute()).map((r) => r.id);
}

/** Articles by id, in the order given (ids not found are left out). */
export async function articlesInOrder(db: Db, tenantId: string, ids: readonly string[]): Promise<ArticlesTable[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('articles').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The newest changed articles, for a search without a query. */
export async function newestArticles(db: Db, tenantId: string, filter: ArticleFilter): Promise<ArticlesTable[]> {
  let q = db
    .selectFrom('articles')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', filter.statuses)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.category !== undefined) q = q.where('category', '=', filter.category);
  return q.execute();
}

/** `authorHostId`: the author's host id when the reader may see member ids, else null. */
export function articleView(row: ArticlesTable, authorHostId: string | null): Article {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    category: row.category,
    status: row.status as ArticleStatus,
    author: { id: authorHostId, name: row.author_name },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    publishedAt: row.published_at === null ? null : iso(row.published_at),
  };
}

export function hitView(row: ArticlesTable, query: string, excerptMax: number): ArticleHit {
  return {
    id: row.id,
    title: row.title,
    category: row.category,
    status: row.status as ArticleStatus,
    excerpt: excerpt(plainText(row.body), query, excerptMax),
    updatedAt: iso(row.updated_at),
  };
}

/** A page cursor: the sort time and id of the last row, so pages never skip or repeat rows. */
export function encodeCursor(at: number, id: string): string {
  return `${at}.${id}`;
}

export function decodeCursor(cursor: string): { at: number; id: string } {
  const match = /^(\d{1,16})\.([0-9a-f-]{36})$/.exec(cursor);
  if (!match) throw new PlazaError('bad_request', 'cursor: not a cursor this server gave');
  return { at: Number(match[1]), id: match[2] };
}
