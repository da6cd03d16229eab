import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { checkTicketDraft, draftCategory, type PublicTicketCreated, type PublicTicketForm, type TicketDraftIssue, type TicketFieldDefinition } from '@plaza/protocol';
import { attachToPublicTicket, createPublicTicket, fetchTicketForm } from '@plaza/sdk/public-tickets';
import { themeStyles } from '../../styles/theme.js';
import { PlazaTicketCreatedEvent } from '../events/ticket-created-event.js';
import { langOf } from '../shared/lang.js';
import { loadTicketFormStrings, ticketFormStrings, type TicketFormTranslation } from '../translations/index.js';
import { ticketFormStyles } from './ticket-form.styles.js';

/** A chosen file and how its upload went. */
interface Upload {
  file: File;
  status: 'ready' | 'uploading' | 'done' | 'failed' | 'cancelled';
  loaded: number;
  abort?: AbortController;
}

type Phase = 'loading' | 'load-failed' | 'editing' | 'submitting' | 'uploading' | 'done';
type Kind = 'text' | 'email' | 'textarea' | 'select';

/** The origin this module was loaded from: the Plaza server when loaded from `/sdk/ticket-form.js`. */
function scriptOrigin(): string {
  try {
    return new URL(import.meta.url).origin;
  } catch {
    // import.meta.url is not a URL (some bundlers rewrite it)
    return location.origin;
  }
}

/**
 * @tag plaza-ticket-form
 * @summary The public ticket form: no sign-in, REST only, also served alone as `/sdk/ticket-form.js`.
 *
 * @description Asks for name, email, subject, category, the category's custom fields and a
 * description, with attachments. Every field is checked on submit (and again as it is
 * fixed) by the very rules and limits the server applies, with a message per field.
 * After filing, attachments upload one by one with progress and can be cancelled; the
 * success view shows the follow-up link and the access code. The page's origin must be in
 * the tenant's allowed origins. User text is only ever rendered as text.
 *
 * Keyboard: Tab moves through the fields, the file picker and the buttons; a refused
 * submit moves focus to the first field to fix, and the success view's heading takes
 * focus. Field errors are tied to their fields (`aria-describedby`); progress and results
 * are announced through a status region.
 *
 * @example
 * <script type="module" src="https://plaza.example.com/sdk/ticket-form.js"></script>
 * <plaza-ticket-form tenant="acme" follow-up-url="https://www.acme.example/support/ticket#{id}:{token}"></plaza-ticket-form>
 *
 * @event {PlazaTicketCreatedEvent} plaza-ticket-created - A ticket was filed and its attachments settled; `detail.ticketId`, `detail.accessToken`, `detail.followUpUrl`.
 *
 * @attr theme - Colour scheme: `light` (default), `dark`, or `auto` to follow the system setting.
 *
 * @csspart ticket-form - The form.
 * @csspart submit-button - The submit button.
 * @csspart success - The view shown once the ticket is filed.
 *
 * @cssproperty --plaza-color-accent - Submit button, links.
 * @cssproperty --plaza-color-danger - Field errors.
 * @cssproperty --plaza-color-surface - Background.
 * @cssproperty --plaza-color-border - Field borders.
 * @cssproperty --plaza-focus-ring - Focus outline.
 */
export class PlazaTicketForm extends LitElement {
  static override styles = [themeStyles, ticketFormStyles];

  // Declared without decorators, and helpers as #private members (which the minifier
  // shortens): the form ships alone in `/sdk/ticket-form.js`, held to 12 KB with Lit.
  static override properties: PropertyDeclarations = {
    tenant: {},
    url: {},
    followUpUrl: { attribute: 'follow-up-url' },
    category: {},
    captchaProvider: { attribute: false },
    phase: { state: true },
    config: { state: true },
    values: { state: true },
    errors: { state: true },
    uploads: { state: true },
    notice: { state: true },
  };

