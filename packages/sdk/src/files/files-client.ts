import { ERROR_CODES, PlazaError } from '@plaza/protocol';
import type { ErrorCode, FileInfo } from '@plaza/protocol';

/** Options of `client.files.upload`. */
export interface UploadOptions {
  /** The file name to store; default: the `File`'s own name, else `'file'`. */
  name?: string;
  /** Called as bytes go out (browsers: as the upload progresses; Node: once at the end). */
  onProgress?(loaded: number, total: number): void;
  /** Aborts the upload; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * `client.files`: uploads for attachments, and file metadata with fresh download URLs.
 *
 * @example
 * const info = await client.files.upload(input.files[0], {
 *   onProgress: (loaded, total) => (bar.value = loaded / total),
 *   signal: controller.signal,
 * });
 * await client.chat.channel(id).send({ text: 'the report', attachments: [info.id] });
 */
export interface FilesApi {
  /**
   * Uploads one file (`POST /v1/files`, multipart, with the current token). Resolves with
   * the stored file; rejects with a `PlazaError` (`payload_too_large`,
   * `unsupported_media_type`, `unavailable` when the server cannot be reached…).
   */
  upload(file: Blob, options?: UploadOptions): Promise<FileInfo>;
  /** A file's metadata with a fresh signed download URL (`GET /v1/files/:id`). */
  get(id: string): Promise<FileInfo>;
}

/** What uploads need from the client. */
export interface FilesConnection {
  readonly url: string;
  currentToken(): Promise<string>;
}

/** The REST side of the client: `fetch` everywhere, `XMLHttpRequest` for upload progress where it exists. */
export class PlazaFiles implements FilesApi {
  readonly #connection: FilesConnection;

  constructor(connection: FilesConnection) {
    this.#connection = connection;
  }

  async upload(file: Blob, options: UploadOptions = {}): Promise<FileInfo> {
    options.signal?.throwIfAborted();
    const token = await this.#connection.currentToken();
    options.signal?.throwIfAborted();
    const form = new FormData();
    form.append('file', file, options.name ?? nameOf(file));
    const request: UploadRequest = { url: apiUrl(this.#connection.url, '/v1/files'), token, form, size: file.size, options };
    const info = await (typeof XMLHttpRequest === 'undefined' ? uploadWithFetch(request) : uploadWithXhr(request));
    return withDownloadUrl(info, this.#connection.url);
  }

  async get(id: string): Promise<FileInfo> {
    const token = await this.#connection.currentToken();
    let response: Response;
    try {
      response = await fetch(apiUrl(this.#connection.url, `/v1/files/${encodeURIComponent(id)}`), {
        headers: { authorization: `Bearer ${token}` },
      });
    } catch (error) {
      throw unreachable(error);
    }
    return withDownloadUrl(answerOf<FileInfo>(response.status, await response.text()), this.#connection.url);
  }
}

/**
 * The server names download URLs as paths under its own URL (never from a Host header a
 * client could choose): make them absolute against the URL this client connects to, so
 * `<img src>` and links work wherever the page is.
 *
 * @example
 * withDownloadUrl({ ...info, url: '/v1/files/f1/content?sig=…' }, 'https://intranet.example/plaza').url;
 * // 'https://intranet.example/plaza/v1/files/f1/content?sig=…'
 */
export function withDownloadUrl(info: FileInfo, serverUrl: string): FileInfo {
  return info.url.startsWith('/') ? { ...info, url: apiUrl(serverUrl, info.url) } : info;
}

/** One multipart upload: where, with which bearer token, and the caller's progress and abort hooks. */
export interface UploadRequest {
  url: string;
  token: string;
  form: FormData;
  size: number;
  options: UploadOptions;
}

export async function uploadWithFetch<T = FileInfo>({ url, token, form, size, options }: UploadRequest): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    throw unreachable(error);
  }
  const body = await response.text();
  const info = answerOf<T>(response.status, body);
  options.onProgress?.(size, size);
  return info;
}

export function uploadWithXhr<T = FileInfo>({ url, token, form, size, options }: UploadRequest): Promise<T> {
  const { signal } = options;
  const onProgress = options.onProgress?.bind(options);
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const abort = (): void => xhr.abort();
    const done = (): void => signal?.removeEventListener('abort', abort);
    xhr.open('POST', url);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    if (onProgress) xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : size);
    xhr.onload = () => {
      done();
      try {
        resolve(answerOf<T>(xhr.status, xhr.responseText));
      } catch (error) {
        reject(error instanceof Error ? error : new PlazaError('internal', String(error)));
      }
    };
    xhr.onerror = () => {
      done();
      reject(unreachable(new Error('network error')));
    };
    xhr.onabort = () => {
      done();
      reject(abortReason(signal));
    };
    signal?.addEventListener('abort', abort, { once: true });
    xhr.send(form);
  });
}

/**
 * The REST URL of `path` under the server's URL, keeping a path prefix
 * (`https://intranet/plaza` → `https://intranet/plaza/v1/files`).
 *
 * @example
 * apiUrl('https://intranet.example/plaza/', '/v1/files'); // 'https://intranet.example/plaza/v1/files'
 */
export function apiUrl(url: string, path: string): string {
  const base = typeof location === 'undefined' ? undefined : location.href;
  const parsed = new URL(url, base);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}${path}`;
}

/** A 2xx answer's JSON, or the Plaza error in the body (by status when there is none). */
export function answerOf<T>(status: number, body: string): T {
  let parsed: unknown;
  try {
    parsed = body === '' ? null : JSON.parse(body);
  } catch {
    parsed = null;
  }
  if (status >= 200 && status < 300 && parsed !== null) return parsed as T;
  const error = PlazaError.fromBody(parsed);
  if (error.code !== 'internal' || status === 500) return throwError(error);
  return throwError(new PlazaError(codeOfStatus(status), `the server answered ${status}`));
}

function throwError(error: PlazaError): never {
  throw error;
}

function codeOfStatus(status: number): ErrorCode {
  const match = (Object.keys(ERROR_CODES) as ErrorCode[]).find((code) => ERROR_CODES[code].status === status);
  return match ?? (status >= 500 ? 'unavailable' : 'bad_request');
}

export function unreachable(error: unknown): PlazaError {
  const detail = error instanceof Error ? error.message : String(error);
  return new PlazaError('unavailable', `cannot reach the Plaza server: ${detail}`, { cause: error });
}

function nameOf(file: Blob): string {
  const { name } = file as Blob & { name?: unknown };
  return typeof name === 'string' && name !== '' ? name : 'file';
}

/** Why an upload was aborted: the signal's reason (an `AbortError` unless the caller gave one). */
function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new PlazaError('unavailable', 'the upload was aborted', { cause: reason });
}
