import type { Message } from '@plaza/protocol';

/**
 * Where `message` is in `list` (ascending `seq`, which is unique in a channel and never
 * changes), or -1: a binary search, so a channel holding 10,000 messages costs a received
 * message 14 steps, not a map of 10,000 entries.
 */
function indexOf(list: readonly Message[], message: Message): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid].seq < message.seq) low = mid + 1;
    else high = mid;
  }
  return list[low]?.id === message.id ? low : -1;
}

/**
 * Merges `incoming` into `list`, which is in ascending `seq` with unique ids: unknown ids
 * are inserted in `seq` order, known ids replaced when the incoming copy is newer (a higher
 * `rev`; an older copy, say from a history page fetched before an edit arrived, never
 * overwrites a newer one). Returns `list` itself when nothing changed, so stores notify
 * nobody.
 *
 * @example
 * mergeMessages([m1, m3], [m2, m3edited]); // [m1, m2, m3edited]
 */
export function mergeMessages(list: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  if (incoming.length === 0) return list;
  let next: Message[] | null = null;
  const added = new Map<string, Message>();
  for (const message of incoming) {
    const at = indexOf(list, message);
    if (at !== -1) {
      const current = (next ?? list)[at];
      if (message.rev > current.rev) {
        next ??= [...list];
        next[at] = message;
      }
      continue;
    }
    const pending = added.get(message.id);
    if (!pending || message.rev > pending.rev) added.set(message.id, message);
  }
  if (added.size === 0) return next ?? list;
  const fresh = [...added.values()].sort((a, b) => a.seq - b.seq);
  const merged = [...(next ?? list), ...fresh];
  // New messages usually go at the end: no sort then. A page of older ones goes first.
  const last = list.at(-1);
  if (last && fresh[0].seq < last.seq) merged.sort((a, b) => a.seq - b.seq);
  return merged;
}

/**
 * Replaces the messages of `list` that `updates` has newer copies of; inserts nothing.
 * Returns `list` itself when nothing changed.
 *
 * @example
 * replaceMessages(list, [recalled]); // the same list with that one message replaced
 */
export function replaceMessages(list: readonly Message[], updates: readonly Message[]): readonly Message[] {
  const relevant = updates.filter((m) => indexOf(list, m) !== -1);
  return relevant.length === 0 ? list : mergeMessages(list, relevant);
}

/** The highest `rev` among `messages`, or `floor` when that is higher. */
export function maxRev(messages: readonly Message[], floor = 0): number {
  return messages.reduce((max, m) => Math.max(max, m.rev), floor);
}

/**
 * The last revision announced per message id, bounded: remembers the newest `limit` ids,
 * so a long session does not grow without end. It answers "was this message announced
 * already?" (`message` once per id) and "is this update newer than the last one announced?".
 */
export class AnnouncedRevisions {
  readonly #revs = new Map<string, number>();
  readonly #limit: number;

  constructor(limit = 50_000) {
    this.#limit = limit;
  }

  has(id: string): boolean {
    return this.#revs.has(id);
  }

  /** Records `rev` for `id`; returns false when the same or a newer one was recorded before. */
  record(id: string, rev: number): boolean {
    const previous = this.#revs.get(id);
    if (previous !== undefined && previous >= rev) return false;
    this.#revs.delete(id);
    this.#revs.set(id, rev);
    if (this.#revs.size > this.#limit) {
      const oldest = this.#revs.keys().next();
      if (!oldest.done) this.#revs.delete(oldest.value);
    }
    return true;
  }
}
