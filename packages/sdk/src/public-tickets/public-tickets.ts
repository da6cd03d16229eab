import type {
  CustomerTicket,
  CustomerTicketMessage,
  FileInfo,
  PublicCreateTicketBody,
  PublicReplyBody,
  PublicTicketCreated,
  PublicTicketDetail,
  PublicTicketForm,
  RatingBody,
} from '@plaza/protocol';
import { answerOf, apiUrl, unreachable, uploadWithFetch, uploadWithXhr, withDownloadUrl, type UploadOptions } from '../files/files-client.js';

/**
 * The public ticket routes (no sign-in) as plain functions over `fetch`, for the standalone
 * ticket form and for hosts building their own: no socket, no client object, so a page
 * loads only what it calls. `url` is the Plaza server (a path prefix is kept). Every
 * function rejects with a `PlazaError` (`unavailable` when the server cannot be reached).
 *
 * @example
 * const { id, accessToken } = await createPublicTicket(url, { tenant: 'acme', name, email, subject, description });
 * await attachToPublicTicket(url, id, accessToken, file, { onProgress: (sent, total) => (bar.value = sent / total) });
 */

async function request<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw unreachable(error);
  }
  return answerOf<T>(response.status, await response.text());
}

function json(method: string, body: unknown, token?: string): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) };
}

function ticketPath(id: string, rest = ''): string {
  return `/v1/public/tickets/${encodeURIComponent(id)}${rest}`;
}

/** What the tenant's form asks for: categories, custom fields per category, upload limits. */
export function fetchTicketForm(url: string, tenant: string): Promise<PublicTicketForm> {
  return request(apiUrl(url, `/v1/public/ticket-form?tenant=${encodeURIComponent(tenant)}`), { method: 'GET' });
}

/** Files a ticket; the access token in the answer is shown once and follows the ticket. */
export function createPublicTicket(url: string, body: PublicCreateTicketBody): Promise<PublicTicketCreated> {
  return request(apiUrl(url, '/v1/public/tickets'), json('POST', body));
}

/** The ticket and its public conversation; file links are made absolute against `url`. */
export async function followPublicTicket(url: string, id: string, accessToken: string): Promise<PublicTicketDetail> {
  const detail = await request<PublicTicketDetail>(apiUrl(url, ticketPath(id)), { method: 'GET', headers: { authorization: `Bearer ${accessToken}` } });
  return { ...detail, files: detail.files.map((file) => withDownloadUrl(file, url)) };
}

function uploadTo<T>(url: string, path: string, accessToken: string, file: Blob, options: UploadOptions): Promise<T> {
  options.signal?.throwIfAborted();
  const form = new FormData();
  const name = options.name ?? (file as Blob & { name?: string }).name;
  form.append('file', file, name || 'file');
  const upload = { url: apiUrl(url, path), token: accessToken, form, size: file.size, options };
  // XMLHttpRequest where it exists: fetch reports no upload progress
  return typeof XMLHttpRequest === 'undefined' ? uploadWithFetch<T>(upload) : uploadWithXhr<T>(upload);
}

/** Uploads a file and attaches it to the ticket itself, with progress and abort. */
export async function attachToPublicTicket(url: string, id: string, accessToken: string, file: Blob, options: UploadOptions = {}): Promise<{ ticket: CustomerTicket; file: FileInfo }> {
  const answer = await uploadTo<{ ticket: CustomerTicket; file: FileInfo }>(url, ticketPath(id, '/attachments'), accessToken, file, options);
  return { ...answer, file: withDownloadUrl(answer.file, url) };
}

/** Uploads a file for a reply's `attachments`. */
export async function uploadForPublicReply(url: string, id: string, accessToken: string, file: Blob, options: UploadOptions = {}): Promise<FileInfo> {
  return withDownloadUrl(await uploadTo<FileInfo>(url, ticketPath(id, '/files'), accessToken, file, options), url);
}

export function replyToPublicTicket(url: string, id: string, accessToken: string, body: PublicReplyBody): Promise<CustomerTicketMessage> {
  return request(apiUrl(url, ticketPath(id, '/messages')), json('POST', body, accessToken));
}

/** Reopen (within the reopen period) or close the ticket. */
export function setPublicTicketStatus(url: string, id: string, accessToken: string, status: 'open' | 'closed'): Promise<CustomerTicket> {
  return request(apiUrl(url, ticketPath(id, '/status')), json('POST', { status }, accessToken));
}

export function ratePublicTicket(url: string, id: string, accessToken: string, body: RatingBody): Promise<CustomerTicket> {
  return request(apiUrl(url, ticketPath(id, '/rating')), json('POST', body, accessToken));
}
