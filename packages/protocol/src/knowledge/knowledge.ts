import { z } from 'zod';
import { hostId, plazaId, tenantId } from '../ids.js';
import { TICKET_LIMITS } from '../tickets/rules.js';

/**
 * Knowledge articles: product materials and FAQs that members write and publish to
 * customers. Bodies are Markdown; clients render them to safe templates, never as raw
 * HTML. Customers (and the public form) see published articles only.
 */

/** `draft`: only writers see it; `published`: every user of the tenant and the public routes. */
export const ARTICLE_STATUSES = ['draft', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** Limits every side checks the same way; lengths count UTF-16 code units after trimming. */
export const KNOWLEDGE_LIMITS = {
  titleMax: 200,
  /** Markdown source of one article. */
  bodyMax: 50_000,
  categoryMax: 64,
  /** A search query. */
  queryMax: 200,
  /** Suggestions are asked for with a ticket subject as it is being typed. */
  subjectMax: TICKET_LIMITS.subjectMax,
  suggestMax: 10,
  searchMax: 50,
  /** Characters of plain text in a hit's excerpt. */
  excerptMax: 200,
  pageMax: 100,
} as const;

// ---- wire types --------------------------------------------------------------------------

/** Who wrote an article. Customers and the public routes get `id: null`: never a member's user id. */
export interface ArticleAuthor {
  /** Host user id of the member; null for the integration and in customers' views. */
  id: string | null;
  name: string;
}

/**
 * An article. Members who write (agents and admins) see drafts too; everyone else sees
 * only published articles.
 *
 * @example
 * { id: '0192…', title: '如何申请退款', body: '1. 打开订单…', category: 'billing', status: 'published', … }
 */
export interface Article {
  id: string;
  title: string;
  /** Markdown source; clients render it safely, never as raw HTML. */
  body: string;
  category: string | null;
  status: ArticleStatus;
  author: ArticleAuthor;
  createdAt: string;
  updatedAt: string;
  /** When it was last published; null while it never was. */
  publishedAt: string | null;
}

/** One search or suggestion result: enough to list it and open it with `knowledge:get`. */
export interface ArticleHit {
  id: string;
  title: string;
  category: string | null;
  status: ArticleStatus;
  /** Plain text from the body (Markdown removed), near the first match when there is one. Render as text. */
  excerpt: string;
  updatedAt: string;
}

export interface ArticleHits {
  articles: ArticleHit[];
}

/** `GET /v1/articles`: articles by last change, for a CMS keeping its copy in step. */
export interface ArticlePage {
  articles: Article[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

// ---- schemas -----------------------------------------------------------------------------

const articleId = plazaId;
const title = z.string().trim().min(1, 'must not be empty').max(KNOWLEDGE_LIMITS.titleMax);
const body = z.string().trim().max(KNOWLEDGE_LIMITS.bodyMax);
const category = z.string().trim().min(1).max(KNOWLEDGE_LIMITS.categoryMax);
const query = z.string().trim().max(KNOWLEDGE_LIMITS.queryMax);
const cursor = z.string().min(1).max(200);

export const articleStatus = z.enum(ARTICLE_STATUSES);

export const articleRef = z.object({ articleId }).strict();

/** `knowledge:create`: a new article, a draft unless `status` says `published`. */
export const createArticlePayload = z
  .object({
    title,
    body: body.default(''),
    category: category.optional(),
    status: articleStatus.default('draft'),
  })
  .strict();

/** What an update may change; `category: null` removes the category. */
export const articleChanges = z
  .object({
    title: title.optional(),
    body: body.optional(),
    category: category.nullable().optional(),
    status: articleStatus.optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'name at least one field to change');

/** `knowledge:update`: publishing and unpublishing are status changes. */
export const updateArticlePayload = z.object({ articleId, changes: articleChanges }).strict();

/**
 * `knowledge:search`: best matches first; without a query, the newest changes first.
 * `status` is for writers (agents and admins): `all` includes drafts. Everyone else
 * always searches published articles.
 */
export const searchArticlesPayload = z
  .object({
    query: query.default(''),
    category: category.optional(),
    status: z.enum([...ARTICLE_STATUSES, 'all']).default('published'),
    limit: z.number().int().min(1).max(KNOWLEDGE_LIMITS.searchMax).default(20),
  })
  .strict();

/** `knowledge:suggest`: a few published articles for a ticket subject being typed, title matches first. */
export const suggestArticlesPayload = z
  .object({
    subject: z.string().trim().max(KNOWLEDGE_LIMITS.subjectMax),
    limit: z.number().int().min(1).max(KNOWLEDGE_LIMITS.suggestMax).default(5),
  })
  .strict();

export type ArticleRef = z.infer<typeof articleRef>;
export type CreateArticlePayload = z.input<typeof createArticlePayload>;
export type ArticleChanges = z.input<typeof articleChanges>;
export type UpdateArticlePayload = z.input<typeof updateArticlePayload>;
export type SearchArticlesPayload = z.input<typeof searchArticlesPayload>;
export type SuggestArticlesPayload = z.input<typeof suggestArticlesPayload>;

// REST (server token): CMS sync

/** `POST /v1/articles`: `author` names a member (host user id); without it the integration writes. */
export const restCreateArticleBody = z
  .object({
    title,
    body: body.default(''),
    category: category.optional(),
    status: articleStatus.default('draft'),
    author: hostId.optional(),
  })
  .strict();
export type RestCreateArticleBody = z.input<typeof restCreateArticleBody>;

/** `PATCH /v1/articles/:id`. */
export const restPatchArticleBody = articleChanges;
export type RestPatchArticleBody = z.input<typeof restPatchArticleBody>;

/** `GET /v1/articles`: ascending by last change, drafts included, so a CMS syncs with `updatedAfter` and `cursor`. */
export const restListArticlesQuery = z
  .object({
    status: articleStatus.optional(),
    category: category.optional(),
    updatedAfter: z.iso.datetime({ offset: true }).optional(),
    cursor: cursor.optional(),
    limit: z.coerce.number().int().min(1).max(KNOWLEDGE_LIMITS.pageMax).default(100),
  })
  .strict();
export type RestListArticlesQuery = z.input<typeof restListArticlesQuery>;

export const articleIdParams = z.object({ id: articleId });

// public routes (no token; Origin must be one the tenant allows)

/** `GET /v1/public/articles?tenant=&q=`: published articles, best matches first (newest without `q`). */
export const publicArticlesQuery = z
  .object({
    tenant: tenantId,
    q: query.default(''),
    category: category.optional(),
    limit: z.coerce.number().int().min(1).max(KNOWLEDGE_LIMITS.searchMax).default(10),
  })
  .strict();
export type PublicArticlesQuery = z.input<typeof publicArticlesQuery>;

/** `GET /v1/public/articles/:id?tenant=`: one published article. */
export const publicArticleQuery = z.object({ tenant: tenantId }).strict();
