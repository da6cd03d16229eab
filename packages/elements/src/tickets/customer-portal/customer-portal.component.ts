import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { PublicTicketForm } from '@plaza/protocol';
import type { ArticleHit, ClientState, CustomerTicket, CustomerTicketList, PlazaClient, TicketQueueState, Unsubscribe } from '@plaza/sdk';
// The SDK capabilities the portal uses: a client from `@plaza/sdk/core` (the provider's)
// gets them when this chunk loads.
import '@plaza/sdk/tickets';
import '@plaza/sdk/knowledge';
import { PlazaElement } from '../../base/plaza-element.js';
import { StoreController } from '../../controllers/store-controller.js';
import { themeStyles } from '../../styles/theme.js';
import { taskBaseStyles } from '../../tasks/shared/styles.js';
import type { PlazaTicketCreatedEvent } from '../events/ticket-created-event.js';
import { PlazaTicketOpenEvent } from '../events/ticket-inbox-events.js';
import { followUpTicket, type FollowUpTicket } from '../shared/follow-up-link.js';
import { categoryLabel } from '../shared/portal-format.js';
import { portalSharedStyles } from '../shared/portal-styles.js';
import { relativeTime } from '../shared/format.js';
import { clientTicketSource, type TicketSource } from '../shared/ticket-source.js';
import '../translations/portal.js';
import { customerPortalStyles } from './customer-portal.styles.js';
import { SeenTickets } from './seen.js';

/** The portal's views: the customer's tickets (one of them, when `ticket` is set), filing one, knowledge articles. */
export type PortalView = 'tickets' | 'new' | 'articles';
const VIEWS: readonly PortalView[] = ['tickets', 'new', 'articles'];

/** How long typing in the article search must pause before it searches. */
const SEARCH_DELAY_MS = 300;
/** How often "updated 5 minutes ago" is brought up to date while shown. */
const TICK_MS = 60_000;

// The parts load on demand, each its own chunk: the conversation, the article reader, the
// new-ticket form, and the follow-up link's REST client.
const loadTicket = () => import('../portal-ticket/portal-ticket.js');
const loadArticle = () => import('../portal-article/portal-article.js');
const loadNewTicket = () => import('../portal-new-ticket/portal-new-ticket.js');
const loadPublic = () => import('./public-source.js');

/** The origin this module was loaded from: the Plaza server when loaded from `/sdk/plaza.js`. */
function scriptOrigin(): string {
  try {
    const origin = new URL(import.meta.url).origin;
    if (origin !== 'null') return origin;
  } catch {
    // import.meta.url is not a URL (some bundlers rewrite it)
  }
  return location.origin;
}

