import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ChannelMember, Message, Urgency } from '@plaza/protocol';
import { PlazaElement } from '../../base/plaza-element.js';
import '../translations/index.js';
import type { ChannelHandle, SendInput } from '../chat-client.js';
import { attachIcon, sendIcon } from '../shared/icons.js';
import type { PlazaUploadList } from '../upload-list/upload-list.component.js';
import { chatBaseStyles } from '../shared/styles.js';
import { composerStyles } from './composer.styles.js';

/** The attachment list and its uploads: their own chunk, loaded when the first file is attached. */
const loadUploads = () => import('../upload-list/upload-list.js');

interface MentionQuery {
  /** Where the `@` is. */
  start: number;
  query: string;
  index: number;
}

/** Something that sends: a channel handle, or a thread. */
export interface SendTarget {
  send(input: SendInput): Promise<Message>;
}

export interface MessageSentDetail {
  message: Message;
}

/** `@query` right before the caret, if the caret is in one. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([\p{L}\p{N}._:+-]{0,40})$/u.exec(text.slice(0, caret));
  return match ? { start: caret - match[2].length - 1, query: match[2] } : null;
}

/**
 * @tag plaza-composer
 * @summary The chat panel's message box: Enter sends, Shift+Enter starts a new line,
 * @-mentions complete from the channel's members, files attach by button, paste or drop.
 *
 * @description IME-safe: Enter while composing (Chinese, Japanese input) confirms the
 * composition and never sends. The mention list follows the WAI-ARIA listbox pattern
 * (`aria-activedescendant` on the text box): arrow keys choose, Enter or Tab insert, Escape
 * closes. Attachments are a `<plaza-upload-list>`, loaded with the first file attached
 * ("Loading…" meanwhile): uploads show their progress and can be cancelled.
 *
 * @event message-sent - Internal, not composed: the server stored a message sent from here.
 *
 * @csspart composer-input - The text box.
 * @csspart send-button - The send button.
 */
export class PlazaComposer extends PlazaElement {
  static override styles = [chatBaseStyles, composerStyles];

  @property({ attribute: false }) target?: SendTarget;
  /** The channel, told when the user types. */
  @property({ attribute: false }) handle?: ChannelHandle;
  @property({ attribute: false }) members: readonly ChannelMember[] = [];
  /** Label and placeholder of the text box. */
  @property() label = '';
  @property() me = '';
  /** Replies in a thread: no priority choice. */
  @property({ type: Boolean }) thread = false;
  @property({ type: Boolean, reflect: true }) disabled = false;

  @state() private text = '';
  @state() private mention: MentionQuery | null = null;
  @state() private urgency: Urgency = 'normal';
  @state() private dragging = false;
  /** Files were attached: the attachment list is shown (and loads on first use). */
  @state() private attaching = false;
  /** Files handed over once the attachment list has loaded; nothing is sent meanwhile. */
  @state() private waiting = 0;
  @state() private attachFailed = false;

  /** Moves focus to the text box. */
  override focus(options?: FocusOptions): void {
    this.input?.focus(options);
  }

  private get input(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  /** The attachment list, once its element is defined. */
  private get uploadList(): PlazaUploadList | undefined {
    const list = this.renderRoot.querySelector('plaza-upload-list');
    // Typed as defined, but a plain element until its chunk has loaded.
    return list && 'add' in list ? list : undefined;
  }

  /** Whether anything stops a send: an upload running, or files waiting for the list. */
  private get uploading(): boolean {
    return this.waiting > 0 || (this.uploadList?.busy ?? false);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('target') && changed.get('target') !== undefined) {
      // Another channel: the draft and uploads belonged to the previous one.
      this.uploadList?.clear();
      this.text = '';
      this.mention = null;
    }
  }

  private suggestions(): ChannelMember[] {
    if (!this.mention) return [];
    const query = this.mention.query.toLowerCase();
    const matches = this.members.filter(
      (m) => m.userId !== this.me && (m.name.toLowerCase().includes(query) || m.userId.toLowerCase().startsWith(query)),
    );
    if (!this.thread && 'all'.startsWith(query) && this.members.length > 2) {
      matches.push({ userId: 'all', name: 'all', role: 'member', lastReadSeq: 0 });
    }
    return matches.slice(0, 8);
  }

