// A small in-memory knowledge base on a FakeConnection, for the elements' tests and
// stories: `knowledge:search`, `…:get` and `…:suggest` over published articles, matched by
// the words (and, for Chinese, the character pairs) of the query. Ranking and the real
// term rules are the server's, tested there.
import { PlazaError } from '@plaza/protocol';
import type { Article, ArticleHit } from '@plaza/protocol';
import type { FakeConnection } from './fake-connection.js';

export type FakeArticleSeed = Partial<Article> & Pick<Article, 'title' | 'body'>;

/** Words too common to match on, as the server drops them. */
const STOP = new Set(['the', 'and', 'for', 'you', 'your', 'with', 'how', 'can', 'not', 'does', 'what', 'want']);

/** Lowercased words and CJK character pairs: enough to match like the server in tests. */
function terms(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (/\p{Script=Han}/u.test(word)) {
      for (let i = 0; i < word.length - 1; i += 1) out.add(word.slice(i, i + 2));
      if (word.length === 1) out.add(word);
    } else if (word.length > 2 && !STOP.has(word)) out.add(word.replace(/s$/, ''));
  }
  return out;
}

export class FakeKnowledgeServer {
  readonly articles = new Map<string, Article>();
  #ids = 0;

  constructor(readonly connection: FakeConnection) {
    connection.handle('knowledge:search', (p) => ({ articles: this.find(p.query ?? '', p.limit ?? 20, p.category) }));
    connection.handle('knowledge:suggest', (p) => ({ articles: this.find(p.subject, p.limit ?? 5) }));
    connection.handle('knowledge:get', (p) => {
      const article = this.articles.get(p.articleId);
      if (!article || article.status !== 'published') throw new PlazaError('not_found', `no article ${p.articleId}`);
      return article;
    });
  }

  add(seed: FakeArticleSeed): Article {
    const at = new Date(Date.now() - (1000 - this.#ids) * 60_000).toISOString();
    const article: Article = {
      id: `0193a1b2-0000-7000-8000-${String(++this.#ids).padStart(12, '0')}`,
      category: null,
      status: 'published',
      author: { id: null, name: 'Carol Davis' },
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
      ...seed,
    };
    this.articles.set(article.id, article);
    return article;
  }

  /** Published articles sharing a term with `query`, title matches first; the newest without a query. */
  find(query: string, limit: number, category?: string): ArticleHit[] {
    const wanted = terms(query);
    const scored = [...this.articles.values()]
      .filter((a) => a.status === 'published' && (category === undefined || a.category === category))
      .map((a) => {
        const title = terms(a.title);
        const body = terms(a.body);
        let score = 0;
        for (const term of wanted) score += (title.has(term) ? 3 : 0) + (body.has(term) ? 1 : 0);
        return { a, score };
      })
      .filter(({ score }) => wanted.size === 0 || score > 0)
      .sort((x, y) => y.score - x.score || y.a.updatedAt.localeCompare(x.a.updatedAt));
    return scored.slice(0, limit).map(({ a }) => ({ id: a.id, title: a.title, category: a.category, status: a.status, excerpt: a.body.replace(/[*_`#>[\]()]/g, '').slice(0, 200), updatedAt: a.updatedAt }));
  }
}
