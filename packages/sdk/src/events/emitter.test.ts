import { describe, expect, it, vi } from 'vitest';
import { Emitter } from './emitter.js';

interface Events {
  status: 'on' | 'off';
  count: number;
}

describe('Emitter', () => {
  it('calls the listeners of an event with its payload, in the order they were added', () => {
    const events = new Emitter<Events>();
    const calls: string[] = [];
    events.on('status', (s) => calls.push(`first ${s}`));
    events.on('status', (s) => calls.push(`second ${s}`));
    events.emit('status', 'on');
    expect(calls).toEqual(['first on', 'second on']);
  });

  it('does not call listeners of other events', () => {
    const events = new Emitter<Events>();
    const listener = vi.fn();
    events.on('count', listener);
    events.emit('status', 'off');
    expect(listener).not.toHaveBeenCalled();
  });

  it('the function on() returns removes that listener only', () => {
    const events = new Emitter<Events>();
    const kept = vi.fn();
    const removed = vi.fn();
    events.on('count', kept);
    const off = events.on('count', removed);
    off();
    events.emit('count', 3);
    expect(kept).toHaveBeenCalledWith(3);
    expect(removed).not.toHaveBeenCalled();
    expect(events.listenerCount('count')).toBe(1);
  });

  it('the same function added twice is two subscriptions', () => {
    const events = new Emitter<Events>();
    const listener = vi.fn();
    const offFirst = events.on('count', listener);
    events.on('count', listener);
    offFirst();
    events.emit('count', 1);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('a listener removed while emitting is not called; one added while emitting waits', () => {
    const events = new Emitter<Events>();
    const late = vi.fn();
    const removed = vi.fn();
    let offRemoved = (): void => undefined;
    events.on('count', () => {
      offRemoved();
      events.on('count', late);
    });
    offRemoved = events.on('count', removed);
    events.emit('count', 1);
    expect(removed).not.toHaveBeenCalled();
    expect(late).not.toHaveBeenCalled();
    events.emit('count', 2);
    expect(late).toHaveBeenCalledWith(2);
  });

  it('a throwing listener does not stop the next one, and the error is rethrown later', async () => {
    const events = new Emitter<Events>();
    const failure = new Error('boom');
    const next = vi.fn();
    const reported = vi.fn();
    const original = globalThis.queueMicrotask;
    const spy = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) =>
      original(() => {
        try {
          task();
        } catch (error) {
          reported(error);
        }
      }),
    );
    events.on('count', () => {
      throw failure;
    });
    events.on('count', next);
    events.emit('count', 1);
    expect(next).toHaveBeenCalledWith(1);
    await Promise.resolve();
    expect(reported).toHaveBeenCalledWith(failure);
    spy.mockRestore();
  });
});
