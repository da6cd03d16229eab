import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { DEFAULT_TICKET_CATEGORIES, TICKET_STATUSES } from '@plaza/protocol';
import type {
  AgentTicketsApi,
  ClientState,
  PlazaClient,
  Ticket,
  TicketAgent,
  TicketQueue,
  TicketQueueQuery,
  TicketQueueState,
  TicketStatus,
  Unsubscribe,
} from '@plaza/sdk';
// The SDK capability the element uses: a client from `@plaza/sdk/core` (the provider's)
// gets it when this chunk loads.
import { searchMatches } from '@plaza/sdk/tickets';
import { PlazaElement } from '../../base/plaza-element.js';
import { StoreController } from '../../controllers/store-controller.js';
import { themeStyles } from '../../styles/theme.js';
import { taskBaseStyles } from '../../tasks/shared/styles.js';
import { PlazaTicketOpenEvent } from '../events/ticket-inbox-events.js';
import { categoryName, relativeTime, slaBadge } from '../shared/format.js';
import '../translations/inbox.js';
import { ticketInboxStyles } from './ticket-inbox.styles.js';

/** The statuses a ticket still needs work in: the inbox's default status filter. */
const ACTIVE: readonly TicketStatus[] = ['new', 'open', 'pending_customer'];
/** The queues every agent has, before the categories. */
const QUEUES = ['all', 'mine', 'unassigned', 'breaching'] as const;
/** Queues whose size shows beside them. */
const COUNTED = ['mine', 'unassigned', 'breaching'] as const;
/** How often due-in times and breaches are re-evaluated while shown. */
const TICK_MS = 30_000;

/** A queue's criteria: `all`, `mine`, `unassigned`, `breaching` or `category:NAME`. */
function queueQuery(queue: string): TicketQueueQuery {
  if (queue.startsWith('category:')) return { category: queue.slice(9) };
  return { mine: { assignee: 'me' }, unassigned: { assignee: 'none' }, breaching: { breached: true } }[queue] ?? {};
}

/** The statuses of the `status` attribute: `active`, `any`, or one status. */
function statusQuery(status: string): readonly TicketStatus[] | undefined {
  if (status === 'any') return undefined;
  return (TICKET_STATUSES as readonly string[]).includes(status) ? [status as TicketStatus] : ACTIVE;
}

/**
 * @tag plaza-ticket-inbox
 * @summary The support agents' ticket inbox: queues, a live ticket list with SLA badges,
 * and the ticket's conversation with replies, internal notes and status, priority and
 * assignee controls.
 *
 * @description Put it inside a `<plaza-provider>` (or give it a `.client`); the user needs
 * the `agent` role, everyone else sees a "not available" notice. Queues: all tickets, the
 * agent's own, unassigned ones, those past an SLA target, and one per category, narrowed by
 * status (`active`: new, open and waiting for the customer) and a search over subject,
 * customer and id. New tickets and changes arrive live; due times count down and a ticket
 * that breaches its SLA is marked in words as well as colour. Ticket text is only ever
 * rendered as text (messages as safe Markdown). On narrow screens the list and the open
 * ticket stack, with a way back.
 *
 * Keyboard: the ticket list is one Tab stop; arrow keys, Home and End move through it,
 * Enter or Space opens a ticket. In the reply box Ctrl+Enter (⌘+Enter) sends.
 *
 * @example
 * <plaza-provider url="https://plaza.example.com">
 *   <plaza-ticket-inbox queue="unassigned"></plaza-ticket-inbox>
 * </plaza-provider>
 *
 * @event {PlazaTicketOpenEvent} plaza-ticket-open - The agent opened a ticket (`detail.ticketId`); cancel it to show it your own way.
 * @event {PlazaTicketUpdatedEvent} plaza-ticket-updated - A change the agent made was stored; `detail.ticket`.
 * @event {PlazaTicketMessageEvent} plaza-ticket-message - A reply or internal note was stored; `detail.message`.
 *
 * @csspart ticket - Each ticket in the list.
 * @csspart queue - Each queue button.
 * @csspart ticket-detail - The open ticket (conversation and reply box).
 *
 * @cssproperty --plaza-ticket-inbox-height - The element's height (default `640px`); or size the element itself.
 * @cssproperty --plaza-color-accent - Selected queue and ticket, primary buttons.
 * @cssproperty --plaza-color-danger - Breached SLAs, urgent priority, errors.
 * @cssproperty --plaza-color-warning - SLA targets due within the hour; internal notes.
 * @cssproperty --plaza-color-surface - Background.
 * @cssproperty --plaza-color-surface-subtle - Queue column, customer messages.
 * @cssproperty --plaza-color-border - Borders.
 * @cssproperty --plaza-color-text - Text.
 * @cssproperty --plaza-color-text-muted - Secondary text.
 * @cssproperty --plaza-focus-ring - Focus outline.
 */
