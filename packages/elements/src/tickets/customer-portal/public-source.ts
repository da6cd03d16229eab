import { PlazaError, StateStore } from '@plaza/sdk/core';
import type { CustomerTicket, CustomerTicketMessage, FileInfo, PublicTicketForm } from '@plaza/protocol';
import { fetchTicketForm, followPublicTicket, ratePublicTicket, replyToPublicTicket, setPublicTicketStatus, uploadForPublicReply } from '@plaza/sdk/public-tickets';
import type { FollowUpTicket } from '../shared/follow-up-link.js';
import type { TicketSource, TicketSourceState } from '../shared/ticket-source.js';

/**
 * How often a followed public ticket is fetched again while the page is visible: there is
 * no socket without a sign-in. The public routes allow 300 requests per 10 minutes and
 * address, so a few open tabs stay far below.
 */
export const PUBLIC_REFRESH_MS = 15_000;

/**
 * A ticket followed through its follow-up link (`@plaza/sdk/public-tickets` with the
 * access token): loaded at once, then again every `PUBLIC_REFRESH_MS` while the page is
 * visible, when it becomes visible, and after every change the customer makes. Its own
 * chunk, loaded only by pages that show such a link.
 */
export function publicTicketSource(url: string, followed: FollowUpTicket): TicketSource {
  const { id, accessToken } = followed;
  const ticket = new StateStore<CustomerTicket | null>(null);
  const messages = new StateStore<readonly CustomerTicketMessage[]>([]);
  const state = new StateStore<TicketSourceState>({ loading: false, loaded: false, error: null });
  let files = new Map<string, FileInfo>();
  let disposed = false;

  const reload = async (): Promise<void> => {
    state.patch({ loading: true });
    try {
      const detail = await followPublicTicket(url, id, accessToken);
      if (disposed) return;
      files = new Map(detail.files.map((file) => [file.id, file]));
      ticket.set(detail.ticket);
      messages.set(detail.messages);
      state.set({ loading: false, loaded: true, error: null });
    } catch (error) {
      state.set({ ...state.get(), loading: false, error: error instanceof PlazaError ? error : new PlazaError('unavailable', String(error)) });
    }
  };
  /** A change, then the ticket as it now stands (the change's answer holds only part of it). */
  const then = <T>(change: Promise<T>): Promise<T> => change.then(async (result) => (await reload(), result));

  const onVisible = (): void => {
    if (document.visibilityState === 'visible') void reload();
  };
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') void reload();
  }, PUBLIC_REFRESH_MS);
  document.addEventListener('visibilitychange', onVisible);
  void reload();

  return {
    ticket,
    messages,
    state,
    live: false,
    fileUrl: async (file) => {
      const known = files.get(file.id);
      // Download links last a few minutes: an old one is renewed by loading again.
      if (!known || Date.parse(known.urlExpiresAt) - Date.now() < 30_000) await reload();
      const url = files.get(file.id)?.url;
      if (!url) throw new PlazaError('not_found', file.name);
      return url;
    },
    upload: (file, options) => uploadForPublicReply(url, id, accessToken, file, options).then((info) => info.id),
    reply: (text, attachments) => then(replyToPublicTicket(url, id, accessToken, { text, attachments: [...attachments] })),
    reopen: () => then(setPublicTicketStatus(url, id, accessToken, 'open')),
    close: () => then(setPublicTicketStatus(url, id, accessToken, 'closed')),
    rate: (score, comment) => then(ratePublicTicket(url, id, accessToken, { score, comment })),
    reload,
    dispose: () => {
      disposed = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}

/** The tenant's ticket form, for the custom fields' labels of a followed ticket. */
export function publicTicketForm(url: string, tenant: string): Promise<PublicTicketForm> {
  return fetchTicketForm(url, tenant);
}
