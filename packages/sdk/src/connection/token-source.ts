import { PlazaError } from '@plaza/protocol';
import type { JwtTimes } from './jwt.js';

/**
 * Returns a fresh user token, typically by asking the host's backend. Called on every
 * (re)connect and before the current token expires.
 *
 * @example
 * const token: TokenProvider = async () => {
 *   const response = await fetch('/api/plaza-token', { credentials: 'include' });
 *   if (response.status === 401) throw new PlazaError('unauthorized', 'signed out');
 *   return response.text();
 * };
 */
export type TokenProvider = () => Promise<string>;

/** Refresh this long before `exp` for tokens that live long enough. */
export const REFRESH_LEAD_MS = 60_000;
/** Short tokens are refreshed after this share of their lifetime… */
export const SHORT_TOKEN_REFRESH_AT = 0.8;
/** …but never closer to `exp` than this, which covers a round trip and some clock skew. */
export const MIN_REFRESH_LEAD_MS = 1_000;
/** Longest delay `setTimeout` can hold (about 24.8 days); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Where tokens come from: a fixed string or a provider function. A fixed token cannot be
 * renewed, so only a provider gets a retry after `unauthorized` and refreshes before expiry.
 */
export class TokenSource {
  readonly #token: string | TokenProvider;

  constructor(token: string | TokenProvider) {
    this.#token = token;
  }

  /** Whether asking again can give a different token. */
  get renewable(): boolean {
    return typeof this.#token === 'function';
  }

  /**
   * The token to use now. A provider that throws, or returns something that is not a
   * non-empty string, rejects with a `PlazaError`: its own if it threw one, else
   * `unavailable` (the host's backend may just be unreachable for a moment) with the
   * original error as `cause`.
   */
  async get(): Promise<string> {
    if (typeof this.#token === 'string') return this.#token;
    let token: unknown;
    try {
      token = await this.#token();
    } catch (error) {
      if (error instanceof PlazaError) throw error;
      throw new PlazaError('unavailable', `the token provider failed: ${describe(error)}`, { cause: error });
    }
    if (typeof token !== 'string' || token === '') {
      throw new PlazaError('unauthorized', 'the token provider returned no token');
    }
    return token;
  }
}

/**
 * How long to wait before refreshing a token with these times: about a minute before
 * `exp`, or after 80 % of the lifetime for short tokens, but at least
 * {@link MIN_REFRESH_LEAD_MS} before `exp`. Zero when that moment has passed.
 *
 * The client's clock decides, so a clock that is far off refreshes early or late; the
 * server's `session:expiring` push covers the late case.
 */
export function refreshDelayMs(times: JwtTimes, nowMs: number): number {
  const expMs = times.exp * 1000;
  const remaining = expMs - nowMs;
  const lifetime = times.iat !== null && times.iat < times.exp ? expMs - times.iat * 1000 : remaining;
  const lead = Math.max(MIN_REFRESH_LEAD_MS, Math.min(REFRESH_LEAD_MS, lifetime * (1 - SHORT_TOKEN_REFRESH_AT)));
  return Math.min(MAX_TIMER_MS, Math.max(0, remaining - lead));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