export class PlazaTicketInbox extends PlazaElement {
  static override styles = [themeStyles, taskBaseStyles, ticketInboxStyles];

  /** `all`, `mine`, `unassigned`, `breaching` or `category:NAME`; follows the agent's choice. */
  @property({ reflect: true }) queue = 'all';
  /** `active` (new, open, waiting for the customer), `any`, or one status; follows the agent's choice. */
  @property({ reflect: true }) status = 'active';
  /** Id of the open ticket; follows the agent's choice. */
  @property({ reflect: true }) ticket: string | null = null;
  /** The tenant's categories, comma separated; default the standard ones plus those seen on tickets. */
  @property() categories: string | null = null;

  @state() private search = '';
  @state() private announcement = '';
  /** Keyboard focus in the ticket list (roving tabindex). */
  @state() private focusId: string | null = null;
  @state() private now = Date.now();

  private readonly clientState = new StoreController<ClientState>(this);
  private readonly tickets = new StoreController<readonly Ticket[]>(this);
  private readonly queueState = new StoreController<TicketQueueState>(this);
  private readonly agents = new StoreController<readonly TicketAgent[]>(this);
  private readonly counts = COUNTED.map((name) => ({ name, tickets: new StoreController<readonly Ticket[]>(this), state: new StoreController<TicketQueueState>(this) }));

