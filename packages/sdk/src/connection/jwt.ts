/** The times a JWT states, in seconds since the epoch. */
export interface JwtTimes {
  exp: number;
  /** `null` when the token has no usable `iat`. */
  iat: number | null;
}

/**
 * Reads `exp` (and `iat`) from a JWT's payload without verifying it. The SDK only needs
 * to know when to ask for the next token; the server does the verifying.
 *
 * Returns `null` for anything that is not a JWT with a numeric `exp` (an opaque token is
 * allowed: it is simply never refreshed ahead of time).
 *
 * @example
 * const times = decodeJwtTimes(token);
 * if (times) console.log(new Date(times.exp * 1000));
 */
export function decodeJwtTimes(token: string): JwtTimes | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(decodeBase64Url(parts[1]));
  } catch {
    return null;
  }
  if (payload === null || typeof payload !== 'object') return null;
  const { exp, iat } = payload as { exp?: unknown; iat?: unknown };
  if (!isFiniteNumber(exp)) return null;
  return { exp, iat: isFiniteNumber(iat) ? iat : null };
}

/** base64url to text; `atob` and `TextDecoder` exist in browsers and in Node ≥ 16. */
function decodeBase64Url(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  // `fatal` so bytes that are not UTF-8 fail here rather than parse as something else.
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
