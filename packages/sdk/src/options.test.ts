import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, resolveOptions } from './options.js';

describe('resolveOptions', () => {
  it('fills in the documented defaults', () => {
    const resolved = resolveOptions({ url: 'http://x', token: 't' });
    expect(resolved).toMatchObject({
      requestTimeoutMs: 10_000,
      connectTimeoutMs: 20_000,
      reconnection: { enabled: true, delayMs: 500, maxDelayMs: 10_000, randomizationFactor: 0.5 },
      transports: ['websocket'],
    });
    expect(resolved.reconnection).not.toBe(DEFAULT_OPTIONS.reconnection);
  });

  it('merges partial reconnection settings and accepts false to turn reconnecting off', () => {
    expect(resolveOptions({ url: 'http://x', token: 't', reconnection: { delayMs: 100 } }).reconnection).toEqual({
      enabled: true,
      delayMs: 100,
      maxDelayMs: 10_000,
      randomizationFactor: 0.5,
    });
    expect(resolveOptions({ url: 'http://x', token: 't', reconnection: false }).reconnection.enabled).toBe(false);
  });

  it('refuses a missing url or token with bad_request naming the option', () => {
    expect(() => resolveOptions({ url: '', token: 't' })).toThrow(/url/);
    expect(() => resolveOptions({ url: 'http://x', token: '' })).toThrow(/token/);
    expect(() => resolveOptions({ url: 'http://x', token: '' })).toThrow(expect.objectContaining({ code: 'bad_request' }) as unknown);
  });

  it('refuses nonsensical timings', () => {
    expect(() => resolveOptions({ url: 'http://x', token: 't', requestTimeoutMs: 0 })).toThrow(/requestTimeoutMs/);
    expect(() => resolveOptions({ url: 'http://x', token: 't', reconnection: { randomizationFactor: 2 } })).toThrow(
      /randomizationFactor/,
    );
    expect(() => resolveOptions({ url: 'http://x', token: 't', transports: [] })).toThrow(/transports/);
  });
});
