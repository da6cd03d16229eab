/**
 * The public ticket routes, faked inside the page for element tests and stories: it takes
 * over `fetch` and `XMLHttpRequest` (the two ways the SDK's public-ticket functions talk
 * to the server), records every request, and answers like the server would. Uploads wait
 * until the test moves them (`progress`, `finish`), or move by themselves (`autoUpload`).
 * The real routes are tested against a real server in the SDK and server suites.
 */
import { statusAfterReply } from '@plaza/protocol';
import type { CustomerTicketMessage, FileInfo, PublicTicketCreated, PublicTicketDetail, PublicTicketForm } from '@plaza/protocol';

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

/** What the follow-up routes take: a reply, a status change or a rating. */
interface FollowedBody {
  text?: string;
  attachments?: string[];
  status?: 'open' | 'closed';
  score?: number;
  comment?: string;
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

  finish(answer: Answer = this.xhr.server.uploadAnswer(this)): void {
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

  constructor(readonly server: FakeTicketServer) {}

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
  /**
   * A ticket the follow-up routes answer for (`/v1/public/tickets/:id…` with its access
   * token): read, reply (by the reply rules), reopen or close, rate, upload for a reply.
   * Other ids or tokens answer `not_found`, as the server does.
   */
  followed: { detail: PublicTicketDetail; accessToken: string } | null = null;
  #files = 0;
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

  /** How an upload answers when the test does not say: a reply's file, or a file attached to the new ticket. */
  uploadAnswer(pending: PendingUpload): Answer {
    if (!pending.request.url.endsWith('/files')) return { status: 201, body: { ticket: {}, file: { url: '/v1/files/f/content' } } };
    const id = `0190c2a0-2222-7000-8000-${String(++this.#files).padStart(12, '0')}`;
    const file: FileInfo = { id, name: pending.file.name, size: pending.file.size, type: pending.file.type || 'application/octet-stream', uploadedBy: '#ticket', createdAt: new Date().toISOString(), url: `/v1/files/${id}/content`, urlExpiresAt: new Date(Date.now() + 300_000).toISOString() };
    this.followed?.detail.files.push(file);
    return { status: 201, body: file };
  }

  /** The follow-up routes of `followed` (`/v1/public/tickets/:id`, `…/messages`, `…/status`, `…/rating`). */
  private answerFollowed(method: string, path: string, headers: Record<string, string>, json: unknown): Answer {
    const body = (json ?? {}) as FollowedBody;
    const followed = this.followed;
    const match = /^\/v1\/public\/tickets\/([^/]+)(\/\w+)?$/.exec(path);
    if (!followed || !match || decodeURIComponent(match[1]) !== followed.detail.ticket.id || headers.authorization !== `Bearer ${followed.accessToken}`) {
      return { status: 404, body: { error: { code: 'not_found', message: 'no such ticket' } } };
    }
    const { detail } = followed;
    const at = new Date().toISOString();
    const change = (patch: Partial<PublicTicketDetail['ticket']>) => (detail.ticket = { ...detail.ticket, ...patch, updatedAt: at });
    if (method === 'GET') return { status: 200, body: structuredClone(detail) };
    if (match[2] === '/messages') {
      const status = statusAfterReply(detail.ticket.status, 'customer');
      if (status === null) return { status: 409, body: { error: { code: 'conflict', message: 'the ticket is closed' } } };
      const attachments = (body.attachments ?? []).map((id) => {
        const file = detail.files.find((f) => f.id === id)!;
        return { id, name: file.name, size: file.size, type: file.type };
      });
      const message: CustomerTicketMessage = { id: `0190c2a0-3333-7000-8000-${String(detail.messages.length + 1).padStart(12, '0')}`, ticketId: detail.ticket.id, author: { kind: 'customer', name: 'Li Lei' }, text: body.text ?? '', attachments, createdAt: at };
      detail.messages.push(message);
      change({ status, messageCount: detail.messages.length, ...(status === 'open' ? { resolvedAt: null, reopenUntil: null } : {}) });
      return { status: 201, body: message };
    }
    if (match[2] === '/status') {
      change(body.status === 'closed' ? { status: 'closed', closedAt: at, reopenUntil: null } : { status: 'open', resolvedAt: null, reopenUntil: null });
      return { status: 200, body: detail.ticket };
    }
    if (match[2] === '/rating') {
      change({ rating: { score: body.score ?? 0, comment: body.comment ?? '', ratedAt: at } });
      return { status: 200, body: detail.ticket };
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'no such route' } } };
  }

  private async answerFetch(url: string, init: RequestInit): Promise<Response> {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : init.body;
    const headers = { ...(init.headers as Record<string, string>) };
    this.requests.push({ method, url, headers, body });
    const path = new URL(url, location.href).pathname;
    const answer = url.includes('/v1/public/ticket-form')
      ? (this.formAnswers.shift() ?? { status: 200, body: this.form })
      : path.startsWith('/v1/public/tickets/')
        ? this.answerFollowed(method, path, headers, body)
        : (this.createAnswers.shift() ?? { status: 201, body: CREATED });
    if (answer.status === 0) throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  }
}