/**
 * @tag plaza-customer-portal
 * @summary A customer's support portal: their tickets with live status and news, filing a
 * new ticket (with suggested articles while the subject is typed), the conversation of a
 * ticket (reply, reopen, close, rating), and the knowledge articles.
 *
 * @description Put it inside a `<plaza-provider>` whose token has `kind: customer` (or give
 * it a `.client`). The ticket list and an open ticket stay live: an agent's reply or a
 * status change shows at once, announced to screen readers, and tickets with news the
 * customer has not opened carry a marker and count in the "My tickets" badge (remembered
 * per browser). New tickets are checked with the server's own rules; files upload with
 * progress. Articles are searched in Chinese and English and read as safe Markdown; every
 * text a customer or agent wrote is only ever rendered as text.
 *
 * Without a sign-in, a page whose address ends in `#plaza-ticket=<id>:<token>` (the
 * follow-up link `<plaza-ticket-form>` gives) shows that one ticket through the public
 * routes: its conversation, replies with files, reopen, close and rating, refreshed every
 * 15 seconds while the page is visible.
 *
 * Keyboard: the views are buttons in a navigation bar; in the ticket and article lists the
 * arrow keys, Home and End move between entries, Enter opens one. Opening a ticket or an
 * article moves focus to its heading, and "Back" returns it to the list. In a reply,
 * Ctrl+Enter (⌘+Enter) sends.
 *
 * @example
 * <plaza-provider url="https://plaza.example.com">
 *   <plaza-customer-portal></plaza-customer-portal>
 * </plaza-provider>
 *
 * @event {PlazaTicketCreatedEvent} plaza-ticket-created - The customer filed a ticket; `detail.ticketId`, `detail.ticket`.
 * @event {PlazaTicketOpenEvent} plaza-ticket-open - The customer opened a ticket (`detail.ticketId`); cancel it to show the ticket your own way.
 *
 * @attr theme - Colour scheme: `light` (default), `dark`, or `auto` to follow the system setting.
 *
 * @csspart nav - The navigation between the views.
 * @csspart ticket - Each ticket in the list.
 * @csspart ticket-form - The new-ticket form.
 * @csspart submit-button - The new-ticket form's submit button.
 * @csspart article - Each article in the article list.
 *
 * @cssproperty --plaza-color-accent - Current view, primary buttons, links, agents' replies.
 * @cssproperty --plaza-color-success - Resolved tickets.
 * @cssproperty --plaza-color-warning - Tickets waiting for the customer.
 * @cssproperty --plaza-color-danger - Errors, the news marker.
 * @cssproperty --plaza-color-surface - Background.
 * @cssproperty --plaza-color-surface-subtle - Customer messages, hover.
 * @cssproperty --plaza-color-border - Borders.
 * @cssproperty --plaza-color-text - Text.
 * @cssproperty --plaza-color-text-muted - Secondary text.
 * @cssproperty --plaza-focus-ring - Focus outline.
 */
export class PlazaCustomerPortal extends PlazaElement {
  static override styles = [themeStyles, taskBaseStyles, portalSharedStyles, customerPortalStyles];

  /** `tickets`, `new` or `articles`; follows the customer's choice. */
  @property({ reflect: true }) view: PortalView = 'tickets';
  /** Id of the open ticket (in the `tickets` view); follows the customer's choice. */
  @property({ reflect: true }) ticket: string | null = null;
  /** Id of the open article (in the `articles` view); follows the customer's choice. */
  @property({ reflect: true }) article: string | null = null;
  /** The category the new-ticket form starts with. */
  @property() category = '';
  /** The Plaza server, for follow-up links (no sign-in); defaults to the origin the script was loaded from. */
  @property() url = '';

  /** The ticket a follow-up link in the address names, if any. */
  @state() private followed: FollowUpTicket | null = null;
  @state() private followInvalid = false;
  /** The followed ticket, once its chunk has loaded. */
  @state() private publicSource: TicketSource | undefined;
  @state() private form: PublicTicketForm | null = null;
  @state() private formFailed = false;
  @state() private query = '';
  @state() private hits: readonly ArticleHit[] | null = null;
  @state() private searched = '';
  @state() private announcement = '';
  @state() private now = Date.now();
  /** The new-ticket form was shown: it stays (hidden) with its draft. */
  private formShown = false;
  /** The view an open article returns to (articles opened from a suggestion go back to the form). */
  @state() private articleFrom: PortalView = 'articles';

