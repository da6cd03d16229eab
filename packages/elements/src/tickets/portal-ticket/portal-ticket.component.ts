import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { Attachment, CustomerTicket, CustomerTicketMessage, PublicTicketForm, TicketFieldDefinition } from '@plaza/protocol';
import { customerActions } from '@plaza/sdk/tickets';
// A signed-in customer's files (download links, uploads for replies) go through the files
// capability, which this chunk registers.
import '@plaza/sdk/files';
import { PlazaElement } from '../../base/plaza-element.js';
import { renderMarkdown } from '../../chat/markdown/markdown.js';
import { StoreController } from '../../controllers/store-controller.js';
import { formatDue } from '../../tasks/shared/format.js';
import { taskBaseStyles } from '../../tasks/shared/styles.js';
import { paperclipIcon } from '../shared/portal-icons.js';
import { portalSharedStyles } from '../shared/portal-styles.js';
import { categoryLabel, fieldLabel } from '../shared/portal-format.js';
import type { TicketSource, TicketSourceState } from '../shared/ticket-source.js';
import '../translations/portal-parts.js';
import { portalTicketStyles } from './portal-ticket.styles.js';

/** A file chosen for the reply: uploading (with progress), then uploaded and waiting to be sent. */
interface Upload {
  key: number;
  name: string;
  size: number;
  loaded: number;
  id: string | null;
  abort: AbortController;
}

/** A download link and when it was asked for (links last a few minutes). */
interface FileLink {
  url: string;
  at: number;
}

const LINK_FRESH_MS = 4 * 60_000;

/**
 * @tag plaza-portal-ticket
 * @summary The customer portal's open ticket: its details, the public conversation, the
 * reply box with attachments, reopen and close, and the satisfaction rating once resolved.
 *
 * @description Used inside `<plaza-customer-portal>`, for a signed-in customer's ticket
 * (live) and for one followed through its follow-up link (refreshed). Only the actions the
 * shared rules allow now are offered (`customerActions`). Changes are not optimistic: the
 * view shows what the server stored, and a refusal is said in words.
 */
export class PlazaPortalTicket extends PlazaElement {
  static override styles = [taskBaseStyles, portalSharedStyles, portalTicketStyles];

  @property({ attribute: false }) source: TicketSource | undefined;
  /** The tenant's form, for the custom fields' labels. */
  @property({ attribute: false }) form: PublicTicketForm | null = null;
  /** Offer a way back (to the ticket list). */
  @property({ type: Boolean }) back = false;

  @state() private draft = '';
  @state() private uploads: readonly Upload[] = [];
  @state() private busy = false;
  @state() private notice = '';
  @state() private announcement = '';
  @state() private confirmingClose = false;
  @state() private ratingOpen = false;
  @state() private score = 0;
  @state() private comment = '';
  @state() private links: ReadonlyMap<string, FileLink> = new Map();

  private readonly ticket = new StoreController<CustomerTicket | null>(this);
  private readonly messages = new StoreController<readonly CustomerTicketMessage[]>(this);
  private readonly loadState = new StoreController<TicketSourceState>(this);
  private readonly asked = new Set<string>();
  private uploadKeys = 0;
  /** What was shown last, to announce what arrived since. */
  private seen: { ticketId: string; status: string; messages: number } | null = null;

  /** Whether focus should move to the subject once the ticket shows. */
  private wantFocus = false;

  /** Moves focus to the ticket's subject, once loaded (the portal does when the ticket opens). */
  focusHeading(): void {
    this.wantFocus = true;
    this.requestUpdate();
  }

  protected override updated(): void {
    const subject = this.renderRoot.querySelector<HTMLElement>('.subject');
    if (this.wantFocus && subject) {
      this.wantFocus = false;
      subject.focus();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('source')) {
      this.ticket.setStore(this.source?.ticket);
      this.messages.setStore(this.source?.messages);
      this.loadState.setStore(this.source?.state);
      this.reset();
    }
    const ticket = this.ticket.value;
    if (!ticket) return;
    this.announceNews(ticket, this.messages.value ?? []);
    for (const file of [...ticket.attachments, ...(this.messages.value ?? []).flatMap((m) => m.attachments)]) this.askLink(file);
  }

  private reset(): void {
    for (const upload of this.uploads) upload.abort.abort();
    this.draft = '';
    this.uploads = [];
    this.notice = '';
    this.announcement = '';
    this.confirmingClose = false;
    this.ratingOpen = false;
    this.seen = null;
    this.asked.clear();
    this.links = new Map();
  }

