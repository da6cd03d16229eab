import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { checkTicketDraft, draftCategory, normalizeFields } from '@plaza/protocol';
import type { ArticleHit, PublicTicketForm, TicketDraftIssue, TicketFieldDefinition } from '@plaza/protocol';
// Uploads go through the files capability, which this chunk registers.
import '@plaza/sdk/files';
import { PlazaElement } from '../../base/plaza-element.js';
import { taskBaseStyles } from '../../tasks/shared/styles.js';
import { PlazaTicketCreatedEvent } from '../events/ticket-created-event.js';
import { paperclipIcon } from '../shared/portal-icons.js';
import { portalSharedStyles } from '../shared/portal-styles.js';
import { categoryLabel, fieldLabel } from '../shared/portal-format.js';
import '../translations/portal-parts.js';

/** A file chosen for the new ticket: uploaded at once, with progress. */
interface Upload {
  key: number;
  file: File;
  status: 'uploading' | 'done' | 'failed';
  loaded: number;
  id: string | null;
  abort: AbortController;
  done: Promise<void>;
}

/** How long typing in the subject must pause before articles are suggested for it. */
const SUGGEST_DELAY_MS = 350;
const SUGGESTIONS = 5;

/**
 * @tag plaza-portal-new-ticket
 * @summary The customer portal's "New ticket" form for a signed-in customer: subject with
 * suggested articles, category, the category's custom fields, description, attachments.
 *
 * @description Used inside `<plaza-customer-portal>`. Checked with the server's own rules
 * (`checkTicketDraft` of `@plaza/protocol`) on submit and, after that, on every edit.
 * Files upload as soon as they are chosen, with progress; filing waits for them. Fires
 * `plaza-ticket-created` once filed, and `portal-open-article` (a plain event whose
 * `detail` is the article id) when a suggestion is chosen.
 */
