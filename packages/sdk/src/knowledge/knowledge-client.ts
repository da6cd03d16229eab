import { TICKET_LIMITS } from '@plaza/protocol';
import type { Article, ArticleChanges, ArticleHit } from '@plaza/protocol';
import type { Connection } from '../connection/connection.js';
import type { ArticleSearchOptions, KnowledgeApi, NewArticle } from './types.js';

/** `client.knowledge`: the `knowledge:*` requests, typed. */
export class PlazaKnowledge implements KnowledgeApi {
  constructor(private readonly connection: Connection) {}

  async search(query: string, options: ArticleSearchOptions = {}): Promise<ArticleHit[]> {
    const { articles } = await this.connection.request('knowledge:search', {
      query,
      ...(options.category !== undefined ? { category: options.category } : {}),
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      ...(options.status !== undefined ? { status: options.status } : {}),
    });
    return articles;
  }

  async suggest(subject: string, options: { limit?: number } = {}): Promise<ArticleHit[]> {
    // Asked for on every pause in typing: a blank subject cannot match anything, and a
    // subject past the ticket limit (which the server refuses) is still worth suggesting for.
    const text = subject.trim().slice(0, TICKET_LIMITS.subjectMax);
    if (text === '') return [];
    const { articles } = await this.connection.request('knowledge:suggest', { subject: text, ...(options.limit !== undefined ? { limit: options.limit } : {}) });
    return articles;
  }

  get(articleId: string): Promise<Article> {
    return this.connection.request('knowledge:get', { articleId });
  }

  create(article: NewArticle): Promise<Article> {
    return this.connection.request('knowledge:create', { ...article });
  }

  update(articleId: string, changes: ArticleChanges): Promise<Article> {
    return this.connection.request('knowledge:update', { articleId, changes });
  }

  async remove(articleId: string): Promise<void> {
    await this.connection.request('knowledge:delete', { articleId });
  }
}