  /** Says what arrived while the ticket is shown: an agent's reply, a new status. */
  private announceNews(ticket: CustomerTicket, messages: readonly CustomerTicketMessage[]): void {
    const t = this.localize.term.bind(this.localize);
    const before = this.seen;
    this.seen = { ticketId: ticket.id, status: ticket.status, messages: messages.length };
    if (!before || before.ticketId !== ticket.id) return;
    const news: string[] = [];
    for (const message of messages.slice(before.messages)) if (message.author.kind !== 'customer') news.push(t('portalNewMessage', message.author.name));
    if (before.status !== ticket.status) news.push(t('portalStatusNow', t(`portalStatus_${ticket.status}`)));
    if (news.length > 0) this.announcement = news.join('. ');
  }

  private askLink(file: Attachment): void {
    if (this.asked.has(file.id) || !this.source) return;
    this.asked.add(file.id);
    this.source.fileUrl(file).then(
      (url) => (this.links = new Map(this.links).set(file.id, { url, at: Date.now() })),
      () => this.asked.delete(file.id),
    );
  }

  // ——— rendering ———

  protected override render() {
    const t = this.localize.term.bind(this.localize);
    const ticket = this.ticket.value;
    const loadState = this.loadState.value;
    if (!ticket) {
      return html`${this.renderBack()}${loadState?.error
        ? html`<p class="empty" role="alert">${t('portalTicketMissing')}</p>`
        : html`<p class="empty muted" role="status">${t('portalTicketLoading')}</p>`}`;
    }
    const can = customerActions(ticket);
    const lang = this.localize.lang;
    return html`
      <article class="ticket" aria-labelledby="subject">
        <header class="head">
          ${this.renderBack()}
          <h2 class="subject" id="subject" tabindex="-1">${ticket.subject}</h2>
          <p class="meta muted">
            <span class="badge badge--${ticket.status}">${t(`portalStatus_${ticket.status}`)}</span>
            <span>${categoryLabel(ticket.category, this.localize)}</span>
            <time datetime=${ticket.createdAt}>${t('portalOpened', formatDue(ticket.createdAt, lang))}</time>
            <span>${t('portalTicketId', ticket.id.slice(-8))}</span>
          </p>
        </header>
        ${this.renderFields(ticket)}
        <section class="conversation" aria-label=${t('portalConversation')}>
          <ol class="messages">
            ${this.renderMessage({ id: 'description', kind: 'customer', name: '', text: ticket.description, createdAt: ticket.createdAt, attachments: ticket.attachments })}
            ${(this.messages.value ?? []).map((m) => this.renderMessage({ id: m.id, kind: m.author.kind, name: m.author.name, text: m.text, createdAt: m.createdAt, attachments: m.attachments }))}
          </ol>
        </section>
        ${this.notice ? html`<p class="banner banner--error" role="alert">${this.notice}</p>` : nothing}
        ${this.renderState(ticket, can.reopen)} ${can.rate ? this.renderRating(ticket) : nothing} ${can.reply ? this.renderReply() : nothing}
        <div class="actions">
          ${this.source?.live === false
            ? html`<button type="button" class="btn refresh" ?disabled=${loadState?.loading} @click=${this.handleRefresh}>${t('portalRefresh')}</button>`
            : nothing}
          ${can.close ? this.renderClose() : nothing}
        </div>
        <p class="visually-hidden" role="status">${this.announcement}</p>
      </article>
    `;
  }

  private renderBack() {
    if (!this.back) return nothing;
    return html`<button type="button" class="btn back" @click=${() => this.dispatchEvent(new Event('portal-back'))}>← ${this.localize.term('portalBack')}</button>`;
  }

  private renderFields(ticket: CustomerTicket) {
    const entries = Object.entries(ticket.fields);
    if (entries.length === 0) return nothing;
    const definitions: readonly TicketFieldDefinition[] = this.form?.fields[ticket.category] ?? [];
    return html`<dl class="fields" aria-label=${this.localize.term('portalDetails')}>
      ${entries.map(([key, value]) => {
        const definition = definitions.find((d) => d.key === key);
        return html`<div><dt>${definition ? fieldLabel(definition, this.localize.lang) : key}</dt><dd>${value}</dd></div>`;
      })}
    </dl>`;
  }

