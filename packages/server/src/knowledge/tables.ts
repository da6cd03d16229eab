/** A knowledge article. Times are epoch milliseconds. */
export interface ArticlesTable {
  tenant_id: string;
  id: string;
  title: string;
  /** Markdown source, stored as written. */
  body: string;
  category: string | null;
  /** An `ArticleStatus`. */
  status: string;
  /** Internal user id of the member who wrote it; null when the integration did. */
  author_id: string | null;
  /** The author's name when written, shown to readers instead of any id. */
  author_name: string;
  created_at: number;
  updated_at: number;
  /** The last time it was published; null while it never was. */
  published_at: number | null;
  /** Counts changes. */
  version: number;
}

/**
 * One normalised search term of one article (see terms.ts): whether the title holds it
 * and how often the body does (capped). Rewritten whole whenever the article's text changes.
 */
export interface ArticleTermsTable {
  tenant_id: string;
  term: string;
  article_id: string;
  in_title: number;
  body_hits: number;
}

export interface KnowledgeTables {
  articles: ArticlesTable;
  article_terms: ArticleTermsTable;
}
