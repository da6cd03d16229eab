import { PlazaError } from '@plaza/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REFRESH_RETRY_MS, TokenRefresher } from './token-refresher.js';
import type { TokenRefresherHooks } from './token-refresher.js';
import { TokenSource } from './token-source.js';

const START = Date.UTC(2026, 10, 22, 8, 0, 0);

/** An unsigned JWT-shaped token; the refresher only reads its times. */
function token(iatMs: number, lifetimeSeconds: number): string {
  const iat = Math.floor(iatMs / 1000);
  const payload = Buffer.from(JSON.stringify({ sub: 'u1', iat, exp: iat + lifetimeSeconds })).toString('base64url');
  return `header.${payload}.sig`;
}

function setup(provider: () => Promise<string>, send?: TokenRefresherHooks['send']) {
  const hooks = {
    send: vi.fn<TokenRefresherHooks['send']>(send ?? (() => Promise.resolve({ expiresAt: new Date(Date.now() + 60_000).toISOString() }))),
    refreshed: vi.fn<TokenRefresherHooks['refreshed']>(),
    failed: vi.fn<TokenRefresherHooks['failed']>(),
  };
  const refresher = new TokenRefresher(new TokenSource(provider), hooks);
  return { refresher, hooks };
}

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('TokenRefresher', () => {
  it('asks the provider and sends the new token shortly before the current one expires', async () => {
    const provider = vi.fn(() => Promise.resolve(token(Date.now(), 3600)));
    const { refresher, hooks } = setup(provider);
    refresher.start(token(START, 3600), new Date(START + 3600_000).toISOString());

    await vi.advanceTimersByTimeAsync(3600_000 - 61_000);
    expect(provider).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(provider).toHaveBeenCalledTimes(1);
    const fresh = await provider.mock.results[0]?.value;
    expect(hooks.send).toHaveBeenCalledExactlyOnceWith(fresh);
    expect(hooks.refreshed).toHaveBeenCalledExactlyOnceWith(fresh, expect.any(String));
    refresher.stop();
  });

  it('keeps refreshing each new token in turn', async () => {
    const provider = vi.fn(() => Promise.resolve(token(Date.now(), 10)));
    const { refresher, hooks } = setup(provider);
    refresher.start(token(START, 10), new Date(START + 10_000).toISOString());
    await vi.advanceTimersByTimeAsync(25_000);
    expect(hooks.send.mock.calls.length).toBeGreaterThanOrEqual(3);
    refresher.stop();
  });

  it('does not send a token that expires no later than the current one', async () => {
    const current = token(START, 10);
    const provider = vi.fn(() => Promise.resolve(current));
    const { refresher, hooks } = setup(provider);
    refresher.start(current, new Date(START + 10_000).toISOString());
    await vi.advanceTimersByTimeAsync(9_000);
    expect(provider).toHaveBeenCalled();
    expect(hooks.send).not.toHaveBeenCalled();
    refresher.stop();
  });

  it('reports a refresh the server refuses and stops refreshing', async () => {
    const provider = vi.fn(() => Promise.resolve(token(Date.now(), 10)));
    const refused = new PlazaError('unauthorized', 'token refused');
    const { refresher, hooks } = setup(provider, () => Promise.reject(refused));
    refresher.start(token(START, 10), new Date(START + 10_000).toISOString());
    await vi.advanceTimersByTimeAsync(30_000);
    expect(hooks.failed).toHaveBeenCalledExactlyOnceWith(refused);
    expect(provider).toHaveBeenCalledTimes(1);
  });

  it('retries a refresh that failed for a passing reason', async () => {
    const provider = vi.fn(() => Promise.resolve(token(Date.now(), 3600)));
    const send = vi
      .fn<TokenRefresherHooks['send']>()
      .mockRejectedValueOnce(new PlazaError('unavailable', 'request timed out'))
      .mockResolvedValue({ expiresAt: new Date(START + 7200_000).toISOString() });
    const { refresher, hooks } = setup(provider, send);
    refresher.start(token(START, 3600), new Date(START + 3600_000).toISOString());
    await vi.advanceTimersByTimeAsync(3600_000 - 60_000);
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(REFRESH_RETRY_MS);
    expect(send).toHaveBeenCalledTimes(2);
    expect(hooks.refreshed).toHaveBeenCalledTimes(1);
    expect(hooks.failed).not.toHaveBeenCalled();
    refresher.stop();
  });

  it('refreshNow refreshes at once and joins a refresh already running', async () => {
    const provider = vi.fn(() => Promise.resolve(token(Date.now(), 7200)));
    const { refresher, hooks } = setup(provider);
    refresher.start(token(START, 3600), new Date(START + 3600_000).toISOString());
    await Promise.all([refresher.refreshNow(), refresher.refreshNow()]);
    expect(hooks.send).toHaveBeenCalledTimes(1);
    refresher.stop();
  });

  it('stop leaves no timer behind and drops a refresh in flight', async () => {
    let release: (value: string) => void = () => undefined;
    const provider = vi.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const { refresher, hooks } = setup(provider);
    refresher.start(token(START, 10), new Date(START + 10_000).toISOString());
    await vi.advanceTimersByTimeAsync(9_000);
    expect(provider).toHaveBeenCalledTimes(1);
    refresher.stop();
    release(token(Date.now(), 10));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(hooks.send).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never refreshes a fixed string token', async () => {
    const hooks = { send: vi.fn<TokenRefresherHooks['send']>(), refreshed: vi.fn(), failed: vi.fn() };
    const refresher = new TokenRefresher(new TokenSource(token(START, 10)), hooks);
    refresher.start(token(START, 10), new Date(START + 10_000).toISOString());
    await refresher.refreshNow();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(hooks.send).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
