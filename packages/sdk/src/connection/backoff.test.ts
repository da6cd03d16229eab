import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles from the minimum up to the maximum without jitter', () => {
    const backoff = new Backoff({ minMs: 500, maxMs: 3000, jitter: 0 });
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([
      500, 1000, 2000, 3000, 3000,
    ]);
  });

  it('moves each delay by at most the jitter share, both ways', () => {
    expect(new Backoff({ minMs: 1000, maxMs: 10_000, jitter: 0.5 }, () => 0).next()).toBe(500);
    expect(new Backoff({ minMs: 1000, maxMs: 10_000, jitter: 0.5 }, () => 0.999_999).next()).toBe(1500);
  });

  it('never exceeds the maximum, even with jitter', () => {
    const backoff = new Backoff({ minMs: 8000, maxMs: 10_000, jitter: 0.5 }, () => 0.999_999);
    expect(backoff.next()).toBe(10_000);
  });

  it('starts again from the minimum after reset', () => {
    const backoff = new Backoff({ minMs: 100, maxMs: 10_000, jitter: 0 });
    backoff.next();
    backoff.next();
    expect(backoff.attempts).toBe(2);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });
});
