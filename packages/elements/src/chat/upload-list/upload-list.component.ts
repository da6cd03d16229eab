import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { FileInfo } from '@plaza/protocol';
import { PlazaElement } from '../../base/plaza-element.js';
import '../translations/index.js';
import '../translations/parts.js';
import { closeIcon } from '../shared/icons.js';
import { chatBaseStyles } from '../shared/styles.js';
import { uploadListStyles } from './upload-list.styles.js';

interface Upload {
  key: number;
  name: string;
  loaded: number;
  total: number;
  controller: AbortController;
  info?: FileInfo;
  failed?: boolean;
}

/**
 * @tag plaza-upload-list
 * @summary A composer's attachments: files uploading (with progress and Cancel), uploaded
 * (with Remove) or failed.
 *
 * @description Loaded on demand: `<plaza-composer>` renders it (its own chunk of the
 * script-tag bundle) when the first file is attached, by button, paste or drop, with
 * "Loading…" shown meanwhile. Uploads run in parallel through `client.files`.
 *
 * @event uploads-change - Internal, not composed: an upload started, finished, failed or was removed.
 */
export class PlazaUploadList extends PlazaElement {
  static override styles = [chatBaseStyles, uploadListStyles];

  @state() private uploads: Upload[] = [];
  private keys = 0;

  /** Ids of the uploaded files, to send as attachments. */
  get attachments(): string[] {
    return this.uploads.flatMap((u) => (u.info ? [u.info.id] : []));
  }

  /** Whether an upload is still running (nothing may be sent meanwhile). */
  get busy(): boolean {
    return this.uploads.some((u) => !u.info && !u.failed);
  }

  /** Uploads files in parallel; each shows its progress and can be cancelled. */
  add(files: readonly File[]): void {
    const api = this.client?.files;
    if (!api) return;
    for (const file of files) {
      const upload: Upload = { key: ++this.keys, name: file.name, loaded: 0, total: file.size, controller: new AbortController() };
      this.change([...this.uploads, upload]);
      const patch = (changes: Partial<Upload>) => this.change(this.uploads.map((u) => (u === upload ? Object.assign(u, changes) : u)));
      api
        .upload(file, { name: file.name, signal: upload.controller.signal, onProgress: (loaded, total) => patch({ loaded, total }) })
        .then(
          (info) => patch({ info, loaded: upload.total }),
          () => {
            if (!upload.controller.signal.aborted) patch({ failed: true });
          },
        );
    }
  }

  /** Drops every attachment, cancelling running uploads (sent, or another channel). */
  clear(): void {
    for (const upload of this.uploads) upload.controller.abort();
    this.change([]);
  }

  protected override render() {
    if (this.uploads.length === 0) return nothing;
    const t = this.localize.term.bind(this.localize);
    return html`<ul>
      ${this.uploads.map((upload) => {
        const settled = upload.info !== undefined || upload.failed;
        return html`<li class=${upload.failed ? 'failed' : ''}>
          <span class="name">${upload.failed ? t('uploadFailed', upload.name) : upload.name}</span>
          ${settled
            ? nothing
            : html`<progress max=${upload.total || 1} .value=${upload.loaded} aria-label=${t('uploading', upload.name)}></progress>`}
          <button
            class="icon-button"
            type="button"
            aria-label=${t(settled ? 'removeAttachment' : 'cancelUpload')}
            @click=${() => this.discard(upload)}
          >
            ${closeIcon}
          </button>
        </li>`;
      })}
    </ul>`;
  }

  private discard(upload: Upload): void {
    upload.controller.abort();
    this.change(this.uploads.filter((u) => u !== upload));
    this.dispatchEvent(new CustomEvent('upload-removed'));
  }

  private change(uploads: Upload[]): void {
    this.uploads = uploads;
    this.dispatchEvent(new CustomEvent('uploads-change'));
  }
}
