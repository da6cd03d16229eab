import { PlazaError } from '@plaza/protocol';
import { describe, expect, it } from 'vitest';
import { TokenSource } from './token-source.js';

describe('TokenSource', () => {
  it('a string token is returned as is and is not renewable', async () => {
    const source = new TokenSource('abc');
    expect(source.renewable).toBe(false);
    await expect(source.get()).resolves.toBe('abc');
  });

  it('a provider is asked on every get and is renewable', async () => {
    let n = 0;
    const source = new TokenSource(() => Promise.resolve(`t${++n}`));
    expect(source.renewable).toBe(true);
    await expect(source.get()).resolves.toBe('t1');
    await expect(source.get()).resolves.toBe('t2');
  });

  it("a provider's PlazaError passes through unchanged", async () => {
    const refused = new PlazaError('forbidden', 'no');
    const source = new TokenSource(() => Promise.reject(refused));
    await expect(source.get()).rejects.toBe(refused);
  });

  it('any other provider failure becomes unavailable with the original as cause', async () => {
    const failure = new TypeError('fetch failed');
    const source = new TokenSource(() => Promise.reject(failure));
    const error = await source.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlazaError);
    expect((error as PlazaError).code).toBe('unavailable');
    expect((error as PlazaError).cause).toBe(failure);
  });

  it('a provider that returns no token is unauthorized', async () => {
    const source = new TokenSource(() => Promise.resolve(''));
    await expect(source.get()).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