  private renderMessage(m: { id: string; kind: 'agent' | 'customer' | 'system'; name: string; text: string; createdAt: string; attachments: readonly Attachment[] }) {
    const t = this.localize.term.bind(this.localize);
    const who = m.kind === 'customer' ? t('portalYou') : m.name;
    const role = m.kind === 'agent' ? t('portalAuthorAgent') : m.kind === 'system' ? t('portalAuthorSystem') : '';
    return html`<li class="message message--${m.kind}" data-id=${m.id}>
      <p class="by">
        <strong class="author">${who}</strong>
        ${role ? html`<span class="muted">${role}</span>` : nothing}
        <time class="muted" datetime=${m.createdAt}>${formatDue(m.createdAt, this.localize.lang)}</time>
      </p>
      ${m.text ? html`<div class="md">${renderMarkdown(m.text)}</div>` : nothing}
      ${m.attachments.length ? html`<ul class="files">${m.attachments.map((file) => html`<li>${this.renderFile(file)}</li>`)}</ul>` : nothing}
    </li>`;
  }

  private renderFile(file: Attachment): TemplateResult {
    const link = this.links.get(file.id);
    if (!link) return html`<span class="file-name">${paperclipIcon}${file.name}</span>`;
    return html`<a class="file-name" href=${link.url} target="_blank" rel="noopener noreferrer" @click=${(e: MouseEvent) => this.handleFileClick(e, file, link)}>${paperclipIcon}${file.name}</a>`;
  }

  private renderState(ticket: CustomerTicket, canReopen: boolean) {
    const t = this.localize.term.bind(this.localize);
    if (ticket.status === 'closed') return html`<p class="note">${t('portalClosedNote')}</p>`;
    if (ticket.status !== 'resolved' || !ticket.reopenUntil) return nothing;
    return html`<p class="note note--resolved">
      ${t('portalResolvedNote', formatDue(ticket.reopenUntil, this.localize.lang))}
      ${canReopen ? html`<button type="button" class="btn reopen" ?disabled=${this.busy} @click=${() => void this.act(() => this.source!.reopen())}>${t('portalReopen')}</button>` : nothing}
    </p>`;
  }

  private renderRating(ticket: CustomerTicket) {
    const t = this.localize.term.bind(this.localize);
    const rating = ticket.rating;
    if (rating && !this.ratingOpen) {
      return html`<section class="rating rating--done" aria-label=${t('portalRateHeading')}>
        <p><span aria-hidden="true">${'★'.repeat(rating.score)}${'☆'.repeat(5 - rating.score)}</span> ${t('portalRated', rating.score)}</p>
        ${rating.comment ? html`<p class="muted rating-comment">${rating.comment}</p>` : nothing}
        <button type="button" class="btn rate-change" @click=${() => this.openRating(rating.score, rating.comment)}>${t('portalRateChange')}</button>
      </section>`;
    }
    return html`<form class="rating" aria-labelledby="rate-heading" @submit=${this.handleRate}>
      <h3 id="rate-heading">${t('portalRateHeading')}</h3>
      <fieldset class="stars">
        <legend>${t('portalRateScore')}</legend>
        ${[1, 2, 3, 4, 5].map(
          (score) => html`<label class="star">
            <input type="radio" name="score" value=${score} .checked=${live(this.score === score)} @change=${() => (this.score = score)} />
            <span>${t('portalRateName', score)}</span>
          </label>`,
        )}
      </fieldset>
      <div class="field">
        <label for="rate-comment">${t('portalRateComment')}</label>
        <textarea id="rate-comment" rows="2" maxlength="2000" .value=${live(this.comment)} @input=${(e: Event) => (this.comment = (e.target as HTMLTextAreaElement).value)}></textarea>
      </div>
      <button class="btn btn--primary rate" ?disabled=${this.busy}>${t('portalRateSubmit')}</button>
    </form>`;
  }

  private renderReply() {
    const t = this.localize.term.bind(this.localize);
    const uploading = this.uploads.some((u) => u.id === null);
    const ready = !uploading && (this.draft.trim() !== '' || this.uploads.length > 0);
    return html`<form class="reply" @submit=${this.handleSend}>
      <label class="label" for="reply">${t('portalReplyLabel')}</label>
      <textarea id="reply" rows="3" aria-describedby="send-hint" .value=${live(this.draft)} @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)} @keydown=${this.handleKey}></textarea>
      ${this.uploads.length
        ? html`<ul class="files uploads">
            ${this.uploads.map(
              (u) => html`<li>
                <span class="file-name">${u.name}</span>
                ${u.id === null ? html`<progress max=${u.size || 1} value=${u.loaded} aria-label=${t('portalUploading', u.name)}></progress>` : nothing}
                <button type="button" class="btn small" aria-label=${t('portalRemoveFile', u.name)} @click=${() => this.removeUpload(u)}>×</button>
              </li>`,
            )}
          </ul>`
        : nothing}
      <div class="reply-bar">
        <input class="file" type="file" multiple hidden @change=${this.handleFiles} />
        <button type="button" class="btn attach" @click=${() => this.renderRoot.querySelector<HTMLInputElement>('.reply .file')?.click()}>${paperclipIcon} ${t('portalAttach')}</button>
        <span class="muted hint" id="send-hint">${t('portalSendHint')}</span>
        <button type="submit" class="btn btn--primary send" ?disabled=${!ready || this.busy}>${t('portalSend')}</button>
      </div>
    </form>`;
  }

