/** How long someone counts as typing after their last `chat:typing`, ms. */
export const TYPING_EXPIRY_MS = 5_000;

/**
 * Who is typing in one channel: each `chat:typing` adds (or renews) a user, who drops out
 * `TYPING_EXPIRY_MS` after their last one, or at once when their message arrives.
 *
 * @example
 * const tracker = new TypingTracker((ids) => state.patch({ typing: ids }));
 * tracker.add('bob'); // ['bob'], and [] five seconds later
 */
export class TypingTracker {
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #changed: (userIds: readonly string[]) => void;
  readonly #expiryMs: number;

  constructor(changed: (userIds: readonly string[]) => void, expiryMs = TYPING_EXPIRY_MS) {
    this.#changed = changed;
    this.#expiryMs = expiryMs;
  }

  add(userId: string): void {
    const known = this.#timers.get(userId);
    if (known !== undefined) clearTimeout(known);
    this.#timers.set(
      userId,
      setTimeout(() => this.remove(userId), this.#expiryMs),
    );
    if (known === undefined) this.#publish();
  }

  remove(userId: string): void {
    const timer = this.#timers.get(userId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(userId);
    this.#publish();
  }

  /** Forgets everyone and stops every timer. */
  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    const hadAny = this.#timers.size > 0;
    this.#timers.clear();
    if (hadAny) this.#publish();
  }

  #publish(): void {
    this.#changed([...this.#timers.keys()]);
  }
}
