/**
 * The public ticket routes, faked inside the page for element tests and stories: it takes
 * over `fetch` and `XMLHttpRequest` (the two ways the SDK's public-ticket functions talk
 * to the server), records every request, and answers like the server would. Uploads wait
 * until the test moves them (`progress`, `finish`), or move by themselves (`autoUpload`).
 * The real routes are tested against a real server in the SDK and server suites.
 */
import type { PublicTicketCreated, PublicTicketForm } from '@plaza/protocol';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface Answer {
  status: number;
  body: unknown;
}

export const CREATED: PublicTicketCreated = { id: '0190c2a0-1111-7000-8000-000000000001', accessToken: 'acme.' + 'T'.repeat(43) };

export function demoForm(): PublicTicketForm {
  return {
    tenant: 'acme',
    categories: ['general', 'billing', 'technical'],
    fields: {
      general: [],
      billing: [
        { key: 'invoice', label: { en: 'Invoice number', 'zh-CN': '发票号' }, type: 'text', required: true, maxLength: 12 },
        { key: 'plan', label: 'Plan', type: 'select', required: false, options: ['basic', 'pro'] },
      ],
      technical: [{ key: 'steps', label: 'Steps to reproduce', type: 'textarea', required: false }],
    },
    upload: { maxBytes: 1024 * 1024, maxFiles: 3 },
  };
}

/** An upload in flight: the test decides when it progresses and how it ends. */
export class PendingUpload {
  readonly request: RecordedRequest;
  aborted = false;

  constructor(
    private readonly xhr: FakeXhr,
    readonly file: File,
  ) {
    this.request = xhr.recorded!;
  }

  progress(loaded: number): void {
    this.xhr.upload.onprogress?.({ loaded, total: this.file.size, lengthComputable: true } as ProgressEvent);
  }

  finish(answer: Answer = { status: 201, body: { ticket: {}, file: { url: '/v1/files/f/content' } } }): void {
    this.xhr.status = answer.status;
    this.xhr.responseText = JSON.stringify(answer.body);
    this.xhr.onload?.();
  }
}

class FakeXhr {
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = '';
  recorded?: RecordedRequest;
  private headers: Record<string, string> = {};
  private method = 'GET';
  private url = '';

  constructor(private readonly server: FakeTicketServer) {}

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }

  send(body: FormData): void {
    this.recorded = { method: this.method, url: this.url, headers: this.headers, body };
    this.server.requests.push(this.recorded);
    const pending = new PendingUpload(this, body.get('file') as File);
    this.server.uploads.push(pending);
    if (this.server.autoUpload) this.server.autoRun(pending);
  }

  abort(): void {
    const pending = this.server.uploads.find((u) => u.request === this.recorded);
    if (pending) pending.aborted = true;
    this.onabort?.();
  }
}

export class FakeTicketServer {
  readonly requests: RecordedRequest[] = [];
  readonly uploads: PendingUpload[] = [];
  form: PublicTicketForm = demoForm();
  /** Answers to the next form loads, in order; then the form. */
  formAnswers: Answer[] = [];
  /** Answers to the next filings, in order; then 201 with `CREATED`. */
  createAnswers: Answer[] = [];
  /** Uploads progress and finish by themselves (stories). */
  autoUpload = false;
  private restore: (() => void) | undefined;

  install(): this {
    const realFetch = window.fetch.bind(window);
    const realXhr = window.XMLHttpRequest;
    window.fetch = (input, init = {}) => this.answerFetch(input instanceof Request ? input.url : input.toString(), init);
    const make = () => new FakeXhr(this);
    // called with `new`: a constructor that returns an object yields that object
    window.XMLHttpRequest = function () {
      return make();
    } as unknown as typeof XMLHttpRequest;
    this.restore = () => {
      window.fetch = realFetch;
      window.XMLHttpRequest = realXhr;
    };
    return this;
  }

  uninstall(): void {
    this.restore?.();
  }

  /** Filings recorded, as JSON. */
  get filed(): Record<string, unknown>[] {
    return this.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/v1/public/tickets')).map((r) => r.body as Record<string, unknown>);
  }

  autoRun(pending: PendingUpload): void {
    let loaded = 0;
    const step = () => {
      if (pending.aborted) return;
      loaded = Math.min(pending.file.size, loaded + Math.max(1, Math.ceil(pending.file.size / 5)));
      pending.progress(loaded);
      if (loaded < pending.file.size) setTimeout(step, 300);
      else pending.finish();
    };
    setTimeout(step, 300);
  }

  private async answerFetch(url: string, init: RequestInit): Promise<Response> {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : init.body;
    this.requests.push({ method, url, headers: { ...(init.headers as Record<string, string>) }, body });
    const answer = url.includes('/v1/public/ticket-form')
      ? (this.formAnswers.shift() ?? { status: 200, body: this.form })
      : (this.createAnswers.shift() ?? { status: 201, body: CREATED });
    if (answer.status === 0) throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  }
}