  private view: TicketQueue | undefined;
  private countViews: TicketQueue[] = [];
  private viewKey = '';
  private countKey = '';
  private offEvents: Unsubscribe[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly categoriesSeen = new Set<string>();
  private agentsAsked: AgentTicketsApi | undefined;

  private get api(): AgentTicketsApi | undefined {
    return this.client?.tickets.agent;
  }

  /** Whether the signed-in user may work tickets (null while not known). */
  private get isAgent(): boolean | null {
    const user = this.clientState.value?.session?.user;
    if (!user) return null;
    return user.kind === 'member' && user.roles.includes('agent') && this.queueState.value?.error?.code !== 'forbidden';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => (this.now = Date.now()), TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
    this.openView('');
    this.openCounts('');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client')) this.attach(this.client);
    const user = this.clientState.value?.session?.user;
    const allowed = user?.kind === 'member' && user.roles.includes('agent');
    const key = this.isConnected && allowed ? JSON.stringify([this.queue, this.status, user.id]) : '';
    if (key !== this.viewKey) this.openView(key);
    const countKey = this.isConnected && allowed ? user.id : '';
    if (countKey !== this.countKey) this.openCounts(countKey);
    const api = this.api;
    if (allowed && this.clientState.value?.status === 'online' && api && this.agentsAsked !== api) {
      this.agentsAsked = api;
      api.loadAgents().catch(() => (this.agentsAsked = undefined));
    }
    for (const ticket of this.tickets.value ?? []) this.categoriesSeen.add(ticket.category);
  }

  private attach(client: PlazaClient | undefined): void {
    for (const off of this.offEvents.splice(0)) off();
    this.clientState.setStore(client?.state);
    this.agents.setStore(client?.tickets.agent.agents);
    this.agentsAsked = undefined;
    this.viewKey = '';
    this.countKey = '';
    if (!client) return;
    this.offEvents.push(
      client.on('ticket:notice', ({ kind, ticket }) => {
        this.announcement = this.localize.term(kind === 'ticket.created' ? 'inboxNewTicket' : 'inboxAssignedToYou', ticket.subject);
      }),
    );
  }

  /** Opens the shown queue for `key`, then closes the previous one (a queue both share stays loaded); none for ''. */
  private openView(key: string): void {
    this.viewKey = key;
    const previous = this.view;
    const status = statusQuery(this.status);
    this.view = key ? this.api?.queue({ ...queueQuery(this.queue), ...(status ? { status } : {}) }) : undefined;
    previous?.close();
    this.tickets.setStore(this.view?.tickets);
    this.queueState.setStore(this.view?.state);
  }

  /** Opens the queues whose sizes show beside them, once per signed-in agent; none for ''. */
  private openCounts(key: string): void {
    this.countKey = key;
    const previous = this.countViews.splice(0);
    const api = key ? this.api : undefined;
    for (const count of this.counts) {
      const view = api?.queue({ ...queueQuery(count.name), status: ACTIVE });
      if (view) this.countViews.push(view);
      count.tickets.setStore(view?.tickets);
      count.state.setStore(view?.state);
    }
    for (const view of previous) view.close();
  }

  // ——— rendering ———

  protected override render() {
    const t = this.localize.term.bind(this.localize);
    const agent = this.isAgent;
    if (agent === false) {
      return html`<section class="unavailable" role="status">
        <h2>${t('inboxNotAvailable')}</h2>
        <p>${t('inboxNotAgent')}</p>
      </section>`;
    }
    const status = this.clientState.value?.status;
    return html`
      <div class="inbox" data-view=${this.ticket ? 'ticket' : 'list'}>
        ${this.renderQueues()}
        <section class="list" aria-labelledby="list-label">
          <div class="bar">
            <input
              type="search"
              class="search"
              aria-label=${t('inboxSearch')}
              title=${t('inboxSearch')}
              placeholder=${t('inboxSearchPlaceholder')}
              .value=${this.search}
              @input=${(e: Event) => (this.search = (e.target as HTMLInputElement).value)}
            />
            <select aria-label=${t('inboxStatusFilter')} @change=${(e: Event) => (this.status = (e.target as HTMLSelectElement).value)}>
              ${this.statusOptions()}
            </select>
          </div>
          ${status === 'online' || !status ? nothing : html`<p class="banner" role="status">${t('inboxReconnecting')}</p>`}
          ${this.renderList()}
        </section>
        <section class="detail">${this.renderDetail()}</section>
      </div>
      <p class="sr-only" role="status" aria-live="polite">${this.announcement}</p>
    `;
  }

  private renderQueues() {
    const t = this.localize.term.bind(this.localize);
    const queueButton = (queue: string, label: string) => {
      const count = this.counts.find((c) => c.name === queue);
      const size = count?.tickets.value?.length;
      const more = count?.state.value?.hasMore ?? false;
      return html`<li>
        <button class="queue" part="queue" data-queue=${queue} aria-current=${this.queue === queue ? 'true' : 'false'} @click=${() => this.pickQueue(queue)}>
          <span class="queue-name">${label}</span>
          ${count && size !== undefined && count.state.value?.loaded
            ? html`<span class="count ${queue === 'breaching' && size > 0 ? 'count--alert' : ''}" aria-label=${t('inboxQueueCount', size, more)}>${size}${more ? '+' : ''}</span>`
            : nothing}
        </button>
      </li>`;
    };
    return html`<nav class="queues" aria-label=${t('inboxQueues')}>
      <h2 class="heading">${t('inboxLabel')}</h2>
      <ul>
        ${QUEUES.map((queue) => queueButton(queue, t(`inboxQueue_${queue}`)))}
      </ul>
      <h3 class="subheading">${t('inboxCategories')}</h3>
      <ul>
        ${this.categoryList().map((category) => queueButton(`category:${category}`, categoryName(category, this.localize)))}
      </ul>
    </nav>`;
  }

  private categoryList(): string[] {
    const given = this.categories?.split(',').map((c) => c.trim()).filter(Boolean);
    if (given && given.length > 0) return given;
    return [...new Set([...DEFAULT_TICKET_CATEGORIES, ...this.categoriesSeen])];
  }

  private statusOptions() {
    const t = this.localize.term.bind(this.localize);
    const option = (value: string, label: string) => html`<option value=${value} ?selected=${this.status === value}>${label}</option>`;
    return html`${option('active', t('inboxStatusActive'))}${option('any', t('inboxStatusAll'))}
    ${TICKET_STATUSES.map((s) => option(s, t(`ticketStatus_${s}`)))}`;
  }

  private queueLabel(): string {
    const t = this.localize.term.bind(this.localize);
    if (this.queue.startsWith('category:')) return categoryName(this.queue.slice(9), this.localize);
    return (QUEUES as readonly string[]).includes(this.queue) ? t(`inboxQueue_${this.queue as (typeof QUEUES)[number]}`) : this.queue;
  }

  private renderList() {
    const t = this.localize.term.bind(this.localize);
    const state = this.queueState.value;
    const label = html`<h3 id="list-label" class="sr-only">${t('inboxTicketsIn', this.queueLabel())}</h3>`;
    if (state?.error && !state.loaded) {
      return html`${label}<div class="empty">
          <p>${t('inboxLoadFailed')}</p>
          <button class="btn" @click=${() => this.view?.load().catch(() => undefined)}>${t('inboxTryAgain')}</button>
        </div>`;
    }
    if (!state?.loaded) return html`${label}<p class="empty muted" role="status">${t('inboxLoading')}</p>`;
    const tickets = this.shown();
    const focus = tickets.some((ticket) => ticket.id === this.focusId) ? this.focusId : (tickets.find((ticket) => ticket.id === this.ticket) ?? tickets[0])?.id;
    return html`${label}
      ${tickets.length === 0 ? html`<p class="empty muted">${t(this.search.trim() ? 'inboxEmptySearch' : 'inboxEmpty')}</p>` : nothing}
      <div class="rows" role="listbox" aria-labelledby="list-label" ?hidden=${tickets.length === 0} @keydown=${this.handleListKey}>
        ${tickets.map((ticket) => this.renderRow(ticket, ticket.id === focus))}
      </div>
      ${state.hasMore
        ? html`<button class="btn more" ?disabled=${state.loading} @click=${() => this.view?.loadMore().catch(() => undefined)}>${t('inboxLoadMore')}</button>`
        : nothing}`;
  }

  private renderRow(ticket: Ticket, focusable: boolean) {
    const t = this.localize.term.bind(this.localize);
    const badge = slaBadge(ticket, this.localize, this.now);
    const assignee = ticket.assignee ? (this.agents.value?.find((a) => a.id === ticket.assignee)?.name ?? ticket.assignee) : t('inboxUnassigned');
    return html`<div
      class="row"
      role="option"
      part="ticket"
      id=${`ticket-${ticket.id}`}
      data-id=${ticket.id}
      data-sla=${badge?.state ?? 'met'}
      data-status=${ticket.status}
      aria-selected=${ticket.id === this.ticket ? 'true' : 'false'}
      tabindex=${focusable ? '0' : '-1'}
      @click=${() => this.open(ticket.id)}
      @focus=${() => (this.focusId = ticket.id)}
    >
      <span class="subject">${ticket.subject}</span>
      <span class="meta">
        <span class="customer">${ticket.customer.name}</span>
        <span class="chip status-chip" data-status=${ticket.status}>${t(`ticketStatus_${ticket.status}`)}</span>
        ${ticket.priority === 'normal' ? nothing : html`<span class="chip chip--${ticket.priority}">${t(`ticketPriority_${ticket.priority}`)}</span>`}
        ${badge ? html`<span class="chip sla sla--${badge.state}" title=${badge.title}>${badge.text}</span>` : nothing}
      </span>
      <span class="meta muted">
        <span class="assignee">${assignee}</span>
        <time datetime=${ticket.updatedAt}>${t('inboxUpdated', relativeTime(ticket.updatedAt, this.localize.lang, this.now))}</time>
      </span>
    </div>`;
  }

  private renderDetail() {
    const t = this.localize.term.bind(this.localize);
    if (!this.ticket) return html`<p class="empty muted pick">${t('inboxPickTicket')}</p>`;
    // The detail (conversation, Markdown renderer, uploads) is its own chunk, loaded the
    // first time a ticket is opened; the element upgrades in place when it arrives.
    void import('../ticket-detail/ticket-detail.js');
    return html`<button class="btn back" @click=${this.back}>← ${t('inboxBack')}</button>
      <plaza-ticket-detail part="ticket-detail" .client=${this.client} .ticketId=${this.ticket} .agents=${this.agents.value ?? []}></plaza-ticket-detail>`;
  }

  /** The queue's tickets the search leaves. */
  private shown(): readonly Ticket[] {
    const search = this.search.trim().replace(/\s+/g, ' ');
    const tickets = this.tickets.value ?? [];
    return search ? tickets.filter((ticket) => searchMatches(search, ticket)) : tickets;
  }

  // ——— actions ———

  private pickQueue(queue: string): void {
    this.queue = queue;
    this.focusId = null;
  }

  private open(ticketId: string): void {
    this.focusId = ticketId;
    if (!this.dispatchEvent(new PlazaTicketOpenEvent({ ticketId }))) return;
    this.ticket = ticketId;
    void this.updateComplete.then(() => this.focusDetailIfStacked());
  }

  /** On narrow screens the list gives way to the ticket: focus follows, so it is not lost. */
  private async focusDetailIfStacked(): Promise<void> {
    const list = this.renderRoot.querySelector<HTMLElement>('.list');
    if (!list || getComputedStyle(list).display !== 'none') return;
    await customElements.whenDefined('plaza-ticket-detail');
    this.renderRoot.querySelector('plaza-ticket-detail')?.focusHeading();
  }

  private readonly back = (): void => {
    const id = this.ticket;
    this.ticket = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-id="${CSS.escape(id ?? '')}"]`)?.focus());
  };

  private readonly handleListKey = (event: KeyboardEvent): void => {
    const rows = [...this.renderRoot.querySelectorAll<HTMLElement>('.row')];
    const at = rows.findIndex((row) => row === this.renderRoot.querySelector('.row:focus'));
    if (at === -1) return;
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 }[event.key];
    if (next !== undefined) {
      event.preventDefault();
      const row = rows[Math.max(0, Math.min(rows.length - 1, next))];
      this.focusId = row.dataset.id ?? null;
      row.focus();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.open(rows[at].dataset.id!);
    }
  };
}