  private renderClose() {
    const t = this.localize.term.bind(this.localize);
    if (!this.confirmingClose) {
      return html`<button type="button" class="btn close-ticket" @click=${() => this.confirmClose(true)}>${t('portalCloseTicket')}</button>`;
    }
    return html`<div class="confirm" role="group" aria-labelledby="close-question">
      <p id="close-question">${t('portalCloseConfirm')}</p>
      <button type="button" class="btn btn--danger close-yes" ?disabled=${this.busy} @click=${() => void this.act(() => this.source!.close()).then(() => (this.confirmingClose = false))}>
        ${t('portalCloseYes')}
      </button>
      <button type="button" class="btn close-no" @click=${() => this.confirmClose(false)}>${t('portalCloseNo')}</button>
    </div>`;
  }

  // ——— actions ———

  private confirmClose(open: boolean): void {
    this.confirmingClose = open;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(open ? '.close-no' : '.close-ticket')?.focus());
  }

  private openRating(score: number, comment: string): void {
    this.score = score;
    this.comment = comment;
    this.ratingOpen = true;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('input[name="score"]:checked')?.focus());
  }

  /** Runs a change; a refusal shows in words. Resolves either way. */
  private async act(change: () => Promise<unknown>): Promise<boolean> {
    if (!this.source || this.busy) return false;
    this.busy = true;
    this.notice = '';
    try {
      await change();
      return true;
    } catch (error) {
      this.notice = this.localize.term('portalActionFailed', (error as Error).message);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private readonly handleRate = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this.score < 1) {
      this.notice = this.localize.term('portalRateNeeded');
      return;
    }
    if (await this.act(() => this.source!.rate(this.score, this.comment.trim()))) this.ratingOpen = false;
  };

  private readonly handleRefresh = async (): Promise<void> => {
    await this.source?.reload();
    if (!this.announcement) this.announcement = this.localize.term('portalRefreshed');
  };

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
    const text = this.draft.trim();
    const attachments = this.uploads.map((u) => u.id).filter((id): id is string => id !== null);
    if (this.uploads.length !== attachments.length || (text === '' && attachments.length === 0)) return;
    const source = this.source;
    if (await this.act(() => source!.reply(text, attachments))) {
      if (source !== this.source) return;
      this.draft = '';
      this.uploads = [];
    }
  }

  private readonly handleFileClick = (event: MouseEvent, file: Attachment, link: FileLink): void => {
    if (Date.now() - link.at < LINK_FRESH_MS || !this.source) return;
    // The signed link has expired: ask for a fresh one, then open it.
    event.preventDefault();
    this.source.fileUrl(file).then(
      (url) => {
        this.links = new Map(this.links).set(file.id, { url, at: Date.now() });
        window.open(url, '_blank', 'noopener');
      },
      (error: Error) => (this.notice = this.localize.term('portalActionFailed', error.message)),
    );
  };

  private readonly handleFiles = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    for (const file of files) void this.upload(file);
  };

  private async upload(file: File): Promise<void> {
    const source = this.source;
    if (!source) return;
    const upload: Upload = { key: (this.uploadKeys += 1), name: file.name, size: file.size, loaded: 0, id: null, abort: new AbortController() };
    this.uploads = [...this.uploads, upload];
    const patch = (change: Partial<Upload>) => (this.uploads = this.uploads.map((u) => (u.key === upload.key ? { ...u, ...change } : u)));
    try {
      const id = await source.upload(file, { signal: upload.abort.signal, onProgress: (loaded) => patch({ loaded }) });
      patch({ id, loaded: file.size });
    } catch (error) {
      this.uploads = this.uploads.filter((u) => u.key !== upload.key);
      if (!upload.abort.signal.aborted) this.notice = this.localize.term('portalActionFailed', `${file.name}: ${(error as Error).message}`);
    }
  }

  private removeUpload(upload: Upload): void {
    upload.abort.abort();
    this.uploads = this.uploads.filter((u) => u.key !== upload.key);
  }
}
