import { ARTICLE_STATUSES, type Article, type ArticleHits, type ArticlePage } from '@plaza/protocol';
import { z } from 'zod';

/** The wire shapes of protocol's knowledge types, for responses and the OpenAPI description. */

const isoTime = z.string().describe('ISO 8601 UTC');

export const articleView = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string().describe('Markdown: render safely, never as raw HTML'),
  category: z.string().nullable(),
  status: z.enum(ARTICLE_STATUSES),
  author: z.object({ id: z.string().nullable().describe('host user id; null for the integration and on public routes'), name: z.string() }),
  createdAt: isoTime,
  updatedAt: isoTime,
  publishedAt: isoTime.nullable(),
}) satisfies z.ZodType<Article>;

const articleHit = z.object({
  id: z.string(),
  title: z.string(),
  category: z.string().nullable(),
  status: z.enum(ARTICLE_STATUSES),
  excerpt: z.string().describe('plain text near the first match: render as text'),
  updatedAt: isoTime,
});

export const articleHitsView = z.object({ articles: z.array(articleHit) }) satisfies z.ZodType<ArticleHits>;
export const articlePageView = z.object({ articles: z.array(articleView), nextCursor: z.string().nullable() }) satisfies z.ZodType<ArticlePage>;
