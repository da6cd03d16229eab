import type { Attachment, CustomerTicket, CustomerTicketMessage, PlazaClient, PlazaError, UploadOptions } from '@plaza/sdk';
import type { ReadableStore } from '../../controllers/store-controller.js';

/** Whether a ticket's conversation loaded. */
export interface TicketSourceState {
  loading: boolean;
  loaded: boolean;
  error: PlazaError | null;
}

/**
 * One ticket as its customer follows it, whichever way they reach it: signed in (the SDK's
 * live view over the socket) or through a follow-up link (the public REST routes with the
 * ticket's access token, polled). The portal's conversation view works against this.
 */
export interface TicketSource {
  readonly ticket: ReadableStore<CustomerTicket | null>;
  /** The public conversation, ascending. */
  readonly messages: ReadableStore<readonly CustomerTicketMessage[]>;
  readonly state: ReadableStore<TicketSourceState>;
  /** Without a socket, news arrives only when asked for: the view offers a refresh. */
  readonly live: boolean;
  /** A download link for a file of the ticket or its messages. */
  fileUrl(file: Attachment): Promise<string>;
  /** Uploads a file for a reply; resolves with its id. */
  upload(file: File, options: UploadOptions): Promise<string>;
  reply(text: string, attachments: readonly string[]): Promise<unknown>;
  reopen(): Promise<unknown>;
  close(): Promise<unknown>;
  rate(score: number, comment: string): Promise<unknown>;
  /** Loads again (a reconnect does by itself; a public ticket on a timer and on request). */
  reload(): Promise<void>;
  /** Done with it. */
  dispose(): void;
}

/**
 * A signed-in customer's ticket: `client.tickets.customer.view(id)`, live over the socket.
 *
 * @example
 * const source = clientTicketSource(client, ticketId);
 * conversation.source = source; // later: source.dispose()
 */
export function clientTicketSource(client: PlazaClient, ticketId: string): TicketSource {
  const api = client.tickets.customer;
  const view = api.view(ticketId);
  return {
    ticket: view.ticket,
    messages: view.messages,
    state: view.state,
    live: true,
    fileUrl: (file) => client.files.get(file.id).then((info) => info.url),
    upload: (file, options) => client.files.upload(file, options).then((info) => info.id),
    reply: (text, attachments) => api.reply(ticketId, { text, attachments }),
    reopen: () => api.reopen(ticketId),
    close: () => api.close(ticketId),
    rate: (score, comment) => api.rate(ticketId, score, comment),
    reload: () => view.load(),
    dispose: () => view.close(),
  };
}
