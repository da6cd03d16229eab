import type { Kysely } from 'kysely';

/*
 * Knowledge articles and their search terms. Search works the same on both dialects
 * without a full-text engine: each article keeps one row per distinct normalised term
 * (lowercased English words with light stemming, Chinese character bigrams and
 * unigrams), with whether the title holds it and how often the body does. A query is
 * cut into terms the same way and answered from the (tenant, term) index, ranked by
 * title matches, then matched terms, then body frequency. Same conventions as the
 * foundation migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('articles')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('title', 'varchar(255)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('category', 'varchar(64)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('author_id', 'varchar(36)')
    .addColumn('author_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('published_at', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('articles_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('articles_status_idx').on('articles').columns(['tenant_id', 'status', 'updated_at']).execute();
  await db.schema.createIndex('articles_updated_idx').on('articles').columns(['tenant_id', 'updated_at', 'id']).execute();

  await db.schema
    .createTable('article_terms')
    .addColumn('tenant_id', 'varchar(63)', (c) => c.notNull())
    .addColumn('term', 'varchar(64)', (c) => c.notNull())
    .addColumn('article_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('in_title', 'integer', (c) => c.notNull())
    .addColumn('body_hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_terms_pk', ['tenant_id', 'term', 'article_id'])
    .execute();
  await db.schema.createIndex('article_terms_article_idx').on('article_terms').columns(['tenant_id', 'article_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('article_terms').execute();
  await db.schema.dropTable('articles').execute();
}
