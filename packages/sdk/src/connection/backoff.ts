/** Settings of an exponential backoff. */
export interface BackoffSettings {
  /** First delay, ms. */
  minMs: number;
  /** Longest delay, ms. */
  maxMs: number;
  /** 0…1: each delay is moved by up to this share of itself, up or down. */
  jitter: number;
}

/**
 * Exponential backoff with jitter, the same curve socket.io-client uses for its own
 * reconnects. The SDK needs its own for the retries socket.io does not make: after the
 * server refused a handshake with a retryable code (say `unavailable` while its database
 * restarts), socket.io stops for good.
 *
 * @example
 * const backoff = new Backoff({ minMs: 500, maxMs: 10_000, jitter: 0.5 });
 * setTimeout(retry, backoff.next());
 */
export class Backoff {
  readonly #settings: BackoffSettings;
  readonly #random: () => number;
  #attempts = 0;

  constructor(settings: BackoffSettings, random: () => number = Math.random) {
    this.#settings = settings;
    this.#random = random;
  }

  /** How many delays were handed out since the last reset. */
  get attempts(): number {
    return this.#attempts;
  }

  /** The next delay, ms; each call doubles the base until `maxMs`. */
  next(): number {
    const { minMs, maxMs, jitter } = this.#settings;
    const base = Math.min(maxMs, minMs * 2 ** this.#attempts);
    this.#attempts += 1;
    // Jitter spreads many clients that lost the same server over time, so its restart is
    // not met by all of them in the same instant.
    const offset = (this.#random() * 2 - 1) * jitter * base;
    return Math.round(Math.min(maxMs, Math.max(0, base + offset)));
  }

  /** Starts again from `minMs`; after a success. */
  reset(): void {
    this.#attempts = 0;
  }
}
