import { describe, expect, it } from 'vitest';
import { decodeJwtTimes } from './jwt.js';
import { MIN_REFRESH_LEAD_MS, REFRESH_LEAD_MS, refreshDelayMs } from './token-source.js';

function jwt(payload: unknown): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}.signature`;
}

describe('decodeJwtTimes', () => {
  it('reads exp and iat from the payload', () => {
    expect(decodeJwtTimes(jwt({ sub: 'u1', iat: 1_700_000_000, exp: 1_700_003_600 }))).toEqual({
      exp: 1_700_003_600,
      iat: 1_700_000_000,
    });
  });

  it('decodes base64url payloads with - and _ and UTF-8 text', () => {
    // '~~~' and '???' make '+' and '/' in plain base64, i.e. '-' and '_' in base64url.
    const token = jwt({ name: '张三 ~~~???', exp: 2_000_000_000 });
    expect(token.split('.')[1]).toMatch(/[-_]/);
    expect(decodeJwtTimes(token)).toEqual({ exp: 2_000_000_000, iat: null });
  });

  it('returns null for a token without a numeric exp', () => {
    expect(decodeJwtTimes(jwt({ sub: 'u1' }))).toBeNull();
    expect(decodeJwtTimes(jwt({ exp: '2000000000' }))).toBeNull();
  });

  it('returns null for something that is not a JWT', () => {
    expect(decodeJwtTimes('opaque-token')).toBeNull();
    expect(decodeJwtTimes('a.%%%.c')).toBeNull();
    expect(decodeJwtTimes(`a.${Buffer.from('not json').toString('base64url')}.c`)).toBeNull();
    expect(decodeJwtTimes(`a.${Buffer.from('null').toString('base64url')}.c`)).toBeNull();
  });
});

describe('refreshDelayMs', () => {
  const now = 1_700_000_000_000;
  const nowSeconds = now / 1000;

  it('refreshes a long-lived token a minute before it expires', () => {
    const delay = refreshDelayMs({ iat: nowSeconds, exp: nowSeconds + 3600 }, now);
    expect(delay).toBe(3600_000 - REFRESH_LEAD_MS);
  });

  it('refreshes a short token after 80 % of its lifetime', () => {
    expect(refreshDelayMs({ iat: nowSeconds, exp: nowSeconds + 100 }, now)).toBe(80_000);
  });

  it('never refreshes closer to expiry than the minimum lead', () => {
    expect(refreshDelayMs({ iat: nowSeconds, exp: nowSeconds + 2 }, now)).toBe(2000 - MIN_REFRESH_LEAD_MS);
  });

  it('counts from now, not from iat, for a token that is already half used', () => {
    const delay = refreshDelayMs({ iat: nowSeconds - 1800, exp: nowSeconds + 1800 }, now);
    expect(delay).toBe(1800_000 - REFRESH_LEAD_MS);
  });

  it('is zero once the refresh moment has passed', () => {
    expect(refreshDelayMs({ iat: nowSeconds - 3600, exp: nowSeconds }, now)).toBe(0);
    expect(refreshDelayMs({ iat: null, exp: nowSeconds - 10 }, now)).toBe(0);
  });

  it('uses the remaining time as the lifetime when iat is unknown', () => {
    expect(refreshDelayMs({ iat: null, exp: nowSeconds + 10 }, now)).toBe(8_000);
  });
});
