import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { PlazaElement } from '../../base/plaza-element.js';
import '../translations/index.js';
import '../translations/parts.js';
import type { PlazaMessageItem } from '../message-item/message-item.component.js';
import { chatBaseStyles } from '../shared/styles.js';
import { messageEditorStyles } from './message-editor.styles.js';

/**
 * @tag plaza-message-editor
 * @summary Edits a message in place: Enter saves, Shift+Enter starts a new line, Escape
 * cancels.
 *
 * @description Rendered by `<plaza-message-item>` in place of the message text while the
 * author edits it; loaded on demand with the message menu, where "Edit" is. Focus starts
 * at the end of the text and returns to the message when the editor closes.
 */
export class PlazaMessageEditor extends PlazaElement {
  static override styles = [chatBaseStyles, messageEditorStyles];

  /** The message item being edited. */
  @property({ attribute: false }) item?: PlazaMessageItem;

  protected override firstUpdated(): void {
    const area = this.renderRoot.querySelector('textarea')!;
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }

  protected override render() {
    const t = this.localize.term.bind(this.localize);
    return html`<form @submit=${this.save}>
      <textarea aria-label=${t('editMessage')} .value=${this.item?.message?.text ?? ''} @keydown=${this.handleKey}></textarea>
      <div class="actions">
        <button type="button" class="text-button" @click=${() => this.close()}>${t('cancel')}</button>
        <button type="submit" class="text-button primary">${t('save')}</button>
      </div>
    </form>`;
  }

  private close(): void {
    this.item?.endEdit();
  }

  private readonly handleKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.close();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.save(event);
  };

  private readonly save = (event: Event): void => {
    event.preventDefault();
    const item = this.item;
    const message = item?.message;
    const text = this.renderRoot.querySelector('textarea')!.value.trim();
    this.close();
    if (item?.handle && message && text && text !== message.text) void item.run(() => item.handle!.edit(message.id, text));
  };
}