  /** The tenant id the ticket is filed with. */
  tenant = '';
  /** The Plaza server; defaults to the origin the script was loaded from. */
  url = '';
  /**
   * Where the customer follows the ticket: a URL template with `{id}` and `{token}`, e.g.
   * `https://www.example.com/support/ticket#{id}:{token}` (keep the token in the fragment,
   * which browsers never send to servers). Default: this page with `#plaza-ticket={id}:{token}`.
   */
  followUpUrl = '';
  /** The category to preselect. */
  category = '';
  /**
   * Called on submit for a token from the page's CAPTCHA widget, sent as `captchaToken`
   * for the server's CAPTCHA verifier to check.
   */
  captchaProvider?: () => Promise<string>;

  private phase: Phase = 'loading';
  private config?: PublicTicketForm;
  private values: Record<string, string> = {};
  private errors: ReadonlyMap<string, string> = new Map();
  private uploads: Upload[] = [];
  private notice = '';
  #created?: PublicTicketCreated;
  /** Set by the first submit: from then on every edit re-checks the form. */
  #checked = false;
  /** Re-renders when any `lang` in the page changes (the form follows the nearest one). */
  #langWatch?: MutationObserver;

  get #t(): TicketFormTranslation {
    return ticketFormStrings(langOf(this));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#langWatch = new MutationObserver(() => this.requestUpdate());
    this.#langWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#langWatch?.disconnect();
  }

  /** Renders once the strings of the form's language are in (zh-CN load on first use). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = loadTicketFormStrings(langOf(this));
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('tenant') || changed.has('url')) && this.tenant) void this.#load();
  }

  async #load(): Promise<void> {
    this.phase = 'loading';
    try {
      const config = await fetchTicketForm(this.url || scriptOrigin(), this.tenant);
      this.values = { category: config.categories.includes(this.category) ? this.category : (config.categories[0] ?? ''), ...this.values };
      this.config = config;
      this.phase = 'editing';
    } catch {
      this.phase = 'load-failed';
    }
  }

  // ---- checking ----------------------------------------------------------------------------

  #definitions(): readonly TicketFieldDefinition[] {
    return this.config?.fields[this.values.category ?? ''] ?? [];
  }

  #draft() {
    const v = this.values;
    const fields: Record<string, string> = {};
    for (const { key } of this.#definitions()) if (v[`fields.${key}`]) fields[key] = v[`fields.${key}`]!;
    return { name: v.name ?? '', email: v.email ?? '', subject: v.subject ?? '', description: v.description ?? '', category: v.category, fields };
  }

  #message({ issue, max }: TicketDraftIssue): string {
    const t = this.#t;
    return issue === 'required' ? t.required : issue === 'too_long' ? t.tooLong(max ?? 0) : issue === 'invalid_email' ? t.invalidEmail : t.invalidChoice;
  }

  /** The server's own check (`checkTicketDraft`), one message per field, and the files' limits. */
  #check(): Map<string, string> {
    const { upload } = this.config!;
    const errors = new Map<string, string>();
    for (const issue of checkTicketDraft(this.#draft(), this.config!, { contact: true })) {
      if (!errors.has(issue.field)) errors.set(issue.field, this.#message(issue));
    }
    if (this.uploads.length > upload.maxFiles) errors.set('files', this.#t.tooManyFiles(upload.maxFiles));
    else if (this.uploads.some((u) => u.file.size > upload.maxBytes)) errors.set('files', this.#t.fileTooLarge(String(+(upload.maxBytes / 1048576).toFixed(1))));
    return errors;
  }

  #recheck(): void {
    if (this.#checked) this.errors = this.#check();
  }

  // ---- events ------------------------------------------------------------------------------

  #handleInput(event: Event): void {
    const control = event.target as HTMLInputElement;
    if (control.type === 'file') {
      // a file input fires both `input` and `change`
      if (event.type !== 'change') return;
      this.uploads = [...this.uploads, ...Array.from(control.files ?? [], (file): Upload => ({ file, status: 'ready', loaded: 0 }))];
      control.value = '';
    } else if (control.name) this.values = { ...this.values, [control.name]: control.value };
    this.#recheck();
  }

  #removeFile(upload: Upload): void {
    this.uploads = this.uploads.filter((u) => u !== upload);
    this.#recheck();
  }

  async #handleSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.phase !== 'editing') return;
    this.#checked = true;
    this.errors = this.#check();
    if (this.errors.size > 0) {
      this.notice = this.#t.fixFields(this.errors.size);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.phase = 'submitting';
    this.notice = this.#t.submitting;
    const d = this.#draft();
    try {
      const captchaToken = await this.captchaProvider?.();
      this.#created = await createPublicTicket(this.url || scriptOrigin(), {
        tenant: this.tenant,
        name: d.name,
        email: d.email,
        subject: d.subject,
        description: d.description,
        category: draftCategory(d, this.config!),
        ...(Object.keys(d.fields).length > 0 && { fields: d.fields }),
        ...(this.values.website && { website: this.values.website }),
        ...(captchaToken && { captchaToken }),
      });
    } catch (error) {
      this.phase = 'editing';
      this.notice = this.#describe(error as { code?: string; message?: string });
      return;
    }
    this.phase = 'uploading';
    for (const upload of this.uploads) await this.#upload(upload);
    this.phase = 'done';
    this.notice = '';
    this.dispatchEvent(new PlazaTicketCreatedEvent({ ticketId: this.#created.id, accessToken: this.#created.accessToken, followUpUrl: this.#followUp() }));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#done')?.focus();
  }

  #describe(error: { code?: string; message?: string }): string {
    const t = this.#t;
    return t.errors[error.code ?? ''] ?? t.errorOther(error.message ?? '');
  }

  async #upload(upload: Upload): Promise<void> {
    const abort = new AbortController();
    this.#setUpload(upload, { status: 'uploading', loaded: 0, abort });
    try {
      const { id, accessToken } = this.#created!;
      await attachToPublicTicket(this.url || scriptOrigin(), id, accessToken, upload.file, { signal: abort.signal, onProgress: (loaded) => this.#setUpload(upload, { loaded }) });
      this.#setUpload(upload, { status: 'done', loaded: upload.file.size });
    } catch {
      this.#setUpload(upload, { status: abort.signal.aborted ? 'cancelled' : 'failed' });
    }
  }

  #setUpload(upload: Upload, change: Partial<Upload>): void {
    Object.assign(upload, change);
    this.uploads = [...this.uploads];
  }

  #followUp(): string {
    const { id, accessToken } = this.#created!;
    const filled = (this.followUpUrl || '#plaza-ticket={id}:{token}').replace('{id}', encodeURIComponent(id)).replace('{token}', encodeURIComponent(accessToken));
    return new URL(filled, location.href).href;
  }

  // ---- rendering ---------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const t = this.#t;
    if (this.phase === 'loading') return html`<p role="status">${t.loading}</p>`;
    if (this.phase === 'load-failed') return html`<p role="alert">${t.loadFailed} <button @click=${this.#load}>${t.tryAgain}</button></p>`;
    if (this.phase === 'done') return this.#renderDone();
    const busy = this.phase !== 'editing';
    const categories = this.config!.categories;
    return html`
      <form part="ticket-form" novalidate aria-labelledby="heading" @submit=${this.#handleSubmit} @input=${this.#handleInput} @change=${this.#handleInput}>
        <h2 id="heading">${t.heading}</h2>
        <fieldset ?disabled=${busy}>
          ${this.#control('name', t.name, 'text', true, 'name')} ${this.#control('email', t.email, 'email', true, 'email')}
          ${categories.length > 1 ? this.#control('category', t.category, 'select', true, categories, (c) => t.categoryNames[c] ?? c) : nothing}
          ${this.#control('subject', t.subject, 'text', true)}
          ${this.#definitions().map((d) => this.#control(`fields.${d.key}`, this.#labelOf(d), d.type, d.required, d.options))}
          ${this.#control('description', t.description, 'textarea', true)}
          <input class="hp" aria-hidden="true" name="website" tabindex="-1" autocomplete="off" .value=${this.values.website ?? ''} />
        </fieldset>
        ${this.#renderFiles(busy)}
        <p class="notice" role="status">${this.notice}</p>
        <button part="submit-button" class="primary" ?disabled=${busy}>${busy ? t.submitting : t.submit}</button>
      </form>
    `;
  }

  #labelOf(d: TicketFieldDefinition): string {
    return typeof d.label === 'string' ? d.label : ((langOf(this) === 'zh-CN' && d.label['zh-CN']) || d.label.en);
  }

  /** A labelled control with its error message, tied together for assistive technology. */
  #control(name: string, label: string, kind: Kind, required: boolean, extra?: string | readonly string[], show: (option: string) => string = (o) => o): TemplateResult {
    const error = this.errors.get(name);
    const value = this.values[name] ?? '';
    const described = error ? `${name}-error` : nothing;
    const invalid = error ? 'true' : 'false';
    const input =
      kind === 'select'
        ? html`<select id=${name} name=${name} aria-invalid=${invalid} aria-describedby=${described}>
            ${required ? nothing : html`<option value=""></option>`}
            ${(extra as readonly string[]).map((o) => html`<option value=${o} ?selected=${value === o}>${show(o)}</option>`)}
          </select>`
        : kind === 'textarea'
          ? html`<textarea id=${name} name=${name} rows="6" ?required=${required} aria-invalid=${invalid} aria-describedby=${described} .value=${value}></textarea>`
          : html`<input id=${name} name=${name} type=${kind} autocomplete=${(extra) ?? 'off'} ?required=${required} aria-invalid=${invalid} aria-describedby=${described} .value=${value} />`;
    return html`<div class="field">
      <label for=${name}>${label}${required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>
      ${input} ${error ? html`<p class="error" id="${name}-error">${error}</p>` : nothing}
    </div>`;
  }

  /** Outside the fieldset, whose disabling would also disable the cancel buttons during uploads. */
  #renderFiles(busy: boolean): TemplateResult {
    const t = this.#t;
    const error = this.errors.get('files');
    return html`<div class="field">
      <label for="files">${t.attachments}</label>
      <input id="files" type="file" multiple ?disabled=${busy} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'files-error' : nothing} />
      ${error ? html`<p class="error" id="files-error">${error}</p>` : nothing} ${this.#renderUploads()}
    </div>`;
  }

  #renderUploads(): TemplateResult | typeof nothing {
    const t = this.#t;
    if (this.uploads.length === 0) return nothing;
    const rows = this.uploads.map((u) => {
      const name = u.file.name;
      const state =
        u.status === 'uploading'
          ? html`<progress max=${u.file.size} value=${u.loaded} aria-label=${name}></progress>
              <button type="button" @click=${() => u.abort?.abort()} aria-label=${t.cancelUpload(name)}>✕</button>`
          : u.status === 'ready'
            ? nothing
            : t.uploads[u.status];
      const action =
        this.phase === 'editing'
          ? html`<button type="button" @click=${() => this.#removeFile(u)} aria-label=${t.removeFile(name)}>✕</button>`
          : this.phase === 'done' && u.status !== 'done'
            ? html`<button type="button" @click=${() => void this.#upload(u)} aria-label=${t.retryUpload(name)}>↻</button>`
            : nothing;
      return html`<li>${name} ${state} ${action}</li>`;
    });
    return html`<ul>${rows}</ul>`;
  }

  #renderDone(): TemplateResult {
    const t = this.#t;
    const { accessToken } = this.#created!;
    return html`<section part="success" aria-labelledby="done">
      <h2 id="done" tabindex="-1">${t.successHeading}</h2>
      <a href=${this.#followUp()} target="_top">${t.followUpLink}</a>
      <div class="field">
        <label for="token">${t.accessToken}</label>
        <input id="token" readonly .value=${accessToken} aria-describedby="token-hint" />
        <button type="button" @click=${() => void navigator.clipboard.writeText(accessToken).then(() => (this.notice = t.copied))}>${t.copy}</button>
        <p id="token-hint">${t.accessTokenHint}</p>
      </div>
      ${this.#renderUploads()}
      <p class="notice" role="status">${this.notice}</p>
    </section>`;
  }


}
