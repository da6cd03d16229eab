/**
 * When the customer last saw each of their tickets (its `updatedAt` then), kept in
 * `localStorage` per tenant and user so "news" survives a reload and a new visit. Without
 * storage (a sandboxed frame, a private mode that refuses it) it lasts as long as the page.
 */
export class SeenTickets {
  #seen: Map<string, string>;

  constructor(private readonly key: string) {
    this.#seen = new Map(Object.entries(read(key)));
  }

  /**
   * Whether the ticket changed since the customer last saw it. A ticket never seen before
   * counts as seen as it stands: news is what changes after the portal first showed it.
   */
  isNew(id: string, updatedAt: string): boolean {
    const seen = this.#seen.get(id);
    if (seen === undefined) {
      this.#seen.set(id, updatedAt);
      return false;
    }
    return seen < updatedAt;
  }

  /** The customer saw the ticket as it stands. Returns whether that changed anything. */
  mark(id: string, updatedAt: string): boolean {
    if ((this.#seen.get(id) ?? '') >= updatedAt) return false;
    this.#seen.set(id, updatedAt);
    return true;
  }

  /** Keeps only the tickets the customer still has, and stores the rest. */
  save(ids: Iterable<string>): void {
    const kept: Record<string, string> = {};
    for (const id of ids) {
      const at = this.#seen.get(id);
      if (at !== undefined) kept[id] = at;
    }
    try {
      localStorage.setItem(this.key, JSON.stringify(kept));
    } catch {
      // no storage: the page's memory will do
    }
  }
}

function read(key: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}
