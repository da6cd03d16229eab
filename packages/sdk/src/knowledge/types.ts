import type { Article, ArticleChanges, ArticleHit, ArticleStatus } from '@plaza/protocol';

/** What `search()` narrows by, besides the query. */
export interface ArticleSearchOptions {
  category?: string;
  /** How many hits at most (1–50, default 20). */
  limit?: number;
  /**
   * Writers only (agents and admins): `all` includes drafts, `draft` only drafts. Everyone
   * else always searches published articles; asking for drafts is `forbidden`.
   */
  status?: ArticleStatus | 'all';
}

/** A new article; a draft unless `status` says `published`. Writers only. */
export interface NewArticle {
  title: string;
  /** Markdown. */
  body?: string;
  category?: string;
  status?: ArticleStatus;
}

/**
 * Knowledge articles, `client.knowledge`: product materials and FAQs in Markdown. Everyone
 * signed in searches and reads published articles (customers included); writers (members
 * with the `agent` or `admin` role) also write, publish and unpublish. Plain requests: no
 * stores, nothing live (articles change rarely). Every method rejects with a `PlazaError`.
 *
 * @example
 * const hits = await client.knowledge.search('退款');                 // best matches first
 * const article = await client.knowledge.get(hits[0].id);           // Markdown body: render it safely
 * const ideas = await client.knowledge.suggest('Refund for order 7'); // while a ticket subject is typed
 */
export interface KnowledgeApi {
  /** Published articles matching `query` (Chinese by character pairs, English by words), best first; without a query, the newest. */
  search(query: string, options?: ArticleSearchOptions): Promise<ArticleHit[]>;
  /** A few published articles for a ticket subject, title matches first; none for a blank subject (no request is made). */
  suggest(subject: string, options?: { limit?: number }): Promise<ArticleHit[]>;
  /** One article; `not_found` for a draft (unless a writer asks) and for ids of other tenants. */
  get(articleId: string): Promise<Article>;
  /** Writers only. */
  create(article: NewArticle): Promise<Article>;
  /** Title, body, category (`null` removes it), status (publish, unpublish). Writers only. */
  update(articleId: string, changes: ArticleChanges): Promise<Article>;
  /** Writers only. */
  remove(articleId: string): Promise<void>;
}
