import type { Message } from '@plaza/protocol';
import { StateStore } from '../store/state-store.js';
import { mergeMessages, replaceMessages } from './message-list.js';
import type { ChannelHandle, PendingMessage, SendInput, ThreadHandle } from './types.js';

/** A page of replies as large as the server allows: threads are usually short. */
export const THREAD_PAGE = 200;

/** What a thread needs from its channel. */
export interface ThreadParent {
  readonly handle: ChannelHandle;
  fetchReplies(rootId: string, after: number | undefined): Promise<{ messages: Message[]; hasMore: boolean }>;
}

/** The replies of one top-level message; made by `channel.thread(rootId)`. */
export class PlazaThread implements ThreadHandle {
  readonly rootId: string;
  readonly messages = new StateStore<readonly Message[]>([]);
  readonly pending = new StateStore<readonly PendingMessage[]>([]);
  readonly #parent: ThreadParent;
  readonly #stopPending: () => void;

  constructor(parent: ThreadParent, rootId: string) {
    this.#parent = parent;
    this.rootId = rootId;
    const channelPending = parent.handle.pending;
    const pick = (all: readonly PendingMessage[]): readonly PendingMessage[] =>
      all.filter((entry) => entry.threadRootId === rootId);
    this.pending.set(pick(channelPending.get()));
    this.#stopPending = channelPending.subscribeWithSelector(pick, (mine) => this.pending.set(mine));
  }

  async load(): Promise<void> {
    let after: number | undefined;
    for (;;) {
      const page = await this.#parent.fetchReplies(this.rootId, after);
      this.messages.set(mergeMessages(this.messages.get(), page.messages));
      const last = page.messages.at(-1);
      if (!page.hasMore || !last) return;
      after = last.seq;
    }
  }

  send(input: Omit<SendInput, 'threadRootId'>): Promise<Message> {
    return this.#parent.handle.send({ ...input, threadRootId: this.rootId });
  }

  /** A reply arrived (push, sync, ack). */
  receive(message: Message): void {
    this.messages.set(mergeMessages(this.messages.get(), [message]));
  }

  /** A reply changed. */
  update(message: Message): void {
    this.messages.set(replaceMessages(this.messages.get(), [message]));
  }

  dispose(): void {
    this.#stopPending();
  }
}
