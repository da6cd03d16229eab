import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Article } from '@plaza/sdk';
import { PlazaElement } from '../../base/plaza-element.js';
import { renderMarkdown } from '../../chat/markdown/markdown.js';
import { formatDue } from '../../tasks/shared/format.js';
import { taskBaseStyles } from '../../tasks/shared/styles.js';
import { portalSharedStyles } from '../shared/portal-styles.js';
import { categoryLabel } from '../shared/portal-format.js';
import '../translations/portal-parts.js';

/**
 * @tag plaza-portal-article
 * @summary The customer portal's article reader: a knowledge article's title and its
 * Markdown body, rendered safely (never as HTML), with a way back and to a new ticket.
 *
 * @description Used inside `<plaza-customer-portal>`; fires `portal-back` and
 * `portal-new-ticket` (plain events) for the portal to act on.
 */
export class PlazaPortalArticle extends PlazaElement {
  static override styles = [
    taskBaseStyles,
    portalSharedStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      .title:focus,
      .empty:focus {
        outline: none;
      }
      .title {
        margin: 10px 0 4px;
        font-size: 1.35em;
        line-height: 1.3;
        overflow-wrap: anywhere;
      }
      .meta {
        margin: 0 0 14px;
      }
      .md {
        font-size: 1.05em;
      }
      .help {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
        margin-top: 20px;
        padding-top: 12px;
        border-top: 1px solid var(--t-border);
      }
      .empty {
        padding: 24px 12px;
        text-align: center;
      }
    `,
  ];

  @property({ attribute: false }) articleId = '';

  @state() private article: Article | null = null;
  @state() private failed = false;
  private loadedFor = '';

  /** Whether focus should move to the title once the article shows. */
  private wantFocus = false;

  /** Moves focus to the title, once loaded (the portal does when the article opens). */
  focusHeading(): void {
    this.wantFocus = true;
    this.requestUpdate();
  }

  protected override updated(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.title, [role="alert"]');
    if (this.wantFocus && target) {
      this.wantFocus = false;
      target.focus();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const key = this.client ? this.articleId : '';
    if (key && (key !== this.loadedFor || changed.has('client'))) void this.load(key);
  }

  private async load(articleId: string): Promise<void> {
    this.loadedFor = articleId;
    this.article = null;
    this.failed = false;
    try {
      const article = await this.client!.knowledge.get(articleId);
      if (articleId === this.loadedFor) this.article = article;
    } catch {
      if (articleId === this.loadedFor) this.failed = true;
    }
  }

  protected override render() {
    const t = this.localize.term.bind(this.localize);
    const article = this.article;
    const back = html`<button type="button" class="btn back" @click=${() => this.dispatchEvent(new Event('portal-back'))}>← ${t('portalBack')}</button>`;
    if (!article) {
      return html`${back}${this.failed
        ? html`<p class="empty" role="alert" tabindex="-1">${t('portalArticleMissing')}</p>`
        : html`<p class="empty muted" role="status">${t('portalLoading')}</p>`}`;
    }
    return html`${back}
      <article aria-labelledby="title">
        <h2 class="title" id="title" tabindex="-1">${article.title}</h2>
        <p class="meta muted">
          ${article.category ? html`<span class="chip">${categoryLabel(article.category, this.localize)}</span> ` : nothing}
          <time datetime=${article.updatedAt}>${t('portalArticleUpdated', formatDue(article.updatedAt, this.localize.lang))}</time>
        </p>
        <div class="md">${renderMarkdown(article.body)}</div>
      </article>
      <p class="help">
        ${t('portalStillNeedHelp')}
        <button type="button" class="btn btn--primary new-ticket" @click=${() => this.dispatchEvent(new Event('portal-new-ticket'))}>${t('portalTabNew')}</button>
      </p>`;
  }
}
