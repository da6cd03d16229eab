import { PlazaError } from '@plaza/protocol';
import type { TicketPage } from '@plaza/protocol';
import { StateStore } from '../store/state-store.js';
import { byTime } from './rules.js';
import type { TicketQueueState, TicketViewState } from './types.js';

/** What tickets and messages have in common, for the live stores below. */
export interface Item {
  id: string;
}
export interface Message extends Item {
  ticketId: string;
  createdAt: string;
}

/** How many pages a list follows on one load at most, when it loads them all (`pagesPerLoad`). */
const MAX_PAGES = 20;

/**
 * The tickets one side (agent or customer) knows, shared by its open lists and
 * conversations: a newer copy (by `isNewer`) replaces an older one, whether it came in a
 * push, an answer to a change, or a load; every holder hears of it.
 */
export class TicketHub<T extends Item, M extends Message> {
  readonly #cache = new Map<string, T>();
  readonly #lists = new Map<string, LiveList<T>>();
  readonly #conversations = new Map<string, LiveConversation<T, M>>();

  constructor(private readonly isNewer: (incoming: T, current: T) => boolean) {}

  get(id: string): T | undefined {
    return this.#cache.get(id);
  }

  all(): IterableIterator<T> {
    return this.#cache.values();
  }

  /** Takes tickets in; answers the ones that were news. */
  accept(items: readonly T[]): T[] {
    const fresh: T[] = [];
    for (const item of items) {
      const current = this.#cache.get(item.id);
      if (current && !this.isNewer(item, current)) continue;
      this.#cache.set(item.id, item);
      fresh.push(item);
    }
    if (fresh.length === 0) return fresh;
    for (const list of this.#lists.values()) list.changed(fresh);
    for (const item of fresh) this.#conversations.get(item.id)?.changed(item);
    return fresh;
  }

  /** A message was added (pushed, or answered to this client's own write). */
  added(message: M): void {
    this.#conversations.get(message.ticketId)?.added(message);
  }

  /** The list of `key`, made by `make` if none is open; counted, so each open needs a close. */
  list<L extends LiveList<T>>(key: string, make: () => L, online: boolean): L {
    let list = this.#lists.get(key) as L | undefined;
    if (!list) {
      list = make();
      const made = list;
      this.#lists.set(key, made);
      made.onClosed = () => {
        if (this.#lists.get(key) === made) this.#lists.delete(key);
      };
      if (online) void made.load().catch(() => undefined);
    }
    list.users += 1;
    return list;
  }

  conversation<C extends LiveConversation<T, M>>(id: string, make: () => C, online: boolean): C {
    let conversation = this.#conversations.get(id) as C | undefined;
    if (!conversation) {
      conversation = make();
      const made = conversation;
      this.#conversations.set(id, made);
      made.onClosed = () => {
        if (this.#conversations.get(id) === made) this.#conversations.delete(id);
      };
      if (online) void made.load().catch(() => undefined);
    }
    conversation.users += 1;
    return conversation;
  }

  /** After every sign-in: everything open loads again, so what changed meanwhile shows. */
  reload(): void {
    for (const list of this.#lists.values()) void list.load().catch(() => undefined);
    for (const conversation of this.#conversations.values()) void conversation.load().catch(() => undefined);
  }
}

/** What a list needs of its hub. */
export interface TicketStore<T extends Item> {
  get(id: string): T | undefined;
  accept(items: readonly T[]): T[];
}

/** How a list gets and orders its tickets. */
export interface ListSource<T extends Item> {
  hub: TicketStore<T>;
  /** One page from the server, after `cursor` (null: the first). */
  fetch: (cursor: string | null) => Promise<TicketPage<T>>;
  /** Whether a ticket belongs in the list (what the server's query would answer). */
  matches: (item: T) => boolean;
  /** Whether a member is shown (a filter the server does not apply). */
  shown: (item: T) => boolean;
  order: (a: T, b: T) => number;
  /** Pages one `load()` follows: 1 (then `loadMore()`), or `'all'`. */
  pagesPerLoad: 1 | 'all';
}

/**
 * A live list of tickets. A load takes the server's answer as the membership; from then
 * on every ticket the hub hears of is matched: one that now matches joins, one that no
 * longer does leaves.
 */
export class LiveList<T extends Item> {
  readonly tickets = new StateStore<readonly T[]>([]);
  readonly state = new StateStore<TicketQueueState>({ loading: false, loaded: false, error: null, hasMore: false });
  users = 0;
  onClosed: () => void = () => undefined;
  readonly #source: ListSource<T>;
  readonly #members = new Set<string>();
  /** Ids heard of while a load was under way: newer than its answer may know. */
  readonly #heard = new Set<string>();
  #cursor: string | null = null;
  #epoch = 0;
  #closed = false;
  /** The list's own answer is going into the hub: membership is set from it just after. */
  #taking = false;

  constructor(source: ListSource<T>) {
    this.#source = source;
  }

  async load(): Promise<void> {
    const epoch = ++this.#epoch;
    this.#heard.clear();
    this.state.patch({ loading: true });
    const items: T[] = [];
    let cursor: string | null = null;
    try {
      for (let page = 0; page < (this.#source.pagesPerLoad === 'all' ? MAX_PAGES : 1); page += 1) {
        const answer: TicketPage<T> = await this.#source.fetch(cursor);
        items.push(...answer.tickets);
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
    } catch (error) {
      if (epoch === this.#epoch && !this.#closed) this.state.patch({ loading: false, error: asPlazaError(error) });
      throw error;
    }
    if (epoch !== this.#epoch || this.#closed) return;
    const { hub } = this.#source;
    this.#members.clear();
    this.#take(items);
    for (const item of items) this.#members.add(item.id);
    // What was pushed while the answer was on its way may be newer than it.
    for (const id of this.#heard) {
      const item = hub.get(id);
      if (item && this.#source.matches(item)) this.#members.add(id);
      else this.#members.delete(id);
    }
    this.#cursor = cursor;
    this.#publish();
    this.state.set({ loading: false, loaded: true, error: null, hasMore: cursor !== null });
  }

  async loadMore(): Promise<void> {
    const cursor = this.#cursor;
    if (cursor === null || this.state.get().loading) return;
    const epoch = this.#epoch;
    this.state.patch({ loading: true });
    let answer: TicketPage<T>;
    try {
      answer = await this.#source.fetch(cursor);
    } catch (error) {
      if (epoch === this.#epoch && !this.#closed) this.state.patch({ loading: false, error: asPlazaError(error) });
      throw error;
    }
    if (epoch !== this.#epoch || this.#closed) return;
    this.#take(answer.tickets);
    for (const item of answer.tickets) {
      const current = this.#source.hub.get(item.id) ?? item;
      if (this.#source.matches(current)) this.#members.add(item.id);
    }
    this.#cursor = answer.nextCursor;
    this.#publish();
    this.state.patch({ loading: false, error: null, hasMore: answer.nextCursor !== null });
  }

  close(): void {
    this.users -= 1;
    if (this.#closed || this.users > 0) return;
    this.#closed = true;
    this.onClosed();
  }

  #take(items: readonly T[]): void {
    this.#taking = true;
    try {
      this.#source.hub.accept(items);
    } finally {
      this.#taking = false;
    }
  }

  /** Tickets the hub took in. */
  changed(items: readonly T[]): void {
    if (this.#closed || this.#taking) return;
    const state = this.state.get();
    if (state.loading) for (const item of items) this.#heard.add(item.id);
    if (!state.loaded) return;
    let touched = false;
    for (const item of items) {
      const member = this.#members.has(item.id);
      const fits = this.#source.matches(item);
      if (fits && !member) this.#members.add(item.id);
      else if (!fits && member) this.#members.delete(item.id);
      else if (!member) continue;
      touched = true;
    }
    if (touched) this.#publish();
  }

  #publish(): void {
    const { hub, shown, order } = this.#source;
    const items: T[] = [];
    for (const id of this.#members) {
      const item = hub.get(id);
      if (item && shown(item)) items.push(item);
    }
    this.tickets.set(items.sort(order));
  }
}

/**
 * One ticket and its conversation, live: the ticket follows the hub, messages are added
 * as they are pushed or written here (once per id, in time order).
 */
export class LiveConversation<T extends Item, M extends Message> {
  readonly ticket = new StateStore<T | null>(null);
  readonly messages = new StateStore<readonly M[]>([]);
  readonly state = new StateStore<TicketViewState>({ loading: false, loaded: false, error: null });
  users = 0;
  onClosed: () => void = () => undefined;
  /** Messages added while a load was on its way: its answer may predate them. */
  #early: M[] = [];
  #epoch = 0;
  #closed = false;

  constructor(
    readonly ticketId: string,
    private readonly hub: TicketHub<T, M>,
    private readonly fetch: () => Promise<{ ticket: T; messages: M[] }>,
  ) {
    const known = hub.get(ticketId);
    if (known) this.ticket.set(known);
  }

  async load(): Promise<void> {
    const epoch = ++this.#epoch;
    this.#early = [];
    this.state.patch({ loading: true });
    let answer: { ticket: T; messages: M[] };
    try {
      answer = await this.fetch();
    } catch (error) {
      if (epoch === this.#epoch && !this.#closed) this.state.patch({ loading: false, error: asPlazaError(error) });
      throw error;
    }
    if (epoch !== this.#epoch || this.#closed) return;
    this.hub.accept([answer.ticket]);
    this.ticket.set(this.hub.get(this.ticketId) ?? answer.ticket);
    this.messages.set(merge(answer.messages, this.#early));
    this.#early = [];
    this.state.set({ loading: false, loaded: true, error: null });
  }

  close(): void {
    this.users -= 1;
    if (this.#closed || this.users > 0) return;
    this.#closed = true;
    this.onClosed();
  }

  changed(item: T): void {
    if (!this.#closed) this.ticket.set(item);
  }

  added(message: M): void {
    if (this.#closed) return;
    if (this.state.get().loading) this.#early.push(message);
    if (!this.messages.get().some((m) => m.id === message.id)) this.messages.set(merge(this.messages.get(), [message]));
  }
}

/** Messages by id, the later copy winning, in time order. */
function merge<M extends Message>(base: readonly M[], more: readonly M[]): M[] {
  const byId = new Map(base.map((m) => [m.id, m]));
  for (const m of more) byId.set(m.id, m);
  return [...byId.values()].sort(byTime);
}

export function asPlazaError(error: unknown): PlazaError {
  return error instanceof PlazaError ? error : new PlazaError('internal', 'unexpected error', { cause: error });
}
