import { describe, expect, it, vi } from 'vitest';
import { StateStore } from './state-store.js';

describe('StateStore', () => {
  it('get returns the initial value and set replaces it', () => {
    const store = new StateStore(1);
    expect(store.get()).toBe(1);
    store.set(2);
    expect(store.get()).toBe(2);
  });

  it('subscribe is not called with the current value, only on changes, with next and previous', () => {
    const store = new StateStore('a');
    const listener = vi.fn();
    store.subscribe(listener);
    expect(listener).not.toHaveBeenCalled();
    store.set('b');
    expect(listener).toHaveBeenCalledExactlyOnceWith('b', 'a');
  });

  it('setting the same value notifies nobody', () => {
    const value = { n: 1 };
    const store = new StateStore(value);
    const listener = vi.fn();
    store.subscribe(listener);
    store.set(value);
    expect(listener).not.toHaveBeenCalled();
  });

  it('an unsubscribed listener is not called again, and unsubscribing twice is harmless', () => {
    const store = new StateStore(0);
    const listener = vi.fn();
    const off = store.subscribe(listener);
    store.set(1);
    off();
    off();
    store.set(2);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.subscriberCount).toBe(0);
  });

  it('patch merges fields into a new object and keeps the others', () => {
    const initial = { a: 1, b: 'x' };
    const store = new StateStore(initial);
    store.patch({ a: 2 });
    expect(store.get()).toEqual({ a: 2, b: 'x' });
    expect(store.get()).not.toBe(initial);
    expect(initial).toEqual({ a: 1, b: 'x' });
  });

  it('a patch that changes nothing notifies nobody', () => {
    const store = new StateStore({ a: 1, b: 'x' });
    const listener = vi.fn();
    store.subscribe(listener);
    store.patch({ a: 1 });
    store.patch({});
    expect(listener).not.toHaveBeenCalled();
  });

  it('a selector subscription fires only when the selected value changes', () => {
    const store = new StateStore({ count: 0, label: 'a' });
    const listener = vi.fn();
    store.subscribeWithSelector((s) => s.count, listener);
    store.patch({ label: 'b' });
    expect(listener).not.toHaveBeenCalled();
    store.patch({ count: 1 });
    expect(listener).toHaveBeenCalledExactlyOnceWith(1, 0);
  });

  it('a selector returning a fresh array fires only when an element changes', () => {
    const store = new StateStore({ a: 1, b: 2, c: 3 });
    const listener = vi.fn();
    store.subscribeWithSelector((s) => [s.a, s.b], listener);
    store.patch({ c: 4 });
    expect(listener).not.toHaveBeenCalled();
    store.patch({ b: 5 });
    expect(listener).toHaveBeenCalledExactlyOnceWith([1, 5], [1, 2]);
  });

  it('a selector returning a fresh object fires only when a field changes', () => {
    const store = new StateStore({ a: 1, b: 2, c: 3 });
    const listener = vi.fn();
    store.subscribeWithSelector((s) => ({ a: s.a }), listener);
    store.patch({ b: 9 });
    expect(listener).not.toHaveBeenCalled();
    store.patch({ a: 7 });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ a: 7 }, { a: 1 });
  });

  it('a listener that sets the value again leaves the others with the newest value only', () => {
    const store = new StateStore(0);
    const seen: number[] = [];
    store.subscribe((n) => {
      if (n === 1) store.set(2);
    });
    store.subscribe((n) => seen.push(n));
    store.set(1);
    expect(seen).toEqual([2]);
    expect(store.get()).toBe(2);
  });

  it('a throwing listener does not keep the others from being called', async () => {
    const store = new StateStore(0);
    const failure = new Error('listener failed');
    const reported = new Promise<unknown>((resolve) => {
      const original = globalThis.queueMicrotask;
      vi.spyOn(globalThis, 'queueMicrotask').mockImplementationOnce((task) =>
        original(() => {
          try {
            task();
          } catch (error) {
            resolve(error);
          }
        }),
      );
    });
    const second = vi.fn();
    store.subscribe(() => {
      throw failure;
    });
    store.subscribe(second);
    store.set(1);
    expect(second).toHaveBeenCalledWith(1, 0);
    await expect(reported).resolves.toBe(failure);
    vi.restoreAllMocks();
  });
});