  protected override render() {
    const suggestions = this.suggestions();
    const open = suggestions.length > 0;
    const index = open ? Math.min(this.mention!.index, suggestions.length - 1) : -1;
    const attached = this.uploadList?.attachments.length ?? 0;
    const canSend = !this.disabled && !this.uploading && (this.text.trim() !== '' || attached > 0);
    return html`
      <div
        class="composer ${this.dragging ? 'dragging' : ''}"
        @dragover=${this.handleDragOver}
        @dragleave=${() => (this.dragging = false)}
        @drop=${this.handleDrop}
      >
        ${this.attaching
          ? html`<plaza-upload-list .client=${this.client} @uploads-change=${() => this.requestUpdate()} @upload-removed=${() => this.focus()}
              ><span class="loading muted" role="status">${this.localize.term('loading')}</span></plaza-upload-list
            >`
          : nothing}
        ${this.attachFailed ? html`<p class="error" role="alert">${this.localize.term('partLoadFailed')}</p>` : nothing}
        ${open
          ? html`<ul class="mentions" id="mentions" role="listbox" aria-label=${this.localize.term('mentionSuggestions')}>
              ${suggestions.map(
                (member, i) => html`<li
                  id="mention-${i}"
                  role="option"
                  aria-selected=${i === index ? 'true' : 'false'}
                  @mousedown=${(e: Event) => e.preventDefault()}
                  @click=${() => this.insertMention(member)}
                >
                  <span class="mention-name">@${member.name}</span>
                  ${member.userId !== 'all' ? html`<span class="muted">${member.userId}</span>` : nothing}
                </li>`,
              )}
            </ul>`
          : nothing}
        <div class="box">
          <textarea
            part="composer-input"
            rows="1"
            .value=${this.text}
            ?disabled=${this.disabled}
            aria-label=${this.label}
            placeholder=${this.label}
            aria-autocomplete="list"
            aria-haspopup="listbox"
            aria-controls=${open ? 'mentions' : nothing}
            aria-activedescendant=${open ? `mention-${index}` : nothing}
            @input=${this.handleInput}
            @keydown=${this.handleKey}
            @click=${this.updateMention}
            @paste=${this.handlePaste}
            @blur=${() => (this.mention = null)}
          ></textarea>
          <div class="tools">
            <button
              class="icon-button"
              type="button"
              aria-label=${this.localize.term('attachFiles')}
              ?disabled=${this.disabled}
              @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type="file"]')?.click()}
            >
              ${attachIcon}
            </button>
            <input type="file" multiple hidden tabindex="-1" @change=${this.handleFiles} />
            ${this.thread
              ? nothing
              : html`<select
                  class="priority urgency-${this.urgency}"
                  aria-label=${this.localize.term('priority')}
                  .value=${this.urgency}
                  ?disabled=${this.disabled}
                  @change=${(e: Event) => (this.urgency = (e.target as HTMLSelectElement).value as Urgency)}
                >
                  <option value="normal">${this.localize.term('normal')}</option>
                  <option value="important">${this.localize.term('important')}</option>
                  <option value="urgent">${this.localize.term('urgent')}</option>
                </select>`}
            <button
              class="send"
              type="button"
              part="send-button"
              aria-label=${this.localize.term('send')}
              ?disabled=${!canSend}
              @click=${() => this.send()}
            >
              ${sendIcon}
            </button>
          </div>
        </div>
        ${this.dragging ? html`<div class="drop-hint" aria-hidden="true">${this.localize.term('dropFiles')}</div>` : nothing}
      </div>
    `;
  }

  private readonly handleInput = (event: Event): void => {
    this.text = (event.target as HTMLTextAreaElement).value;
    this.updateMention();
    // The SDK sends at most one typing signal every few seconds.
    if (this.text) this.handle?.typing();
  };

  private readonly updateMention = (): void => {
    const input = this.input;
    if (!input) return;
    const found = mentionAt(input.value, input.selectionStart ?? input.value.length);
    this.mention = found ? { ...found, index: found.query === this.mention?.query ? this.mention.index : 0 } : null;
  };

  private readonly handleKey = (event: KeyboardEvent): void => {
    // While an IME composes, its Enter confirms the text (229 is the IME's keyCode in
    // Chromium and Safari); sending then would send half a word.
    if (event.isComposing || event.keyCode === 229) return;
    const suggestions = this.suggestions();
    if (suggestions.length > 0 && this.mention) {
      const index = Math.min(this.mention.index, suggestions.length - 1);
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.mention = { ...this.mention, index: (index + step + suggestions.length) % suggestions.length };
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        this.insertMention(suggestions[index]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        this.mention = null;
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      this.send();
    }
  };

  private insertMention(member: ChannelMember): void {
    const input = this.input;
    const mention = this.mention;
    if (!input || !mention) return;
    const caret = mention.start + 1 + mention.query.length;
    const insert = `@${member.userId} `;
    const text = input.value.slice(0, mention.start) + insert + input.value.slice(caret);
    input.value = text;
    this.text = text;
    this.mention = null;
    const at = mention.start + insert.length;
    input.setSelectionRange(at, at);
    input.focus();
  }

  /** Sends the draft and the finished uploads. */
  send(): void {
    const target = this.target;
    const text = this.text.trim();
    const attachments = this.uploadList?.attachments ?? [];
    if (!target || this.disabled || this.uploading || (!text && attachments.length === 0)) return;
    const input: SendInput = { text, attachments };
    if (this.urgency !== 'normal') input.urgency = this.urgency;
    this.text = '';
    if (this.input) this.input.value = '';
    this.uploadList?.clear();
    this.urgency = 'normal';
    this.mention = null;
    // The SDK lists the send as pending at once; a failure stays listed with Retry.
    target.send(input).then(
      (message) => this.dispatchEvent(new CustomEvent<MessageSentDetail>('message-sent', { detail: { message } })),
      () => undefined,
    );
  }

  private readonly handlePaste = (event: ClipboardEvent): void => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    this.upload(files);
  };

  private readonly handleDragOver = (event: DragEvent): void => {
    if (this.disabled || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  };

  private readonly handleDrop = (event: DragEvent): void => {
    this.dragging = false;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0 || this.disabled) return;
    event.preventDefault();
    this.upload(files);
  };

  private readonly handleFiles = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    this.upload([...(input.files ?? [])]);
    input.value = '';
  };

  /** Uploads files as attachments, loading the attachment list first if need be. */
  upload(files: File[]): void {
    if (files.length === 0) return;
    this.attaching = true;
    this.attachFailed = false;
    this.waiting += 1;
    loadUploads()
      .then(async () => {
        await this.updateComplete;
        this.uploadList!.add(files);
      })
      .catch(() => (this.attachFailed = true))
      .finally(() => (this.waiting -= 1));
  }
}