  private readonly clientState = new StoreController<ClientState>(this);
  private readonly tickets = new StoreController<readonly CustomerTicket[]>(this);
  private readonly listState = new StoreController<TicketQueueState>(this);
  private list: CustomerTicketList | undefined;
  private listKey = '';
  private seen: SeenTickets | undefined;
  private source: TicketSource | undefined;
  private sourceKey = '';
  private formFor: PlazaClient | undefined;
  private offEvents: Unsubscribe[] = [];
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private searchFor: string | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Each ticket's status as last shown, to announce changes. */
  private statuses = new Map<string, string>();

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.readHash);
    this.readHash();
    this.timer = setInterval(() => (this.now = Date.now()), TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.readHash);
    clearInterval(this.timer);
    clearTimeout(this.searchTimer);
    this.openList('');
    this.follow('');
    this.setFollowed(null);
  }

  /** Opens a ticket of the signed-in customer, as if they had chosen it. Fires no `plaza-ticket-open`. */
  openTicket(ticketId: string): void {
    this.view = 'tickets';
    this.ticket = ticketId;
    this.article = null;
    void this.focusPart(loadTicket(), 'plaza-portal-ticket');
  }

  /** Shows an article, as if the customer had chosen it. */
  openArticle(articleId: string, from: PortalView = 'articles'): void {
    this.articleFrom = from;
    this.view = 'articles';
    this.article = articleId;
    void this.focusPart(loadArticle(), 'plaza-portal-article');
  }

  /** Once a part's chunk has loaded and it shows: focus on its heading (or first field). */
  private async focusPart(loaded: Promise<unknown>, tag: 'plaza-portal-ticket' | 'plaza-portal-article' | 'plaza-portal-new-ticket'): Promise<void> {
    await loaded;
    await this.updateComplete;
    const part = this.renderRoot.querySelector(tag);
    if (part instanceof HTMLElement && 'focusHeading' in part) part.focusHeading();
    else if (part && 'focusFirst' in part) part.focusFirst();
  }

  private readonly readHash = (): void => {
    const hash = location.hash;
    const followed = followUpTicket(hash);
    this.followInvalid = !followed && hash.startsWith('#plaza-ticket=');
    if (followed?.id !== this.followed?.id || followed?.accessToken !== this.followed?.accessToken) this.setFollowed(followed);
  };

  private setFollowed(followed: FollowUpTicket | null): void {
    this.publicSource?.dispose();
    this.publicSource = undefined;
    this.followed = followed;
    if (!followed) return;
    const url = this.url || scriptOrigin();
    void Promise.all([loadPublic(), loadTicket()]).then(([{ publicTicketSource, publicTicketForm }]) => {
      if (this.followed !== followed) return;
      this.publicSource = publicTicketSource(url, followed);
      publicTicketForm(url, followed.tenant).then(
        (form) => (this.form ??= form),
        () => undefined,
      );
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client')) this.attach(this.client);
    const session = this.clientState.value?.session;
    const customer = session?.user.kind === 'customer';
    const listKey = this.isConnected && customer && !this.followed ? `${session.tenant.id}\n${session.user.id}` : '';
    if (listKey !== this.listKey) this.openList(listKey);
    this.follow(listKey && this.view === 'tickets' && this.ticket ? this.ticket : '');
    if (listKey && this.clientState.value?.status === 'online' && this.formFor !== this.client) void this.loadForm();
    if (listKey && this.view === 'articles' && !this.article && this.searchFor === null) this.search('');
    if (listKey && this.view === 'new') void loadNewTicket();
    this.noteNews();
  }

  private attach(client: PlazaClient | undefined): void {
    for (const off of this.offEvents.splice(0)) off();
    this.clientState.setStore(client?.state);
    this.listKey = '\n';
    this.formFor = undefined;
    if (!client) return;
    this.offEvents.push(
      client.on('ticket:customer:message', (message) => {
        if (message.author.kind === 'customer' || message.ticketId === this.ticket) return;
        const ticket = this.tickets.value?.find((t) => t.id === message.ticketId);
        if (ticket) this.announcement = this.localize.term('portalAnnounceReply', message.author.name, ticket.subject);
      }),
    );
  }

  private openList(key: string): void {
    this.list?.close();
    this.listKey = key;
    this.list = key ? this.client?.tickets.customer.mine() : undefined;
    this.tickets.setStore(this.list?.tickets);
    this.listState.setStore(this.list?.state);
    this.seen = key ? new SeenTickets(`plaza-portal-seen:${key.replace('\n', ':')}`) : undefined;
    this.statuses = new Map();
    this.formShown = false;
  }

  private follow(ticketId: string): void {
    if (ticketId === this.sourceKey) return;
    this.source?.dispose();
    this.sourceKey = ticketId;
    this.source = ticketId && this.client ? clientTicketSource(this.client, ticketId) : undefined;
    if (ticketId) void loadTicket();
  }

  private async loadForm(): Promise<void> {
    const client = this.client!;
    this.formFor = client;
    this.formFailed = false;
    try {
      const form = await client.tickets.customer.form();
      if (client === this.client) this.form = form;
    } catch {
      if (client === this.client) this.formFailed = true;
    }
  }

  /** Marks the open ticket seen, remembers what was seen, and announces status changes of the others. */
  private noteNews(): void {
    const seen = this.seen;
    const tickets = this.tickets.value;
    if (!seen || !tickets || !this.listState.value?.loaded) return;
    let changed = false;
    for (const ticket of tickets) {
      if (ticket.id === this.sourceKey) changed = seen.mark(ticket.id, ticket.updatedAt) || changed;
      const before = this.statuses.get(ticket.id);
      if (before !== undefined && before !== ticket.status && ticket.id !== this.sourceKey) {
        this.announcement = this.localize.term('portalAnnounceStatus', ticket.subject, this.localize.term(`portalStatus_${ticket.status}`));
      }
      this.statuses.set(ticket.id, ticket.status);
      changed = seen.isNew(ticket.id, ticket.updatedAt) || changed;
    }
    seen.save(tickets.map((t) => t.id));
  }

  // ——— rendering ———

  protected override render() {
    const t = this.localize.term.bind(this.localize);
    if (this.followed || this.followInvalid) return this.renderFollowed();
    const clientState = this.clientState.value;
    const user = clientState?.session?.user;
    if (!user) {
      return html`<p class="empty muted" role="status">${clientState?.status === 'connecting' ? t('portalLoading') : t('portalSignedOut')}</p>`;
    }
    if (user.kind !== 'customer') return html`<p class="empty" role="alert">${t('portalCustomersOnly')}</p>`;
    return html`
      ${this.renderNav()}
      ${clientState.status === 'online' ? nothing : html`<p class="banner" role="status">${t('portalReconnecting')}</p>`}
      <div class="body">${this.renderView()}</div>
      <p class="visually-hidden" role="status">${this.announcement}</p>
    `;
  }

  private renderNav() {
    const t = this.localize.term.bind(this.localize);
    const unread = this.unreadCount();
    const tab = (view: PortalView, label: string, extra: unknown = nothing) =>
      html`<button type="button" class="tab" data-view=${view} aria-current=${this.view === view ? 'page' : 'false'} @click=${() => this.show(view)}>${label}${extra}</button>`;
    return html`<nav part="nav" class="nav" aria-label=${t('portalLabel')}>
      ${tab(
        'tickets',
        t('portalTabTickets'),
        unread ? html` <span class="count" aria-hidden="true">${unread}</span><span class="visually-hidden">, ${t('portalUnread', unread)}</span>` : nothing,
      )}
      ${tab('new', t('portalTabNew'))} ${tab('articles', t('portalTabArticles'))}
    </nav>`;
  }

  private renderView() {
    // The form stays in the page once shown, so a draft survives a look at a suggested article.
    if (this.view === 'new') this.formShown = true;
    return html`${this.formShown ? this.renderNew() : nothing}${this.view === 'new' ? nothing : this.renderOther()}`;
  }

  private renderOther() {
    if (this.view === 'articles') return this.article ? this.renderArticle(this.article) : this.renderArticles();
    return this.ticket ? this.renderTicket() : this.renderList();
  }

  private renderList() {
    const t = this.localize.term.bind(this.localize);
    const state = this.listState.value;
    if (state?.error && !state.loaded) {
      return html`<div class="empty" role="alert">
        <p>${t('portalLoadFailed')}</p>
        <button type="button" class="btn" @click=${() => this.list?.load().catch(() => undefined)}>${t('portalTryAgain')}</button>
      </div>`;
    }
    if (!state?.loaded) return html`<p class="empty muted" role="status">${t('portalLoading')}</p>`;
    const tickets = this.tickets.value ?? [];
    if (tickets.length === 0) {
      return html`<div class="empty">
        <p class="empty-title">${t('portalEmpty')}</p>
        <p class="muted">${t('portalEmptyHint')}</p>
        <button type="button" class="btn btn--primary" @click=${() => this.show('new')}>${t('portalTabNew')}</button>
      </div>`;
    }
    return html`<h2 class="visually-hidden">${t('portalTabTickets')}</h2>
      <ul class="rows" aria-label=${t('portalTabTickets')} @keydown=${this.handleListKey}>
        ${tickets.map((ticket) => {
          const news = this.seen?.isNew(ticket.id, ticket.updatedAt) ?? false;
          return html`<li>
            <button type="button" part="ticket" class="row ${news ? 'row--news' : ''}" data-id=${ticket.id} data-status=${ticket.status} @click=${() => this.choose(ticket.id)}>
              <span class="row-top">
                <span class="subject">${ticket.subject}</span>
                ${news ? html`<span class="news"><span aria-hidden="true">●</span> ${t('portalUnreadMark')}</span>` : nothing}
              </span>
              <span class="meta muted">
                <span class="badge badge--${ticket.status}">${t(`portalStatus_${ticket.status}`)}</span>
                <span>${categoryLabel(ticket.category, this.localize)}</span>
                <time datetime=${ticket.updatedAt}>${t('portalUpdated', relativeTime(ticket.updatedAt, this.localize.lang, this.now))}</time>
                <span>${t('portalMessageCount', ticket.messageCount)}</span>
              </span>
            </button>
          </li>`;
        })}
      </ul>`;
  }

  private renderTicket() {
    return html`<plaza-portal-ticket
      back
      .client=${this.client}
      .source=${this.source}
      .form=${this.form}
      @portal-back=${() => this.backTo('tickets', this.ticket)}
    ></plaza-portal-ticket>`;
  }

  private renderNew() {
    const t = this.localize.term.bind(this.localize);
    if (this.formFailed) {
      return html`<div class="empty" role="alert" ?hidden=${this.view !== 'new'}>
        <p>${t('portalFormFailed')}</p>
        <button type="button" class="btn" @click=${() => void this.loadForm()}>${t('portalTryAgain')}</button>
      </div>`;
    }
    return html`<plaza-portal-new-ticket
      ?hidden=${this.view !== 'new'}
      exportparts="ticket-form, submit-button"
      .client=${this.client}
      .form=${this.form}
      category=${this.category}
      @plaza-ticket-created=${this.handleCreated}
      @portal-open-article=${(e: CustomEvent<string>) => this.openArticle(e.detail, 'new')}
    ></plaza-portal-new-ticket>`;
  }

  private renderArticles() {
    const t = this.localize.term.bind(this.localize);
    const hits = this.hits;
    return html`<section class="articles" aria-labelledby="articles-heading">
      <h2 id="articles-heading">${t('portalTabArticles')}</h2>
      <form class="search" role="search" @submit=${this.handleSearch}>
        <label class="visually-hidden" for="article-search">${t('portalSearch')}</label>
        <input id="article-search" type="search" placeholder=${t('portalSearchPlaceholder')} .value=${this.query} @input=${this.handleQuery} />
        <button class="btn btn--primary">${t('portalSearchButton')}</button>
      </form>
      <p class="muted summary" role="status">
        ${hits === null ? t('portalLoading') : this.searched ? t('portalResults', hits.length, this.searched) : t('portalLatest')}
      </p>
      ${hits && hits.length === 0 ? html`<p class="empty muted">${t('portalNoArticles')}</p>` : nothing}
      <ul class="rows" @keydown=${this.handleListKey}>
        ${(hits ?? []).map(
          (hit) => html`<li>
            <button type="button" part="article" class="row" data-id=${hit.id} @click=${() => this.openArticle(hit.id)}>
              <span class="subject">${hit.title}</span>
              ${hit.excerpt ? html`<span class="excerpt muted">${hit.excerpt}</span>` : nothing}
            </button>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  private renderArticle(articleId: string) {
    return html`<plaza-portal-article
      .client=${this.client}
      .articleId=${articleId}
      @portal-back=${() => this.backTo(this.articleFrom, articleId)}
      @portal-new-ticket=${() => this.show('new')}
    ></plaza-portal-article>`;
  }

  private renderFollowed() {
    const t = this.localize.term.bind(this.localize);
    if (this.followInvalid) return html`<p class="empty" role="alert">${t('portalFollowInvalid')}</p>`;
    return html`<div class="body">
      <p class="eyebrow muted">${t('portalFollowHeading')}</p>
      ${this.publicSource
        ? html`<plaza-portal-ticket .source=${this.publicSource} .form=${this.form}></plaza-portal-ticket>`
        : html`<p class="empty muted" role="status">${t('portalLoading')}</p>`}
    </div>`;
  }

  // ——— actions ———

  private unreadCount(): number {
    const seen = this.seen;
    if (!seen) return 0;
    return (this.tickets.value ?? []).filter((ticket) => seen.isNew(ticket.id, ticket.updatedAt)).length;
  }

  private show(view: PortalView): void {
    if (!VIEWS.includes(view)) return;
    this.view = view;
    this.ticket = null;
    this.article = null;
    if (view === 'new') void this.focusPart(loadNewTicket(), 'plaza-portal-new-ticket');
  }

  /** Back from an open ticket or article to the view it came from, to the entry it was. */
  private backTo(view: PortalView, fromId: string | null): void {
    this.show(view);
    void this.updateComplete.then(() => {
      const selector = view === 'new' ? '' : `.row[data-id="${CSS.escape(fromId ?? '')}"]`;
      (selector ? this.renderRoot.querySelector<HTMLElement>(selector) : null)?.focus();
    });
  }

  private choose(ticketId: string): void {
    if (this.dispatchEvent(new PlazaTicketOpenEvent({ ticketId }))) this.openTicket(ticketId);
  }

  private readonly handleCreated = (event: PlazaTicketCreatedEvent): void => {
    const { ticket } = event.detail;
    if (!ticket) return;
    this.announcement = this.localize.term('portalCreated', ticket.subject);
    this.openTicket(ticket.id);
  };

  private readonly handleListKey = (event: KeyboardEvent): void => {
    const rows = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('.row')];
    const at = rows.indexOf(event.target as HTMLElement);
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 }[event.key];
    if (at < 0 || next === undefined) return;
    event.preventDefault();
    rows[Math.max(0, Math.min(rows.length - 1, next))]?.focus();
  };

  private readonly handleQuery = (event: Event): void => {
    this.query = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.search(this.query), SEARCH_DELAY_MS);
  };

  private readonly handleSearch = (event: Event): void => {
    event.preventDefault();
    clearTimeout(this.searchTimer);
    this.search(this.query);
  };

  private search(query: string): void {
    const text = query.trim();
    if (text === this.searchFor || !this.client) return;
    this.searchFor = text;
    this.client.knowledge.search(text, { limit: 20 }).then(
      (hits) => {
        // Only the latest search shows: an older, slower answer is dropped.
        if (text !== this.searchFor) return;
        this.hits = hits;
        this.searched = text;
      },
      () => {
        if (text !== this.searchFor) return;
        this.searchFor = null;
        this.hits = [];
        this.searched = text;
      },
    );
  }
}