export class PlazaPortalNewTicket extends PlazaElement {
  static override styles = [
    taskBaseStyles,
    portalSharedStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      :host([hidden]) {
        display: none;
      }
      h2 {
        margin: 0 0 14px;
        font-size: 1.2em;
      }
      fieldset {
        margin: 0;
        padding: 0;
        border: 0;
        min-width: 0;
      }
      input,
      select,
      textarea {
        width: 100%;
      }
      .suggestions {
        margin: -6px 0 14px;
        padding: 8px 10px;
        border-radius: var(--t-radius);
        background: var(--t-subtle);
      }
      .suggestions p {
        margin: 0 0 4px;
        font-size: 0.9em;
        font-weight: 600;
      }
      .suggestions ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .suggestion {
        display: block;
        width: 100%;
        padding: 4px 0;
        border: 0;
        background: none;
        color: var(--t-accent);
        text-align: start;
        text-decoration: underline;
        overflow-wrap: anywhere;
      }
      .notice {
        min-height: 1.4em;
        margin: 0 0 8px;
      }
      .submit:disabled {
        opacity: 0.6;
      }
    `,
  ];

  /** The tenant's form: categories, custom fields, upload limits. */
  @property({ attribute: false }) form: PublicTicketForm | null = null;
  /** The category to preselect. */
  @property() category = '';

  @state() private values: Record<string, string> = {};
  @state() private errors: ReadonlyMap<string, string> = new Map();
  @state() private uploads: readonly Upload[] = [];
  @state() private submitting = false;
  @state() private notice = '';
  @state() private suggestions: readonly ArticleHit[] = [];

  /** Set by the first submit: from then on every edit re-checks the form. */
  private checked = false;
  private suggestTimer: ReturnType<typeof setTimeout> | undefined;
  private suggestFor = '';
  private uploadKeys = 0;

  /** Moves focus to the first field (the portal does when the form is shown). */
  focusFirst(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#subject')?.focus());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.suggestTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('form') && this.form) {
      const categories = this.form.categories;
      const current = this.values.category ?? '';
      if (!categories.includes(current)) this.values = { ...this.values, category: categories.includes(this.category) ? this.category : (categories[0] ?? '') };
    }
  }

  // ——— checking ———

  private definitions(): readonly TicketFieldDefinition[] {
    return this.form?.fields[this.values.category ?? ''] ?? [];
  }

  private draft() {
    const v = this.values;
    const fields: Record<string, string> = {};
    for (const { key } of this.definitions()) if (v[`fields.${key}`]) fields[key] = v[`fields.${key}`]!;
    return { subject: v.subject ?? '', description: v.description ?? '', category: v.category, fields };
  }

  private message({ issue, max }: TicketDraftIssue): string {
    const t = this.localize.term.bind(this.localize);
    return issue === 'required' ? t('portalRequired') : issue === 'too_long' ? t('portalTooLong', max ?? 0) : t('portalInvalidChoice');
  }

  /** The server's own check, one message per field, and the files' limits. */
  private check(): Map<string, string> {
    const form = this.form!;
    const t = this.localize.term.bind(this.localize);
    const errors = new Map<string, string>();
    for (const issue of checkTicketDraft(this.draft(), form, { contact: false })) {
      if (!errors.has(issue.field)) errors.set(issue.field, this.message(issue));
    }
    const { maxFiles, maxBytes } = form.upload;
    if (this.uploads.length > maxFiles) errors.set('files', t('portalTooManyFiles', maxFiles));
    else if (this.uploads.some((u) => u.file.size > maxBytes)) errors.set('files', t('portalFileTooLarge', String(+(maxBytes / 1048576).toFixed(1))));
    else if (this.uploads.some((u) => u.status === 'failed')) errors.set('files', t('portalFilesFailed'));
    return errors;
  }

  private recheck(): void {
    if (this.checked) this.errors = this.check();
  }

  // ——— events ———

  private readonly handleInput = (event: Event): void => {
    const control = event.target as HTMLInputElement;
    if (!control.name) return;
    this.values = { ...this.values, [control.name]: control.value };
    if (control.name === 'subject') this.suggestSoon(control.value);
    this.recheck();
  };

  private suggestSoon(subject: string): void {
    clearTimeout(this.suggestTimer);
    this.suggestTimer = setTimeout(() => void this.suggest(subject.trim()), SUGGEST_DELAY_MS);
  }

  private async suggest(subject: string): Promise<void> {
    if (subject === this.suggestFor) return;
    this.suggestFor = subject;
    try {
      const hits = await this.client!.knowledge.suggest(subject, { limit: SUGGESTIONS });
      // A slower answer for an older subject must not replace a newer one.
      if (subject === this.suggestFor) this.suggestions = hits;
    } catch {
      // Suggestions are a help, not a step: without them the form works the same.
      if (subject === this.suggestFor) this.suggestions = [];
    }
  }

  private readonly handleFiles = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    this.uploads = [...this.uploads, ...files.map((file) => this.upload(file))];
    this.recheck();
  };

  private upload(file: File): Upload {
    const key = (this.uploadKeys += 1);
    const abort = new AbortController();
    const patch = (change: Partial<Upload>) => (this.uploads = this.uploads.map((u) => (u.key === key ? { ...u, ...change } : u)));
    const tooLarge = this.form ? file.size > this.form.upload.maxBytes : false;
    const done = tooLarge
      ? Promise.resolve()
      : this.client!.files.upload(file, { signal: abort.signal, onProgress: (loaded) => patch({ loaded }) }).then(
          (info) => void patch({ status: 'done', id: info.id, loaded: file.size }),
          () => {
            if (!abort.signal.aborted) patch({ status: 'failed' });
            this.recheck();
          },
        );
    return { key, file, status: tooLarge ? 'failed' : 'uploading', loaded: 0, id: null, abort, done };
  }

  private removeUpload(upload: Upload): void {
    upload.abort.abort();
    this.uploads = this.uploads.filter((u) => u.key !== upload.key);
    this.recheck();
  }

  private readonly handleSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const t = this.localize.term.bind(this.localize);
    if (this.submitting || !this.form || !this.client) return;
    this.checked = true;
    this.errors = this.check();
    if (this.errors.size === 0 && this.uploads.some((u) => u.status === 'uploading')) {
      this.submitting = true;
      this.notice = t('portalSubmitting');
      await Promise.all(this.uploads.map((u) => u.done));
      this.submitting = false;
      this.errors = this.check();
    }
    if (this.errors.size > 0) {
      this.notice = t('portalFixFields', this.errors.size);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    await this.file();
  };

  private async file(): Promise<void> {
    const t = this.localize.term.bind(this.localize);
    const form = this.form!;
    const draft = this.draft();
    const category = draftCategory(draft, form);
    this.submitting = true;
    this.notice = t('portalSubmitting');
    try {
      const ticket = await this.client!.tickets.customer.create({
        subject: draft.subject.trim(),
        description: draft.description.trim(),
        category,
        fields: normalizeFields(draft.fields, form.fields[category] ?? []),
        attachments: this.uploads.map((u) => u.id!),
      });
      this.values = { category };
      this.uploads = [];
      this.suggestions = [];
      this.suggestFor = '';
      this.checked = false;
      this.errors = new Map();
      this.notice = '';
      this.dispatchEvent(new PlazaTicketCreatedEvent({ ticketId: ticket.id, ticket }));
    } catch (error) {
      this.notice = t('portalRefused', (error as Error).message);
    } finally {
      this.submitting = false;
    }
  }

  // ——— rendering ———

  protected override render() {
    const t = this.localize.term.bind(this.localize);
    const form = this.form;
    if (!form) return html`<p class="muted" role="status">${t('portalLoading')}</p>`;
    return html`<form part="ticket-form" novalidate aria-labelledby="new-heading" @submit=${this.handleSubmit} @input=${this.handleInput} @change=${this.handleInput}>
      <h2 id="new-heading">${t('portalNewHeading')}</h2>
      <fieldset ?disabled=${this.submitting}>
        ${this.control('subject', t('portalSubject'), 'text', true)} ${this.renderSuggestions()}
        ${form.categories.length > 1 ? this.control('category', t('portalCategory'), 'select', true, form.categories, (c) => categoryLabel(c, this.localize)) : nothing}
        ${this.definitions().map((d) => this.control(`fields.${d.key}`, fieldLabel(d, this.localize.lang), d.type, d.required, d.options))}
        ${this.control('description', t('portalDescription'), 'textarea', true)}
      </fieldset>
      ${this.renderFiles()}
      <p class="notice" role="status">${this.notice}</p>
      <button part="submit-button" class="btn btn--primary submit" ?disabled=${this.submitting}>${this.submitting ? t('portalSubmitting') : t('portalSubmit')}</button>
    </form>`;
  }

  /** A labelled control with its error message, tied together for assistive technology. */
  private control(name: string, label: string, kind: 'text' | 'textarea' | 'select', required: boolean, options?: readonly string[], show: (option: string) => string = (o) => o): TemplateResult {
    const error = this.errors.get(name);
    const value = this.values[name] ?? '';
    const described = error ? `${name}-error` : nothing;
    const invalid = error ? 'true' : 'false';
    const input =
      kind === 'select'
        ? html`<select id=${name} name=${name} aria-invalid=${invalid} aria-describedby=${described}>
            ${required ? nothing : html`<option value=""></option>`}
            ${(options ?? []).map((o) => html`<option value=${o} ?selected=${value === o}>${show(o)}</option>`)}
          </select>`
        : kind === 'textarea'
          ? html`<textarea id=${name} name=${name} rows="6" ?required=${required} aria-invalid=${invalid} aria-describedby=${described} .value=${live(value)}></textarea>`
          : html`<input id=${name} name=${name} autocomplete="off" ?required=${required} aria-invalid=${invalid} aria-describedby=${described} .value=${live(value)} />`;
    return html`<div class="field">
      <label for=${name}>${label}${required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>
      ${input} ${error ? html`<p class="error" id="${name}-error">${error}</p>` : nothing}
    </div>`;
  }

  private renderSuggestions() {
    const t = this.localize.term.bind(this.localize);
    // Always in the page, so screen readers hear suggestions as they come (a polite region).
    return html`<div class="suggestions-region" aria-live="polite">
      ${this.suggestions.length
        ? html`<section class="suggestions" aria-labelledby="suggestions-heading">
            <p id="suggestions-heading">${t('portalSuggestions')}</p>
            <ul>
              ${this.suggestions.map(
                (hit) => html`<li>
                  <button type="button" class="suggestion" data-id=${hit.id} @click=${() => this.dispatchEvent(new CustomEvent('portal-open-article', { detail: hit.id }))}>${hit.title}</button>
                </li>`,
              )}
            </ul>
          </section>`
        : nothing}
    </div>`;
  }

  private renderFiles() {
    const t = this.localize.term.bind(this.localize);
    const error = this.errors.get('files');
    return html`<div class="field">
      <span class="label" id="files-label">${t('portalAttachments')}</span>
      <input class="file" type="file" multiple hidden @change=${this.handleFiles} />
      <div>
        <button
          type="button"
          id="files"
          class="btn attach"
          ?disabled=${this.submitting}
          aria-describedby=${error ? 'files-error' : nothing}
          aria-invalid=${error ? 'true' : 'false'}
          @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input.file')?.click()}
        >
          ${paperclipIcon} ${t('portalAttach')}
        </button>
      </div>
      ${error ? html`<p class="error" id="files-error">${error}</p>` : nothing}
      ${this.uploads.length
        ? html`<ul class="files" aria-labelledby="files-label">
            ${this.uploads.map(
              (u) => html`<li data-status=${u.status}>
                <span class="file-name">${u.file.name}</span>
                ${u.status === 'uploading' ? html`<progress max=${u.file.size || 1} value=${u.loaded} aria-label=${u.file.name}></progress>` : nothing}
                ${u.status === 'failed' ? html`<span class="error">${t('portalUploadFailed', u.file.name)}</span>` : nothing}
                <button type="button" class="btn small" ?disabled=${this.submitting} aria-label=${t(u.status === 'uploading' ? 'portalCancelUpload' : 'portalRemoveFile', u.file.name)} @click=${() => this.removeUpload(u)}>
                  ×
                </button>
              </li>`,
            )}
          </ul>`
        : nothing}
    </div>`;
  }
}
