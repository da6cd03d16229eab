import { html, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { TICKET_PRIORITIES, TICKET_TRANSITIONS } from '@plaza/protocol';
import type { AgentTicketsApi, Attachment, Ticket, TicketAgent, TicketDetailView, TicketMessage, TicketPriority, TicketStatus, TicketUpdate, TicketViewState } from '@plaza/sdk';
// Replies upload their files through the files capability, which the detail's chunk brings.
import '@plaza/sdk/files';
import { PlazaElement } from '../../base/plaza-element.js';
import { renderMarkdown } from '../../chat/markdown/markdown.js';
import { StoreController } from '../../controllers/store-controller.js';
import { formatDue } from '../../tasks/shared/format.js';
import { taskBaseStyles } from '../../tasks/shared/styles.js';
import { PlazaTicketMessageEvent, PlazaTicketUpdatedEvent } from '../events/ticket-inbox-events.js';
import { categoryName, relativeTime, slaBadge } from '../shared/format.js';
import '../translations/detail.js';
import { ticketDetailStyles } from './ticket-detail.styles.js';

/** Statuses an agent may leave a ticket in with a public reply. */
const REPLY_STATUSES: readonly TicketStatus[] = ['pending_customer', 'resolved', 'closed'];

/** A padlock for internal notes (decorative: the label says "Internal"). */
const lockIcon = svg`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"><rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/></svg>`;

/** The ticket's fields the header's controls change. */
type ControlField = 'status' | 'priority' | 'assignee';

/** A file being uploaded for the reply, or uploaded and waiting to be sent. */
interface Upload {
  key: number;
  name: string;
  id: string | null;
}

/**
 * @tag plaza-ticket-detail
 * @summary The inbox's open ticket: header with status, priority and assignee, the
 * conversation (customer messages, agent replies and internal notes told apart), and the
 * reply box with its internal-note switch.
 *
 * @description Used inside `<plaza-ticket-inbox>`. Changes are not optimistic: a control
 * shows the stored value, and a refusal is said in words.
 *
 * @event {PlazaTicketUpdatedEvent} plaza-ticket-updated - A status, priority or assignee change was stored.
 * @event {PlazaTicketMessageEvent} plaza-ticket-message - A reply or note was stored.
 */
export class PlazaTicketDetail extends PlazaElement {
  static override styles = [taskBaseStyles, ticketDetailStyles];

  @property({ attribute: false }) ticketId = '';
  /** The tenant's agents: the assignee choices and their names. */
  @property({ attribute: false }) agents: readonly TicketAgent[] = [];

  @state() private draft = '';
  @state() private internal = false;
  @state() private thenStatus: TicketStatus | '' = '';
  @state() private uploads: readonly Upload[] = [];
  @state() private sending = false;
  @state() private notice = '';
  @state() private urls: ReadonlyMap<string, string> = new Map();

  private readonly ticket = new StoreController<Ticket | null>(this);
  private readonly messages = new StoreController<readonly TicketMessage[]>(this);
  private readonly viewState = new StoreController<TicketViewState>(this);
  private detail: TicketDetailView | undefined;
  private detailFor = '';
  private readonly urlsAsked = new Set<string>();
  private uploadKeys = 0;
  /** Messages shown at the last render (-1: none yet), and whether the view was at the newest. */
  private shownCount = -1;
  private atNewest = true;

  private get api(): AgentTicketsApi | undefined {
    return this.client?.tickets.agent;
  }

  /** Moves focus to the ticket's subject (the inbox does when the list gives way to it). */
  focusHeading(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.subject')?.focus());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.follow('');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const key = this.isConnected && this.api ? this.ticketId : '';
    if (changed.has('client') || key !== this.detailFor) this.follow(key);
    const scroller = this.renderRoot.querySelector('.scroll');
    this.atNewest = !scroller || scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 48;
    const ticket = this.ticket.value;
    for (const file of [...(ticket?.attachments ?? []), ...(this.messages.value ?? []).flatMap((m) => m.attachments)]) this.askUrl(file);
  }

  private follow(ticketId: string): void {
    this.detail?.close();
    this.detailFor = ticketId;
    this.detail = ticketId ? this.api?.detail(ticketId) : undefined;
    this.ticket.setStore(this.detail?.ticket);
    this.messages.setStore(this.detail?.messages);
    this.viewState.setStore(this.detail?.state);
    this.draft = '';
    this.internal = false;
    this.thenStatus = '';
    this.uploads = [];
    this.notice = '';
    this.shownCount = -1;
  }

  protected override updated(): void {
    // A select keeps the option the user picked, or the one at the same place once its
    // options changed: show the stored value (also after a refused change).
    for (const select of this.renderRoot.querySelectorAll<HTMLSelectElement>('select[data-field]')) select.value = select.dataset.value ?? '';
    // Like a chat: open at the newest message, and follow new ones unless the agent scrolled up to read.
    const count = this.messages.value?.length ?? 0;
    const scroller = this.renderRoot.querySelector('.scroll');
    if (scroller && count !== this.shownCount) {
      if (this.atNewest || this.shownCount === -1) scroller.scrollTop = scroller.scrollHeight;
      this.shownCount = count;
    }
  }

  private askUrl(file: Attachment): void {
    if (this.urlsAsked.has(file.id) || !this.client) return;
    this.urlsAsked.add(file.id);
    this.client.files.get(file.id).then(
      (info) => (this.urls = new Map(this.urls).set(file.id, info.url)),
      () => this.urlsAsked.delete(file.id),
    );
  }

  // ——— rendering ———

  protected override render() {
    const t = this.localize.term.bind(this.localize);
    const ticket = this.ticket.value;
    const state = this.viewState.value;
    if (!ticket) {
      return state?.error
        ? html`<p class="empty" role="alert">${t('ticketLoadFailed')}</p>`
        : html`<p class="empty muted" role="status">${t('ticketLoading')}</p>`;
    }
    return html`
      <header class="head">
        <h2 class="subject" tabindex="-1">${ticket.subject}</h2>
        <p class="who muted">
          <span>${t('ticketFrom', ticket.customer.name)}</span>
          ${ticket.customer.email ? html`<span class="email">&lt;${ticket.customer.email}&gt;</span>` : nothing}
          · <time datetime=${ticket.createdAt}>${t('ticketOpened', relativeTime(ticket.createdAt, this.localize.lang))}</time>
          · <span>${t('ticketId', ticket.id.slice(-8))}</span>
        </p>
        ${this.renderControls(ticket)}
        ${this.notice
          ? html`<p class="banner banner--error" role="alert">
              ${this.notice} <button class="btn" aria-label=${t('ticketDismiss')} @click=${() => (this.notice = '')}>×</button>
            </p>`
          : nothing}
      </header>
      <div class="scroll">
        ${this.renderFields(ticket)}
        <section aria-label=${t('ticketConversation')}>
          <ol class="messages">
            ${this.renderMessage({
              id: 'description',
              kind: 'customer',
              name: ticket.customer.name,
              text: ticket.description,
              createdAt: ticket.createdAt,
              attachments: ticket.attachments,
              internal: false,
            })}
            ${(this.messages.value ?? []).map((m) =>
              this.renderMessage({
                id: m.id,
                kind: m.author.kind,
                name: m.authorId !== null && m.authorId === this.client?.session?.user.id ? t('ticketYou') : m.author.name,
                text: m.text,
                createdAt: m.createdAt,
                attachments: m.attachments,
                internal: m.visibility === 'internal',
              }),
            )}
          </ol>
        </section>
      </div>
      ${this.renderComposer(ticket)}
    `;
  }

  private renderControls(ticket: Ticket) {
    const t = this.localize.term.bind(this.localize);
    const statuses = [ticket.status, ...TICKET_TRANSITIONS[ticket.status].agent];
    const agents = ticket.assignee && !this.agents.some((a) => a.id === ticket.assignee) ? [...this.agents, { id: ticket.assignee, name: ticket.assignee }] : this.agents;
    const badge = slaBadge(ticket, this.localize);
    const select = (label: string, field: ControlField, value: string, options: readonly (readonly [string, string])[]) =>
      html`<label class="control">
        <span>${label}</span>
        <select data-field=${field} data-value=${value} @change=${(e: Event) => this.change(field, (e.target as HTMLSelectElement).value)}>
          ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
        </select>
      </label>`;
    return html`<div class="controls">
      ${select(t('ticketStatus'), 'status', ticket.status, statuses.map((s) => [s, t(`ticketStatus_${s}`)] as const))}
      ${select(t('ticketPriority'), 'priority', ticket.priority, TICKET_PRIORITIES.map((p) => [p, t(`ticketPriority_${p}`)] as const))}
      ${select(t('ticketAssignee'), 'assignee', ticket.assignee ?? '', [['', t('ticketUnassigned')] as const, ...agents.map((a) => [a.id, a.name] as const)])}
      <p class="facts">
        <span class="chip">${t('ticketCategory')}: ${categoryName(ticket.category, this.localize)}</span>
        ${badge ? html`<span class="chip sla sla--${badge.state}">${badge.title}</span>` : nothing}
        ${ticket.rating ? html`<span class="chip">${t('ticketRating', ticket.rating.score)}</span>` : nothing}
      </p>
    </div>`;
  }

  private renderFields(ticket: Ticket) {
    const entries = Object.entries(ticket.fields);
    if (entries.length === 0) return nothing;
    return html`<dl class="fields" aria-label=${this.localize.term('ticketFields')}>
      ${entries.map(([key, value]) => html`<div><dt>${key}</dt><dd>${value}</dd></div>`)}
    </dl>`;
  }

  private renderMessage(m: { id: string; kind: 'agent' | 'customer' | 'system'; name: string; text: string; createdAt: string; attachments: readonly Attachment[]; internal: boolean }) {
    const t = this.localize.term.bind(this.localize);
    const role = { customer: t('ticketAuthorCustomer'), agent: t('ticketAuthorAgent'), system: t('ticketAuthorSystem') }[m.kind];
    return html`<li class="message message--${m.kind} ${m.internal ? 'message--internal' : ''}" data-id=${m.id} data-visibility=${m.internal ? 'internal' : 'public'}>
      <p class="by">
        ${m.internal ? html`<span class="internal-tag">${lockIcon}${t('ticketInternal')}</span>` : nothing}
        <strong class="author">${m.name}</strong>
        <span class="muted">${role}</span>
        <time class="muted" datetime=${m.createdAt}>${formatDue(m.createdAt, this.localize.lang)}</time>
      </p>
      ${m.text ? html`<div class="md">${renderMarkdown(m.text)}</div>` : nothing}
      ${m.attachments.length
        ? html`<ul class="files">
            ${m.attachments.map((file) => {
              const url = this.urls.get(file.id);
              return html`<li>${url ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${file.name}</a>` : html`<span>${file.name}</span>`}</li>`;
            })}
          </ul>`
        : nothing}
    </li>`;
  }

  private renderComposer(ticket: Ticket) {
    const t = this.localize.term.bind(this.localize);
    const internal = this.internal;
    const ready = this.uploads.every((u) => u.id !== null) && (this.draft.trim() !== '' || this.uploads.length > 0);
    const statuses = REPLY_STATUSES.filter((s) => s !== ticket.status && TICKET_TRANSITIONS[ticket.status].agent.includes(s));
    return html`<form class="composer" data-internal=${internal ? 'true' : 'false'} @submit=${this.handleSend}>
      <label class="composer-label" for="reply">${t(internal ? 'ticketNoteLabel' : 'ticketReplyLabel')}</label>
      ${internal ? html`<p class="hint" id="internal-hint">${t('ticketInternalHint')}</p>` : nothing}
      <textarea
        id="reply"
        rows="3"
        aria-describedby=${internal ? 'internal-hint send-hint' : 'send-hint'}
        .value=${live(this.draft)}
        @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}
        @keydown=${this.handleKey}
      ></textarea>
      ${this.uploads.length
        ? html`<ul class="files uploads">
            ${this.uploads.map(
              (u) => html`<li>
                <span role=${u.id ? nothing : 'status'}>${u.id ? u.name : t('ticketUploading', u.name)}</span>
                <button type="button" class="btn small" aria-label=${t('ticketRemoveFile', u.name)} @click=${() => (this.uploads = this.uploads.filter((x) => x.key !== u.key))}>×</button>
              </li>`,
            )}
          </ul>`
        : nothing}
      <div class="composer-bar">
        <label class="switch">
          <input type="checkbox" role="switch" class="internal-switch" .checked=${internal} @change=${(e: Event) => (this.internal = (e.target as HTMLInputElement).checked)} />
          ${t('ticketInternalNote')}
        </label>
        <input class="file" type="file" multiple hidden @change=${this.handleFiles} />
        <button type="button" class="btn attach" @click=${() => this.renderRoot.querySelector<HTMLInputElement>('.file')?.click()}>${t('ticketAttach')}</button>
        ${internal || statuses.length === 0
          ? nothing
          : html`<select class="then-status" aria-label=${t('ticketThenStatus')} @change=${(e: Event) => (this.thenStatus = (e.target as HTMLSelectElement).value as TicketStatus | '')}>
              <option value="" ?selected=${this.thenStatus === ''}>${t('ticketKeepStatus')}</option>
              ${statuses.map((s) => html`<option value=${s} ?selected=${this.thenStatus === s}>${t('ticketThenStatus')}: ${t(`ticketStatus_${s}`)}</option>`)}
            </select>`}
        <span class="muted hint" id="send-hint">${t('ticketSendHint')}</span>
        <button type="submit" class="btn btn--primary send" ?disabled=${!ready || this.sending}>${t(internal ? 'ticketAddNote' : 'ticketSendReply')}</button>
      </div>
    </form>`;
  }

  // ——— actions ———

  private change(field: ControlField, value: string): void {
    const api = this.api;
    if (!api) return;
    const changes: TicketUpdate =
      field === 'assignee' ? { assignee: value || null } : field === 'status' ? { status: value as TicketStatus } : { priority: value as TicketPriority };
    api.update(this.ticketId, changes).then(
      (ticket) => this.dispatchEvent(new PlazaTicketUpdatedEvent({ ticket })),
      (error: Error) => {
        this.notice = this.localize.term('ticketRefused', error.message);
        // The control goes back to the stored value.
        this.requestUpdate();
      },
    );
  }

  private readonly handleSend = (event: SubmitEvent): void => {
    event.preventDefault();
    void this.send();
  };

  private readonly handleKey = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.send();
    }
  };

  private async send(): Promise<void> {
    const api = this.api;
    const text = this.draft.trim();
    const attachments = this.uploads.map((u) => u.id).filter((id): id is string => id !== null);
    if (!api || this.sending || this.uploads.length !== attachments.length || (text === '' && attachments.length === 0)) return;
    this.sending = true;
    const ticketId = this.ticketId;
    try {
      const message = this.internal
        ? await api.note(ticketId, { text, attachments })
        : await api.reply(ticketId, { text, attachments, ...(this.thenStatus ? { status: this.thenStatus } : {}) });
      if (ticketId !== this.ticketId) return;
      this.draft = '';
      this.uploads = [];
      this.thenStatus = '';
      this.dispatchEvent(new PlazaTicketMessageEvent({ message }));
    } catch (error) {
      this.notice = this.localize.term('ticketRefused', (error as Error).message);
    } finally {
      this.sending = false;
    }
  }

  private readonly handleFiles = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    for (const file of files) void this.upload(file);
  };

  private async upload(file: File): Promise<void> {
    const client = this.client;
    if (!client) return;
    const key = (this.uploadKeys += 1);
    this.uploads = [...this.uploads, { key, name: file.name, id: null }];
    try {
      const info = await client.files.upload(file);
      this.uploads = this.uploads.map((u) => (u.key === key ? { ...u, id: info.id } : u));
    } catch (error) {
      this.uploads = this.uploads.filter((u) => u.key !== key);
      this.notice = this.localize.term('ticketRefused', (error as Error).message);
    }
  }
}
