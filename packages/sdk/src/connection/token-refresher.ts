import { PlazaError } from '@plaza/protocol';
import { decodeJwtTimes } from './jwt.js';
import type { JwtTimes } from './jwt.js';
import { refreshDelayMs } from './token-source.js';
import type { TokenSource } from './token-source.js';

/** After a refresh that failed for a reason that may pass, try again this much later. */
export const REFRESH_RETRY_MS = 5_000;

export interface TokenRefresherHooks {
  /** Hands the new token to the server (`session:refresh`) and returns its new expiry. */
  send(token: string): Promise<{ expiresAt: string }>;
  /** The server accepted `token`; it now expires at `expiresAt`. */
  refreshed(token: string, expiresAt: string): void;
  /** A refresh failed in a way retrying will not fix (e.g. `unauthorized`). */
  failed(error: PlazaError): void;
  now?: () => number;
}

/**
 * Keeps a connected socket's token fresh: shortly before the current token expires it asks
 * the token provider for a new one and sends it with `session:refresh`, so a long-lived
 * socket is never cut off for an expired token. Refreshes one at a time.
 */
export class TokenRefresher {
  readonly #tokens: TokenSource;
  readonly #hooks: TokenRefresherHooks;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<void> | null = null;
  #current: { token: string; times: JwtTimes | null } | null = null;
  /** Bumped by start/stop, so an answer for an abandoned refresh is dropped. */
  #generation = 0;

  constructor(tokens: TokenSource, hooks: TokenRefresherHooks) {
    this.#tokens = tokens;
    this.#hooks = hooks;
  }

  /**
   * Starts watching `token`, which the server accepted and says expires at `expiresAt`.
   * The JWT's own `exp` and `iat` decide when to refresh; `expiresAt` stands in for an
   * opaque token.
   */
  start(token: string, expiresAt: string): void {
    this.stop();
    if (!this.#tokens.renewable) return;
    this.#current = { token, times: timesOf(token, expiresAt) };
    this.#schedule(this.#current.times);
  }

  /** Refreshes now (the server said `session:expiring`); joins a refresh already running. */
  refreshNow(): Promise<void> {
    if (!this.#current || !this.#tokens.renewable) return Promise.resolve();
    this.#clearTimer();
    if (this.#running) return this.#running;
    const run = this.#refresh(this.#generation).finally(() => {
      if (this.#running === run) this.#running = null;
    });
    this.#running = run;
    return run;
  }

  /** Stops all timers and ignores any refresh still running. */
  stop(): void {
    this.#generation += 1;
    this.#clearTimer();
    this.#current = null;
    this.#running = null;
  }

  async #refresh(generation: number): Promise<void> {
    const current = this.#current;
    if (!current) return;
    try {
      const token = await this.#tokens.get();
      if (generation !== this.#generation) return;
      const times = decodeJwtTimes(token);
      if (times && current.times && times.exp <= current.times.exp) {
        // The provider handed back the token we have (a cache that is not refreshed yet):
        // sending it again would change nothing, so ask again a little later.
        this.#retryLater();
        return;
      }
      const { expiresAt } = await this.#hooks.send(token);
      if (generation !== this.#generation) return;
      this.#current = { token, times: times ?? timesOf(token, expiresAt) };
      this.#hooks.refreshed(token, expiresAt);
      this.#schedule(this.#current.times);
    } catch (error) {
      if (generation !== this.#generation) return;
      const failure = error instanceof PlazaError ? error : new PlazaError('internal', 'token refresh failed', { cause: error });
      if (failure.retryable) this.#retryLater();
      else this.#hooks.failed(failure);
    }
  }

  #schedule(times: JwtTimes | null): void {
    // An opaque token without a known expiry is refreshed only when the server pushes
    // `session:expiring`.
    if (!times) return;
    const delay = refreshDelayMs(times, this.#now());
    this.#setTimer(delay);
  }

  #retryLater(): void {
    const expMs = this.#current?.times ? this.#current.times.exp * 1000 : Infinity;
    // Past `exp` the server closes the socket anyway and the reconnect fetches a new token.
    if (this.#now() + REFRESH_RETRY_MS >= expMs) return;
    this.#setTimer(REFRESH_RETRY_MS);
  }

  #setTimer(delayMs: number): void {
    this.#clearTimer();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.refreshNow();
    }, delayMs);
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #now(): number {
    return this.#hooks.now?.() ?? Date.now();
  }
}

function timesOf(token: string, expiresAt: string): JwtTimes | null {
  const decoded = decodeJwtTimes(token);
  if (decoded) return decoded;
  const expMs = Date.parse(expiresAt);
  return Number.isFinite(expMs) ? { exp: Math.floor(expMs / 1000), iat: null } : null;
}
